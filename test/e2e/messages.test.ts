import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  DeleteEventDestinationCommand,
  ResourceNotFoundException,
  SendMediaMessageCommand,
  SendTextMessageCommand,
  SendVoiceMessageCommand,
  UpdateEventDestinationCommand,
  ValidationException,
  type EventType,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { sendingSeed } from '../support/seed.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf, type WireJson } from '../support/client.js';
import { eventually, localEvents, settledEventsOf } from '../support/events.js';

const SNS = (name: string) => ({ TopicArn: `arn:aws:sns:us-east-1:123456789012:${name}` });
let server: ServerProcess;
let client: PinpointSMSVoiceV2Client;
let counter = 0;

before(async () => {
  server = await startServer({ EVENT_STEP_DELAY_MS: '20', SEED_FILE: sendingSeed() });
  client = clientFor(server.url);
});
after(async () => {
  client.destroy();
  await server.stop();
});

/** A fresh set with one destination per entry: name -> matching event types. */
async function setWith(destinations: Record<string, EventType[]>): Promise<string> {
  const set = `msg-set-${++counter}`;
  await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: set }));
  for (const [name, types] of Object.entries(destinations)) {
    await client.send(
      new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: name, MatchingEventTypes: types, SnsDestination: SNS(name) }),
    );
  }
  return set;
}

async function sendText(set: string | undefined, to: string, body = 'Your code is 123456', extra: Record<string, unknown> = {}) {
  const out = await client.send(
    new SendTextMessageCommand({ ConfigurationSetName: set, DestinationPhoneNumber: to, MessageBody: body, OriginationIdentity: '+12065550100', ...extra }),
  );
  assert.match(out.MessageId!, /^[0-9a-f-]{36}$/);
  return out.MessageId!;
}

const sequence = (events: { record: WireJson }[]) => events.map((e) => `${e.record.eventType}${e.record.isFinal ? '!' : ''}`);

describe('sending texts', () => {
  test('a delivered text: QUEUED, SUCCESSFUL, DELIVERED with AWS record fields, captured for its destination', async () => {
    const set = await setWith({ all: ['ALL'] });
    const before = Date.now();
    const id = await sendText(set, '+14254147755', 'Hello from the simulator', { Context: { orderId: '42' }, MessageType: 'TRANSACTIONAL' });
    const events = await settledEventsOf(server.url, id, 3);
    assert.deepEqual(sequence(events), ['TEXT_QUEUED', 'TEXT_SUCCESSFUL', 'TEXT_DELIVERED!']);
    const delivered = events[2].record;
    const { eventTimestamp, messageRequestTimestamp, ...rest } = delivered;
    assert.deepEqual(rest, {
      eventType: 'TEXT_DELIVERED',
      eventVersion: '1.0',
      isFinal: true,
      originationPhoneNumber: '+12065550100',
      destinationPhoneNumber: '+14254147755',
      isoCountryCode: 'US',
      isInternationalSend: false,
      messageId: id,
      messageEncoding: 'GSM',
      messageType: 'TRANSACTIONAL',
      messageStatus: 'DELIVERED',
      messageStatusDescription: 'Message has been accepted by phone',
      context: { orderId: '42' },
      totalMessageParts: 1,
      totalMessagePrice: 0.00581,
      totalCarrierFee: 0.003,
    });
    assert.ok(messageRequestTimestamp >= before - 5 && messageRequestTimestamp <= Date.now());
    assert.ok(eventTimestamp >= messageRequestTimestamp);
    for (let i = 1; i < events.length; i++) assert.ok(events[i].record.eventTimestamp > events[i - 1].record.eventTimestamp);
    for (const e of events)
      assert.deepEqual(
        e.deliveries.map((d) => [d.destination, d.kind, d.status, d.attempts]),
        [['all', 'sns', 'captured', 1]],
      );
  });

  test("the US failure simulator number is blocked; other countries' simulator numbers work too", async () => {
    const set = await setWith({ all: ['TEXT_ALL'] });
    const failed = await settledEventsOf(server.url, await sendText(set, '+14254147167'), 2);
    assert.deepEqual(sequence(failed), ['TEXT_QUEUED', 'TEXT_BLOCKED!']);
    assert.equal(failed[1].record.messageStatusDescription, 'Phone has blocked SMS');
    const gb = await settledEventsOf(server.url, await sendText(set, '+447860019066'), 3);
    assert.equal(gb[2].record.isoCountryCode, 'GB');
    assert.equal(gb[2].record.isInternationalSend, true);
    assert.deepEqual(sequence(await settledEventsOf(server.url, await sendText(set, '+447860019067'), 2)), ['TEXT_QUEUED', 'TEXT_BLOCKED!']);
  });

  test('local outcome numbers give carrier-unreachable, TTL-expired and the other failures', async () => {
    const set = await setWith({ all: ['ALL'] });
    const expect: Record<string, string> = {
      '+12065550101': 'TEXT_BLOCKED',
      '+12065550102': 'TEXT_CARRIER_UNREACHABLE',
      '+12065550103': 'TEXT_UNREACHABLE',
      '+12065550104': 'TEXT_TTL_EXPIRED',
      '+12065550105': 'TEXT_INVALID',
      '+12065550106': 'TEXT_SPAM',
      '+12065550107': 'TEXT_CARRIER_BLOCKED',
      '+12065550108': 'TEXT_UNKNOWN',
      '+12065550109': 'TEXT_INVALID_MESSAGE',
    };
    for (const [number, finalType] of Object.entries(expect)) {
      const events = await settledEventsOf(server.url, await sendText(set, number), 2);
      assert.deepEqual(sequence(events), ['TEXT_QUEUED', `${finalType}!`], number);
    }
  });

  test('encoding and parts come from the body', async () => {
    const set = await setWith({ all: ['TEXT_QUEUED'] });
    const cases: [string, string, number][] = [
      ['a'.repeat(160), 'GSM', 1],
      ['a'.repeat(161), 'GSM', 2],
      ['{'.repeat(80), 'GSM', 1],
      ['{'.repeat(81), 'GSM', 2],
      ['Olá 😀', 'UCS2', 1],
      ['ж'.repeat(71), 'UCS2', 2],
    ];
    for (const [body, encoding, parts] of cases) {
      const [queued] = await settledEventsOf(server.url, await sendText(set, '+14254147755', body), 3);
      assert.equal(queued.record.messageEncoding, encoding, body);
      assert.equal(queued.record.totalMessageParts, parts, body);
    }
  });

  test('a text with no configuration set produces events that go nowhere', async () => {
    const events = await settledEventsOf(server.url, await sendText(undefined, '+14254147755'), 3);
    assert.ok(events.every((e) => e.deliveries.length === 0));
  });

  test('the configuration set may be named by ARN; an unknown one is ResourceNotFoundException and sends nothing', async () => {
    const set = await setWith({ all: ['ALL'] });
    await sendText(`arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${set}`, '+14254147755');
    const error = await rejectionOf(() => sendText('no-such-set', '+14254147755'));
    assert.ok(error instanceof ResourceNotFoundException);
    assert.equal(error.ResourceType, 'configuration-set');
    const messages = (await (await fetch(`${server.url}/_local/messages?configurationSet=no-such-set`)).json()) as { messages: unknown[] };
    assert.deepEqual(messages.messages, []);
  });

  test('DryRun answers a MessageId but records and sends nothing', async () => {
    const set = await setWith({ all: ['ALL'] });
    const id = await sendText(set, '+14254147755', 'dry', { DryRun: true });
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await localEvents(server.url, { messageId: id }), []);
    const messages = (await (await fetch(`${server.url}/_local/messages?messageId=${id}`)).json()) as { messages: unknown[] };
    assert.deepEqual(messages.messages, []);
  });

  test('invalid input is rejected by the model before anything is recorded', async () => {
    const bad = await rejectionOf(() => sendText(undefined, '0044123'));
    assert.ok(bad instanceof ValidationException);
    assert.deepEqual(
      bad.Fields!.map((f) => f.Name),
      ['DestinationPhoneNumber'],
    );
    const noBody = await rejectionOf(() => client.send(new SendTextMessageCommand({ DestinationPhoneNumber: '+14254147755' })));
    assert.ok(noBody instanceof ValidationException);
    assert.equal(noBody.Reason, 'MISSING_PARAMETER');
    const badOrigin = await rejectionOf(() => sendText(undefined, '+14254147755', 'x', { OriginationIdentity: 'phone-0123456789abcdef0123456789abcdef' }));
    assert.ok(badOrigin instanceof ResourceNotFoundException);
  });
});

describe('voice and media', () => {
  test('a call is initiated, rings, is answered and completes; busy and no-answer numbers end early', async () => {
    const set = await setWith({ voice: ['VOICE_ALL'] });
    const send = async (to: string) =>
      (
        await client.send(
          new SendVoiceMessageCommand({
            ConfigurationSetName: set,
            DestinationPhoneNumber: to,
            OriginationIdentity: '+12065550100',
            MessageBody: 'Your code is one two three four',
          }),
        )
      ).MessageId!;
    const completed = await settledEventsOf(server.url, await send('+14254147755'), 4);
    assert.deepEqual(sequence(completed), ['VOICE_INITIATED', 'VOICE_RINGING', 'VOICE_ANSWERED', 'VOICE_COMPLETED!']);
    assert.equal(completed[3].record.callDurationInSeconds, 3);
    assert.equal(completed[3].record.totalDurationInMinutes, 1);
    assert.equal(completed[0].record.messageStatusDescription, undefined);
    assert.ok(completed.every((e) => e.deliveries.length === 1 && e.deliveries[0].status === 'captured'));
    assert.deepEqual(sequence(await settledEventsOf(server.url, await send('+12065550110'), 3)), ['VOICE_INITIATED', 'VOICE_RINGING', 'VOICE_BUSY!']);
    assert.deepEqual(sequence(await settledEventsOf(server.url, await send('+12065550111'), 3)), ['VOICE_INITIATED', 'VOICE_RINGING', 'VOICE_NO_ANSWER!']);
    assert.deepEqual(sequence(await settledEventsOf(server.url, await send('+12065550112'), 2)), ['VOICE_INITIATED', 'VOICE_FAILED!']);
  });

  test('a media message is queued, accepted and delivered', async () => {
    const set = await setWith({ media: ['MEDIA_ALL'] });
    const out = await client.send(
      new SendMediaMessageCommand({
        ConfigurationSetName: set,
        DestinationPhoneNumber: '+14254147755',
        OriginationIdentity: '+12065550100',
        MediaUrls: ['s3://bucket/cat.jpg'],
      }),
    );
    const events = await settledEventsOf(server.url, out.MessageId!, 3);
    assert.deepEqual(sequence(events), ['MEDIA_QUEUED', 'MEDIA_SUCCESSFUL', 'MEDIA_DELIVERED!']);
    assert.ok(events.every((e) => e.deliveries[0]?.status === 'captured'));
  });
});

describe('routing', () => {
  test('each destination gets exactly the events its MatchingEventTypes select', async () => {
    const set = await setWith({ delivered: ['TEXT_DELIVERED'], text: ['TEXT_ALL'], voice: ['VOICE_ALL'], all: ['ALL'], two: ['TEXT_QUEUED', 'TEXT_BLOCKED'] });
    const events = await settledEventsOf(server.url, await sendText(set, '+14254147755'), 3);
    const got = (type: string) =>
      events
        .find((e) => e.eventType === type)!
        .deliveries.map((d) => d.destination)
        .sort();
    assert.deepEqual(got('TEXT_QUEUED'), ['all', 'text', 'two']);
    assert.deepEqual(got('TEXT_SUCCESSFUL'), ['all', 'text']);
    assert.deepEqual(got('TEXT_DELIVERED'), ['all', 'delivered', 'text']);
  });

  test('a disabled or deleted destination gets nothing from then on, and an update applies to later events', async () => {
    const set = await setWith({ stays: ['ALL'], disabled: ['ALL'], deleted: ['ALL'], narrowed: ['ALL'] });
    await client.send(new UpdateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'disabled', Enabled: false }));
    await client.send(new DeleteEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'deleted' }));
    await client.send(
      new UpdateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'narrowed', MatchingEventTypes: ['TEXT_DELIVERED'] }),
    );
    const events = await settledEventsOf(server.url, await sendText(set, '+14254147755'), 3);
    const destinations = (type: string) =>
      events
        .find((e) => e.eventType === type)!
        .deliveries.map((d) => d.destination)
        .sort();
    assert.deepEqual(destinations('TEXT_QUEUED'), ['stays']);
    assert.deepEqual(destinations('TEXT_DELIVERED'), ['narrowed', 'stays']);

    // Re-enabled, it gets the events that follow.
    await client.send(new UpdateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'disabled', Enabled: true }));
    const later = await settledEventsOf(server.url, await sendText(set, '+14254147755'), 3);
    assert.ok(later.every((e) => e.deliveries.some((d) => d.destination === 'disabled')));
  });

  test('a destination changed while a message is in flight gets the later events under its new settings', async () => {
    const slow = await startServer({ EVENT_STEP_DELAY_MS: '400', SEED_FILE: sendingSeed() });
    const c = clientFor(slow.url);
    try {
      await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'flight' }));
      await c.send(
        new CreateEventDestinationCommand({ ConfigurationSetName: 'flight', EventDestinationName: 'd', MatchingEventTypes: ['ALL'], SnsDestination: SNS('d') }),
      );
      const { MessageId } = await c.send(
        new SendTextMessageCommand({ ConfigurationSetName: 'flight', DestinationPhoneNumber: '+14254147755', MessageBody: 'x' }),
      );
      await eventually(async () => ((await localEvents(slow.url, { messageId: MessageId!, status: 'captured' })).length === 1 ? true : undefined));
      await c.send(new UpdateEventDestinationCommand({ ConfigurationSetName: 'flight', EventDestinationName: 'd', Enabled: false }));
      const events = await settledEventsOf(slow.url, MessageId!, 3);
      assert.deepEqual(
        events.map((e) => e.deliveries.length),
        [1, 0, 0],
      );
    } finally {
      c.destroy();
      await slow.stop();
    }
  });
});

describe('/_local views', () => {
  test('filter by configuration set, destination, message id and status; newest first; paginated', async () => {
    const set = await setWith({ a: ['TEXT_DELIVERED'], b: ['TEXT_ALL'] });
    const first = await sendText(set, '+14254147755');
    const second = await sendText(set, '+14254147755');
    await settledEventsOf(server.url, second, 3);
    await settledEventsOf(server.url, first, 3);
    const bySet = await localEvents(server.url, { configurationSet: set });
    assert.equal(bySet.length, 6);
    assert.deepEqual(
      bySet.slice(0, 3).map((e) => e.messageId),
      [second, second, second],
    );
    assert.equal((await localEvents(server.url, { configurationSet: set, destination: 'a' })).length, 2);
    assert.equal((await localEvents(server.url, { configurationSet: set, status: 'captured' })).length, 6);
    assert.equal((await localEvents(server.url, { configurationSet: set, status: 'failed' })).length, 0);
    const pageOne = (await (await fetch(`${server.url}/_local/events?configurationSet=${set}&limit=4`)).json()) as { events: unknown[]; nextToken: string };
    assert.equal(pageOne.events.length, 4);
    const pageTwo = (await (await fetch(`${server.url}/_local/events?configurationSet=${set}&limit=4&nextToken=${pageOne.nextToken}`)).json()) as {
      events: unknown[];
      nextToken?: string;
    };
    assert.equal(pageTwo.events.length, 2);
    assert.equal(pageTwo.nextToken, undefined);
    const messages = (await (await fetch(`${server.url}/_local/messages?configurationSet=${set}`)).json()) as {
      messages: { messageId: string; outcome: string }[];
    };
    assert.deepEqual(
      messages.messages.map((m) => m.messageId),
      [second, first],
    );
    const bad = await fetch(`${server.url}/_local/events?status=lost`);
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.equal((await fetch(`${server.url}/_local/events?nextToken=zzz`)).status, 400);
    assert.equal((await fetch(`${server.url}/_local/events?colour=red`)).status, 400);
  });
});
