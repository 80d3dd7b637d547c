// PutMessageFeedback, the resource policies and CarrierLookup through the SDK. Runs on the store
// under test (SQLite, or PostgreSQL with TEST_STORE=postgres).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CarrierLookupCommand,
  CreateConfigurationSetCommand,
  CreateOptOutListCommand,
  CreatePoolCommand,
  DeleteOptOutListCommand,
  DeleteResourcePolicyCommand,
  DescribeOptOutListsCommand,
  GetResourcePolicyCommand,
  ListTagsForResourceCommand,
  PutMessageFeedbackCommand,
  PutResourcePolicyCommand,
  RequestPhoneNumberCommand,
  RequestSenderIdCommand,
  ResourceNotFoundException,
  SendTextMessageCommand,
  SendVoiceMessageCommand,
  SetDefaultMessageFeedbackEnabledCommand,
  TagResourceCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, assertServiceError, rejectionOf, type WireJson } from '../support/client.js';
import { HANDSET } from '../support/handset.js';

let server: ServerProcess;
before(async () => {
  server = await startServer({ EVENT_STEP_DELAY_MS: '5' });
});
after(async () => {
  await server.stop();
});
let regions = 0;
const fresh = (): { client: PinpointSMSVoiceV2Client; region: string } => {
  const region = `rest-region-${++regions}`;
  return { client: clientFor(server.url, { region }), region };
};

async function localMessage(region: string, messageId: string): Promise<WireJson> {
  const res = await fetch(`${server.url}/_local/messages?region=${region}&messageId=${messageId}`);
  const { messages } = (await res.json()) as { messages: WireJson[] };
  assert.equal(messages.length, 1);
  return messages[0];
}

describe('PutMessageFeedback', () => {
  test('RECEIVED then FAILED on a message sent with feedback, shown in /_local/messages', async () => {
    const { client, region } = fresh();
    const { PhoneNumber } = await client.send(
      new RequestPhoneNumberCommand({
        IsoCountryCode: 'US',
        MessageType: 'TRANSACTIONAL',
        NumberCapabilities: ['SMS', 'VOICE'],
        NumberType: 'SIMULATOR',
      }),
    );
    const text = (extra: { MessageFeedbackEnabled?: boolean; ConfigurationSetName?: string } = {}) =>
      new SendTextMessageCommand({ OriginationIdentity: PhoneNumber, DestinationPhoneNumber: HANDSET, MessageBody: 'Your code is 1234', ...extra });
    const { MessageId } = await client.send(text({ MessageFeedbackEnabled: true }));
    const sent = await localMessage(region, MessageId!);
    assert.equal(sent.messageFeedbackEnabled, true);
    assert.equal(sent.messageFeedbackStatus, 'PENDING');

    const received = await client.send(new PutMessageFeedbackCommand({ MessageId, MessageFeedbackStatus: 'RECEIVED' }));
    assert.deepEqual(
      { MessageId: received.MessageId, MessageFeedbackStatus: received.MessageFeedbackStatus },
      { MessageId, MessageFeedbackStatus: 'RECEIVED' },
    );
    const after = await localMessage(region, MessageId!);
    assert.equal(after.messageFeedbackStatus, 'RECEIVED');
    assert.ok(Math.abs(after.messageFeedbackTimestamp - Date.now()) < 60_000);
    await client.send(new PutMessageFeedbackCommand({ MessageId, MessageFeedbackStatus: 'FAILED' }));
    assert.equal((await localMessage(region, MessageId!)).messageFeedbackStatus, 'FAILED');

    // Without feedback: not a message feedback can be given for.
    const plain = await client.send(text());
    assert.equal((await localMessage(region, plain.MessageId!)).messageFeedbackStatus, undefined);
    const notEnabled = await rejectionOf(() => client.send(new PutMessageFeedbackCommand({ MessageId: plain.MessageId, MessageFeedbackStatus: 'RECEIVED' })));
    assertServiceError(notEnabled, ResourceNotFoundException);
    assert.equal(notEnabled.ResourceType, 'message');
    assert.equal(notEnabled.ResourceId, plain.MessageId);
    assert.equal((await localMessage(region, plain.MessageId!)).messageFeedbackStatus, undefined, 'a refused feedback changes nothing');
    const unknown = await rejectionOf(() => client.send(new PutMessageFeedbackCommand({ MessageId: 'no-such-message', MessageFeedbackStatus: 'RECEIVED' })));
    assertServiceError(unknown, ResourceNotFoundException);
    // Another region's message is not found either.
    const elsewhere = await rejectionOf(() => fresh().client.send(new PutMessageFeedbackCommand({ MessageId, MessageFeedbackStatus: 'RECEIVED' })));
    assertServiceError(elsewhere, ResourceNotFoundException);

    // The configuration set's default, and a send that switches it off.
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'feedback' }));
    await client.send(new SetDefaultMessageFeedbackEnabledCommand({ ConfigurationSetName: 'feedback', MessageFeedbackEnabled: true }));
    const byDefault = await client.send(text({ ConfigurationSetName: 'feedback' }));
    assert.equal((await localMessage(region, byDefault.MessageId!)).messageFeedbackStatus, 'PENDING');
    const switchedOff = await client.send(text({ ConfigurationSetName: 'feedback', MessageFeedbackEnabled: false }));
    assert.equal((await localMessage(region, switchedOff.MessageId!)).messageFeedbackEnabled, undefined);
    // Calls take feedback too.
    const call = await client.send(
      new SendVoiceMessageCommand({ OriginationIdentity: PhoneNumber, DestinationPhoneNumber: HANDSET, MessageBody: 'Hi', MessageFeedbackEnabled: true }),
    );
    await client.send(new PutMessageFeedbackCommand({ MessageId: call.MessageId, MessageFeedbackStatus: 'RECEIVED' }));
    assert.equal((await localMessage(region, call.MessageId!)).messageFeedbackStatus, 'RECEIVED');
  });
});

describe('resource policies', () => {
  const POLICY = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sms-voice:SendTextMessage', Resource: '*' }],
  });

  test('every shareable type: no policy is "{}", put, get, delete, then "{}" again', async () => {
    const { client } = fresh();
    const number = await client.send(
      new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR' }),
    );
    const senderId = await client.send(new RequestSenderIdCommand({ SenderId: 'ACME', IsoCountryCode: 'GB' }));
    const pool = await client.send(new CreatePoolCommand({ OriginationIdentity: number.PhoneNumberId, MessageType: 'TRANSACTIONAL' }));
    const list = await client.send(new CreateOptOutListCommand({ OptOutListName: 'shared' }));
    for (const arn of [number.PhoneNumberArn!, senderId.SenderIdArn!, pool.PoolArn!, list.OptOutListArn!]) {
      const none = await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }));
      assert.equal(none.ResourceArn, arn);
      assert.equal(none.Policy, '{}');
      assert.equal(none.CreatedTimestamp, undefined);
      const put = await client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: POLICY }));
      assert.equal(put.ResourceArn, arn);
      assert.equal(put.Policy, POLICY);
      assert.ok(Math.abs(put.CreatedTimestamp!.getTime() - Date.now()) < 60_000);
      const got = await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }));
      assert.deepEqual([got.Policy, got.CreatedTimestamp], [POLICY, put.CreatedTimestamp]);
      const deleted = await client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn }));
      assert.equal(deleted.Policy, POLICY);
      assert.equal((await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy, '{}');
      const again = await rejectionOf(() => client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn })));
      assertServiceError(again, ResourceNotFoundException);
      assert.equal(again.ResourceType, 'policy');
    }
  });

  test('refusals change nothing: not shareable, unknown, another account, not JSON; a deleted resource takes its policy along', async () => {
    const { client, region } = fresh();
    const list = await client.send(new CreateOptOutListCommand({ OptOutListName: 'to-delete' }));
    const arn = list.OptOutListArn!;
    await client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: POLICY }));

    const badJson = await rejectionOf(() => client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: '{"Version":' })));
    assertServiceError(badJson, ValidationException, 'INVALID_PARAMETER');
    assertServiceError(await rejectionOf(() => client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: '[1]' }))), ValidationException);
    assert.equal((await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy, POLICY);

    const set = await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'not-shareable' }));
    assertServiceError(
      await rejectionOf(() => client.send(new PutResourcePolicyCommand({ ResourceArn: set.ConfigurationSetArn, Policy: POLICY }))),
      ValidationException,
      'INVALID_ARN',
    );
    const unknownArn = `arn:aws:sms-voice:${region}:123456789012:pool/pool-00000000000000000000000000000000`;
    const unknown = await rejectionOf(() => client.send(new GetResourcePolicyCommand({ ResourceArn: unknownArn })));
    assertServiceError(unknown, ResourceNotFoundException);
    assert.equal(unknown.ResourceType, 'pool');
    const otherAccount = arn.replace(':123456789012:', ':999999999999:');
    assertServiceError(await rejectionOf(() => client.send(new GetResourcePolicyCommand({ ResourceArn: otherAccount }))), ResourceNotFoundException);

    await client.send(new DeleteOptOutListCommand({ OptOutListName: 'to-delete' }));
    assertServiceError(await rejectionOf(() => client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))), ResourceNotFoundException);
    await client.send(new CreateOptOutListCommand({ OptOutListName: 'to-delete' }));
    assert.equal((await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy, '{}');
  });
});

describe('resource policies and tags on the Default opt-out list', () => {
  test('the Default list is found by ARN in a region where nothing listed it yet', async () => {
    const { client, region } = fresh();
    const arn = `arn:aws:sms-voice:${region}:123456789012:opt-out-list/Default`;
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    assert.equal((await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy, '{}');
    assert.equal((await client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy }))).Policy, policy);
    assert.equal((await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy, policy);
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'a' }] }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'team', Value: 'a' }]);
    // Listing it later keeps what was set on it.
    const lists = (await client.send(new DescribeOptOutListsCommand({}))).OptOutLists!;
    assert.deepEqual(
      lists.map((l) => l.OptOutListArn),
      [arn],
    );
    assert.equal((await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy, policy);
  });
});

describe('resource policies on ARNs that cannot name a resource here', () => {
  test('another service or another partition is ValidationException INVALID_ARN', async () => {
    const { client, region } = fresh();
    const number = await client.send(
      new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR' }),
    );
    for (const arn of [`arn:aws:sns:${region}:123456789012:phone-number/${number.PhoneNumberId}`, number.PhoneNumberArn!.replace('arn:aws:', 'arn:aws-cn:')]) {
      assertServiceError(await rejectionOf(() => client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))), ValidationException, 'INVALID_ARN');
    }
  });
});

describe('CarrierLookup', () => {
  // [input, E164PhoneNumber, PhoneNumberType, IsoCountryCode, Country, DialingCountryCode]
  const table: [string, string, string, string | undefined, string | undefined, string | undefined][] = [
    ['+14254147755', '+14254147755', 'MOBILE', 'US', 'United States', '1'],
    ['+1 (206) 555-0100', '+12065550100', 'MOBILE', 'US', 'United States', '1'],
    ['+1.800.555.0100', '+18005550100', 'OTHER', 'US', 'United States', '1'],
    ['+44 7860 019066', '+447860019066', 'MOBILE', 'GB', 'United Kingdom', '44'],
    ['+44 20 7946 0000', '+442079460000', 'LANDLINE', 'GB', 'United Kingdom', '44'],
    ['+33 6 12 34 56 78', '+33612345678', 'MOBILE', 'FR', 'France', '33'],
    ['+33 1 23 45 67 89', '+33123456789', 'LANDLINE', 'FR', 'France', '33'],
    ['+49 151 23456789', '+4915123456789', 'MOBILE', 'DE', 'Germany', '49'],
    ['+49 30 1234567', '+49301234567', 'LANDLINE', 'DE', 'Germany', '49'],
    ['+81 90-1234-5678', '+819012345678', 'MOBILE', 'JP', 'Japan', '81'],
    ['+61 412 345 678', '+61412345678', 'MOBILE', 'AU', 'Australia', '61'],
    ['+91 98765 43210', '+919876543210', 'MOBILE', 'IN', 'India', '91'],
    ['+55 11 98765-4321', '+5511987654321', 'MOBILE', 'BR', 'Brazil', '55'],
    ['+800 1234 5678', '+80012345678', 'OTHER', undefined, undefined, '800'],
    ['+1 234', '+1234', 'INVALID', undefined, undefined, '1'],
    // Too short to parse at all: still the dialing code, which is assigned.
    ['+12', '+12', 'INVALID', undefined, undefined, '1'],
    ['+44 1', '+441', 'INVALID', undefined, undefined, '44'],
    ['+999 123 456', '+999123456', 'INVALID', undefined, undefined, undefined],
  ];
  for (const [input, e164, type, iso, country, dialing] of table) {
    test(`${input}: ${type}`, async () => {
      const answer = await clientFor(server.url).send(new CarrierLookupCommand({ PhoneNumber: input }));
      const { $metadata: _m, ...result } = answer;
      assert.deepEqual(result, {
        E164PhoneNumber: e164,
        PhoneNumberType: type,
        ...(dialing && { DialingCountryCode: dialing }),
        ...(iso && { IsoCountryCode: iso, Country: country }),
      });
    });
  }

  test('input that cannot be a number is ValidationException', async () => {
    for (const input of ['+1234567890123456', '14254147755', '+1 425 CALL NOW', '+0123456']) {
      const error = await rejectionOf(() => clientFor(server.url).send(new CarrierLookupCommand({ PhoneNumber: input })));
      assertServiceError(error, ValidationException);
    }
  });
});
