// Every send goes out from an origination identity of the account, as on AWS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateConfigurationSetCommand,
  CreatePoolCommand,
  ReleasePhoneNumberCommand,
  RequestPhoneNumberCommand,
  RequestSenderIdCommand,
  ResourceNotFoundException,
  SendMediaMessageCommand,
  SendTextMessageCommand,
  SendVoiceMessageCommand,
  SetDefaultSenderIdCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
  type RequestPhoneNumberCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';
import { settledEventsOf } from '../support/events.js';

let server: ServerProcess;
const account = 100000000000;

before(async () => {
  server = await startServer({ EVENT_STEP_DELAY_MS: '5', ACCOUNTS: Array.from({ length: 40 }, (_, i) => `AKID${i}=${account + i}`).join(',') });
});
after(async () => {
  await server.stop();
});

/** A client for an account of its own, so each test starts with no identities. */
let next = 0;
const accountOf = new WeakMap<PinpointSMSVoiceV2Client, string>();
function freshClient(): PinpointSMSVoiceV2Client {
  const client = clientFor(server.url, { accessKeyId: `AKID${next}` });
  accountOf.set(client, String(account + next++));
  return client;
}

async function requestNumber(client: PinpointSMSVoiceV2Client, input: Partial<RequestPhoneNumberCommandInput> = {}) {
  return client.send(
    new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR', ...input }),
  );
}

const text = (client: PinpointSMSVoiceV2Client, to: string, extra: Record<string, unknown> = {}) =>
  client.send(new SendTextMessageCommand({ DestinationPhoneNumber: to, MessageBody: 'Your code is 123456', ...extra }));

async function messagesOf(client: PinpointSMSVoiceV2Client): Promise<unknown[]> {
  const body = (await (await fetch(`${server.url}/_local/messages?account=${accountOf.get(client)}`)).json()) as { messages: unknown[] };
  return body.messages;
}

describe('sending through an origination identity', () => {
  test('an account with no identity is told which command requests one, and nothing is recorded', async () => {
    const client = freshClient();
    const error = await rejectionOf(() => text(client, '+14254147755'));
    assert.ok(error instanceof ConflictException);
    assert.equal(error.Reason, 'NO_ORIGINATION_IDENTITIES_FOUND');
    assert.match(error.message, /aws pinpoint-sms-voice-v2 request-phone-number --iso-country-code US/);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.deepEqual(await messagesOf(client), []);
  });

  test('with none named, a fitting number of the account is used, and the events carry it', async () => {
    const client = freshClient();
    const number = await requestNumber(client);
    const { MessageId } = await text(client, '+14254147755');
    const [message] = (await messagesOf(client)) as { messageId: string }[];
    assert.equal(message.messageId, MessageId);
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'o' }));
    const withSet = await text(client, '+14254147755', { ConfigurationSetName: 'o' });
    const events = await settledEventsOf(server.url, withSet.MessageId!, 3);
    assert.ok(events.every((e) => e.record.originationPhoneNumber === number.PhoneNumber));
  });

  test('a number named by E.164, id or ARN sends; an unknown one is ResourceNotFoundException of its type', async () => {
    const client = freshClient();
    const number = await requestNumber(client);
    for (const identity of [number.PhoneNumber!, number.PhoneNumberId!, number.PhoneNumberArn!]) {
      assert.ok((await text(client, '+14254147755', { OriginationIdentity: identity })).MessageId);
    }
    const cases: [string, string][] = [
      ['+12065550177', 'phone-number'],
      ['phone-0123456789abcdef0123456789abcdef', 'phone-number'],
      [number.PhoneNumberArn!.replace(number.PhoneNumberId!, 'phone-0123456789abcdef0123456789abcdef'), 'phone-number'],
      ['pool-0123456789abcdef0123456789abcdef', 'pool'],
      ['NOSUCHID', 'sender-id'],
      // ARNs of another region or account name nothing here, and still say what they name.
      [number.PhoneNumberArn!.replace(':us-east-1:', ':eu-west-1:'), 'phone-number'],
      [number.PhoneNumberArn!.replace(/:\d{12}:/, ':999999999999:'), 'phone-number'],
      ['arn:aws:sms-voice:eu-west-1:123456789012:sender-id/ACME/GB', 'sender-id'],
      ['arn:aws:sms-voice:us-east-1:999999999999:pool/pool-0123456789abcdef0123456789abcdef', 'pool'],
    ];
    for (const [identity, type] of cases) {
      const error = await rejectionOf(() => text(client, '+14254147755', { OriginationIdentity: identity }));
      assert.ok(error instanceof ResourceNotFoundException, identity);
      assert.equal(error.ResourceType, type, identity);
      assert.equal(error.ResourceId, identity);
    }
    assert.equal((await messagesOf(client)).length, 3);
  });

  test('a simulator number reaches only simulator destinations of its country', async () => {
    const client = freshClient();
    const number = await requestNumber(client);
    const real = await rejectionOf(() => text(client, '+12065550199', { OriginationIdentity: number.PhoneNumberId }));
    assert.ok(real instanceof ValidationException);
    assert.equal(real.Reason, 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY');
    const abroad = await rejectionOf(() => text(client, '+447860019066', { OriginationIdentity: number.PhoneNumberId }));
    assert.equal(abroad.Reason, 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY');
    // With no identity named, nothing in the account fits a GB destination.
    const none = await rejectionOf(() => text(client, '+447860019066'));
    assert.equal(none.Reason, 'NO_ORIGINATION_IDENTITIES_FOUND');
    assert.match(none.message, /--iso-country-code GB/);
    assert.deepEqual(await messagesOf(client), []);
  });

  test('the channel needs its capability: voice from an SMS-only number, media without MMS', async () => {
    const client = freshClient();
    const number = await requestNumber(client, { NumberCapabilities: ['SMS'] });
    const voice = await rejectionOf(() =>
      client.send(new SendVoiceMessageCommand({ DestinationPhoneNumber: '+14254147755', MessageBody: 'hi', OriginationIdentity: number.PhoneNumberId })),
    );
    assert.ok(voice instanceof ValidationException);
    assert.equal(voice.Reason, 'VOICE_CAPABILITY_NOT_AVAILABLE');
    const media = await rejectionOf(() =>
      client.send(
        new SendMediaMessageCommand({ DestinationPhoneNumber: '+14254147755', MediaUrls: ['s3://bucket/cat.jpg'], OriginationIdentity: number.PhoneNumberId }),
      ),
    );
    assert.equal(media.Reason, 'CHANNEL_NOT_ENABLED');
    const both = await requestNumber(client, { NumberCapabilities: ['SMS', 'VOICE'] });
    const call = await client.send(
      new SendVoiceMessageCommand({ DestinationPhoneNumber: '+14254147755', MessageBody: 'hi', OriginationIdentity: both.PhoneNumber }),
    );
    const events = await settledEventsOf(server.url, call.MessageId!, 4);
    assert.equal(events[0].record.originationPhoneNumber, both.PhoneNumber);
  });

  test('a message type the number does not carry is ConflictException MESSAGE_TYPE_MISMATCH', async () => {
    const client = freshClient();
    const number = await requestNumber(client);
    const error = await rejectionOf(() => text(client, '+14254147755', { OriginationIdentity: number.PhoneNumberId, MessageType: 'PROMOTIONAL' }));
    assert.ok(error instanceof ConflictException);
    assert.equal(error.Reason, 'MESSAGE_TYPE_MISMATCH');
  });

  test('a released number cannot send', async () => {
    const client = freshClient();
    const number = await requestNumber(client);
    await client.send(new ReleasePhoneNumberCommand({ PhoneNumberId: number.PhoneNumberId }));
    const error = await rejectionOf(() => text(client, '+14254147755', { OriginationIdentity: number.PhoneNumberId }));
    assert.ok(error instanceof ConflictException || error instanceof ResourceNotFoundException, error.name);
    const none = await rejectionOf(() => text(client, '+14254147755'));
    assert.equal(none.Reason, 'NO_ORIGINATION_IDENTITIES_FOUND');
  });

  test('a sender ID texts its own country, never calls, and is the configuration set default where it fits', async () => {
    const client = freshClient();
    await client.send(new RequestSenderIdCommand({ SenderId: 'ACME', IsoCountryCode: 'GB' }));
    const sent = await text(client, '+447860019066', { OriginationIdentity: 'ACME' });
    const events = await settledEventsOf(server.url, sent.MessageId!, 3);
    assert.equal(events[0].record.originationPhoneNumber, 'ACME');
    const voice = await rejectionOf(() =>
      client.send(new SendVoiceMessageCommand({ DestinationPhoneNumber: '+447860019066', MessageBody: 'hi', OriginationIdentity: 'ACME' })),
    );
    assert.ok(voice instanceof ValidationException);
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'gb' }));
    await client.send(new SetDefaultSenderIdCommand({ ConfigurationSetName: 'gb', SenderId: 'ACME' }));
    const viaDefault = await text(client, '+447860019066', { ConfigurationSetName: 'gb' });
    assert.equal((await settledEventsOf(server.url, viaDefault.MessageId!, 3))[0].record.originationPhoneNumber, 'ACME');
    // The default sender ID does not fit a US destination, and the account has no US identity.
    const us = await rejectionOf(() => text(client, '+14254147755', { ConfigurationSetName: 'gb' }));
    assert.equal(us.Reason, 'NO_ORIGINATION_IDENTITIES_FOUND');
  });

  test('a sender ID sends by its value whatever its case, and whatever it looks like (pool-…, phone-…)', async () => {
    const client = freshClient();
    for (const senderId of ['acme', 'MixedCase', 'pool-A', 'phone-1']) {
      await client.send(new RequestSenderIdCommand({ SenderId: senderId, IsoCountryCode: 'GB' }));
      const sent = await text(client, '+447860019066', { OriginationIdentity: senderId });
      assert.equal((await settledEventsOf(server.url, sent.MessageId!, 3))[0].record.originationPhoneNumber, senderId, senderId);
    }
    // A configuration set's default sender ID in lower case is found too.
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'lower' }));
    await client.send(new SetDefaultSenderIdCommand({ ConfigurationSetName: 'lower', SenderId: 'MixedCase' }));
    const viaDefault = await text(client, '+447860019066', { ConfigurationSetName: 'lower' });
    assert.equal((await settledEventsOf(server.url, viaDefault.MessageId!, 3))[0].record.originationPhoneNumber, 'MixedCase');
  });

  test('a pool sends through a member that fits, else NO_ORIGINATION_IDENTITIES_FOUND', async () => {
    const client = freshClient();
    const number = await requestNumber(client);
    const pool = await client.send(new CreatePoolCommand({ OriginationIdentity: number.PhoneNumberId, MessageType: 'TRANSACTIONAL' }));
    for (const identity of [pool.PoolId!, pool.PoolArn!]) {
      const sent = await text(client, '+14254147755', { OriginationIdentity: identity });
      assert.equal((await settledEventsOf(server.url, sent.MessageId!, 3))[0].record.originationPhoneNumber, number.PhoneNumber);
    }
    const error = await rejectionOf(() => text(client, '+447860019066', { OriginationIdentity: pool.PoolId }));
    assert.ok(error instanceof ConflictException);
    assert.equal(error.Reason, 'NO_ORIGINATION_IDENTITIES_FOUND');
  });

  test('a number still PENDING cannot send', async () => {
    const slow = await startServer({ PHONE_NUMBER_ACTIVATION_MS: '600000' });
    const client = clientFor(slow.url);
    try {
      const number = await requestNumber(client);
      assert.equal(number.Status, 'PENDING');
      const error = await rejectionOf(() => text(client, '+14254147755', { OriginationIdentity: number.PhoneNumberId }));
      assert.ok(error instanceof ConflictException);
      assert.equal(error.Reason, 'RESOURCE_NOT_ACTIVE');
    } finally {
      client.destroy();
      await slow.stop();
    }
  });
});
