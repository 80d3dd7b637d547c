import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEventRecord, buildMessageEvents, callSeconds, messagePriceUnits, PRICE_UNITS_PER_USD } from './event-record.js';
import { lifecycleOf } from './lifecycle.js';
import { MESSAGE_FEEDBACK_TIMEOUT_MS, messageFeedbackStatusAt, type MessageRecord } from './message.js';
import { destinationMatches } from './routing.js';
import { backoffMs } from './retry.js';
import type { EventDestinationRecord } from '../storage/store.js';

const text: MessageRecord = {
  messageId: '0f8e6d3c-1111-4222-8333-444455556666',
  channel: 'TEXT',
  configurationSetName: 'orders',
  originationIdentity: '+12065550100',
  destinationPhoneNumber: '+14254147755',
  isoCountryCode: 'US',
  messageBody: 'Your code is 123456',
  messageType: 'TRANSACTIONAL',
  context: { orderId: '42' },
  requestTimestamp: 1_700_000_000_000,
  timeToLive: 259200,
  outcome: 'DELIVERED',
  encoding: 'GSM',
  parts: 1,
};

describe('event record builders (golden records)', () => {
  test('TEXT_DELIVERED', () => {
    const [, , delivered] = lifecycleOf('TEXT', 'DELIVERED');
    assert.deepEqual(buildEventRecord(text, delivered, 1_700_000_003_000), {
      eventType: 'TEXT_DELIVERED',
      eventVersion: '1.0',
      eventTimestamp: 1_700_000_003_000,
      isFinal: true,
      originationPhoneNumber: '+12065550100',
      destinationPhoneNumber: '+14254147755',
      isoCountryCode: 'US',
      isInternationalSend: false,
      messageId: '0f8e6d3c-1111-4222-8333-444455556666',
      messageRequestTimestamp: 1_700_000_000_000,
      messageEncoding: 'GSM',
      messageType: 'TRANSACTIONAL',
      messageStatus: 'DELIVERED',
      messageStatusDescription: 'Message has been accepted by phone',
      context: { orderId: '42' },
      totalMessageParts: 1,
      totalMessagePrice: 0.00581,
      totalCarrierFee: 0.003,
    });
  });

  test('TEXT_BLOCKED from a sender ID to another country, three parts, no context', () => {
    const message: MessageRecord = {
      ...text,
      originationIdentity: 'ACME',
      destinationPhoneNumber: '+447860019067',
      isoCountryCode: 'GB',
      outcome: 'BLOCKED',
      parts: 3,
      context: undefined,
    };
    const [, blocked] = lifecycleOf('TEXT', 'BLOCKED');
    assert.deepEqual(buildEventRecord(message, blocked, 1_700_000_000_100), {
      eventType: 'TEXT_BLOCKED',
      eventVersion: '1.0',
      eventTimestamp: 1_700_000_000_100,
      isFinal: true,
      originationPhoneNumber: 'ACME',
      destinationPhoneNumber: '+447860019067',
      isoCountryCode: 'GB',
      isInternationalSend: false,
      messageId: text.messageId,
      messageRequestTimestamp: 1_700_000_000_000,
      messageEncoding: 'GSM',
      messageType: 'TRANSACTIONAL',
      messageStatus: 'BLOCKED',
      messageStatusDescription: 'Phone has blocked SMS',
      totalMessageParts: 3,
      totalMessagePrice: 0.01743,
      totalCarrierFee: 0.009,
    });
  });

  test('VOICE_INITIATED and VOICE_COMPLETED', () => {
    const call: MessageRecord = {
      ...text,
      channel: 'VOICE',
      outcome: 'COMPLETED',
      encoding: undefined,
      parts: undefined,
      messageType: undefined,
      context: undefined,
      messageBody: 'one two three four five six',
    };
    const [initiated, , , completed] = lifecycleOf('VOICE', 'COMPLETED');
    assert.deepEqual(buildEventRecord(call, initiated, 1_700_000_000_000), {
      eventType: 'VOICE_INITIATED',
      eventVersion: '1.0',
      eventTimestamp: 1_700_000_000_000,
      isFinal: false,
      originationPhoneNumber: '+12065550100',
      destinationPhoneNumber: '+14254147755',
      isoCountryCode: 'US',
      messageId: text.messageId,
      messageRequestTimestamp: 1_700_000_000_000,
      messageStatus: 'INITIATED',
      totalMessagePrice: 0,
    });
    const done = buildEventRecord(call, completed, 1_700_000_000_300);
    assert.equal(done.isFinal, true);
    assert.equal(done.callDurationInSeconds, 3);
    assert.equal(done.totalDurationInMinutes, 1);
    assert.equal(done.totalMessagePrice, 0.013);
  });

  test('MEDIA records carry type, parts and prices but no encoding', () => {
    const media: MessageRecord = { ...text, channel: 'MEDIA', encoding: undefined, mediaUrls: ['s3://b/k.jpg'] };
    const record = buildEventRecord(media, lifecycleOf('MEDIA', 'DELIVERED')[1], 1);
    assert.equal(record.eventType, 'MEDIA_SUCCESSFUL');
    assert.equal(record.messageEncoding, undefined);
    assert.equal(record.messageType, 'TRANSACTIONAL');
    assert.equal(record.totalMessageParts, 1);
  });

  test("a message's events are spaced by the step delay, with stable ids and seqs", () => {
    let n = 0;
    const events = buildMessageEvents(text, lifecycleOf('TEXT', 'DELIVERED'), 250, () => `id-${++n}`);
    assert.deepEqual(
      events.map((e) => [e.eventId, e.seq, e.eventType, e.dueAt - text.requestTimestamp, e.record.eventTimestamp === e.dueAt]),
      [
        ['id-1', 0, 'TEXT_QUEUED', 0, true],
        ['id-2', 1, 'TEXT_SUCCESSFUL', 250, true],
        ['id-3', 2, 'TEXT_DELIVERED', 500, true],
      ],
    );
    assert.equal(callSeconds(undefined), 1);
  });
});

describe("message prices (what a send adds to the month's spend)", () => {
  const voice: MessageRecord = { ...text, channel: 'VOICE', messageBody: 'one two three four five six seven eight nine ten', outcome: 'COMPLETED' };
  const cases: [string, MessageRecord][] = [
    ['a one-part text', text],
    ['a three-part text', { ...text, parts: 3 }],
    ['a media message', { ...text, channel: 'MEDIA', parts: 2 }],
    ['a text that fails still pays', { ...text, outcome: 'BLOCKED' }],
    ['a completed call', voice],
    ['a failed call', { ...voice, outcome: 'FAILED' }],
  ];
  for (const [name, message] of cases) {
    test(`${name}: the price equals what its final event reports`, () => {
      const steps = lifecycleOf(message.channel, message.outcome);
      const record = buildEventRecord(message, steps[steps.length - 1], message.requestTimestamp);
      const reported = (record.totalMessagePrice as number) + ((record.totalCarrierFee as number | undefined) ?? 0);
      assert.equal(messagePriceUnits(message), Math.round(reported * PRICE_UNITS_PER_USD));
    });
  }

  test('the prices in units', () => {
    assert.equal(messagePriceUnits(text), 881);
    assert.equal(messagePriceUnits({ ...text, parts: 3 }), 2643);
    assert.equal(messagePriceUnits(voice), 1300);
    assert.equal(messagePriceUnits({ ...voice, outcome: 'BUSY' }), 0);
  });
});

describe('message feedback status', () => {
  const sent: MessageRecord = {
    messageId: 'm',
    channel: 'TEXT',
    originationIdentity: '+12065550100',
    destinationPhoneNumber: '+14254147755',
    requestTimestamp: 1_000,
    timeToLive: 1,
    outcome: 'DELIVERED',
    messageFeedbackEnabled: true,
  };
  const cases: [string, MessageRecord, number, string | undefined][] = [
    ['no feedback asked for', { ...sent, messageFeedbackEnabled: undefined }, 1_000, undefined],
    ['pending within the hour', sent, 1_000 + MESSAGE_FEEDBACK_TIMEOUT_MS - 1, 'PENDING'],
    ['failed automatically after an hour', sent, 1_000 + MESSAGE_FEEDBACK_TIMEOUT_MS, 'FAILED'],
    ['received as reported, even after the hour', { ...sent, messageFeedbackStatus: 'RECEIVED' }, 1_000 + 2 * MESSAGE_FEEDBACK_TIMEOUT_MS, 'RECEIVED'],
  ];
  for (const [name, message, now, status] of cases) {
    test(name, () => assert.equal(messageFeedbackStatusAt(message, now), status));
  }
});

describe('lifecycles', () => {
  const statuses = (channel: 'TEXT' | 'VOICE' | 'MEDIA', outcome: Parameters<typeof lifecycleOf>[1]) =>
    lifecycleOf(channel, outcome).map((s) => `${s.status}${s.isFinal ? '!' : ''}`);
  test('only the last step is final', () => {
    assert.deepEqual(statuses('TEXT', 'DELIVERED'), ['QUEUED', 'SUCCESSFUL', 'DELIVERED!']);
    assert.deepEqual(statuses('TEXT', 'CARRIER_UNREACHABLE'), ['QUEUED', 'CARRIER_UNREACHABLE!']);
    assert.deepEqual(statuses('VOICE', 'COMPLETED'), ['INITIATED', 'RINGING', 'ANSWERED', 'COMPLETED!']);
    assert.deepEqual(statuses('VOICE', 'NO_ANSWER'), ['INITIATED', 'RINGING', 'NO_ANSWER!']);
    assert.deepEqual(statuses('VOICE', 'TTL_EXPIRED'), ['INITIATED', 'TTL_EXPIRED!']);
  });
});

describe('routing', () => {
  const destination = (matchingEventTypes: string[], enabled = true): EventDestinationRecord => ({
    configurationSetName: 's',
    name: 'd',
    enabled,
    matchingEventTypes,
    sink: { kind: 'sns', topicArn: 'arn:aws:sns:us-east-1:1:t' },
  });
  test("by exact type, ALL and the channel's _ALL; never when disabled", () => {
    assert.ok(destinationMatches(destination(['TEXT_DELIVERED']), 'TEXT_DELIVERED'));
    assert.ok(!destinationMatches(destination(['TEXT_DELIVERED']), 'TEXT_SUCCESSFUL'));
    assert.ok(destinationMatches(destination(['ALL']), 'VOICE_BUSY'));
    assert.ok(destinationMatches(destination(['VOICE_ALL']), 'VOICE_BUSY'));
    assert.ok(!destinationMatches(destination(['TEXT_ALL']), 'VOICE_BUSY'));
    assert.ok(destinationMatches(destination(['MEDIA_ALL']), 'MEDIA_FILE_SIZE_EXCEEDED'));
    assert.ok(!destinationMatches(destination(['ALL'], false), 'TEXT_QUEUED'));
  });
});

describe('retry backoff', () => {
  test('grows exponentially to the cap, with jitter on the upper half', () => {
    const policy = { baseMs: 100, maxMs: 1000, maxAgeMs: 60_000 };
    assert.equal(
      backoffMs(policy, 1, () => 0),
      50,
    );
    assert.equal(
      backoffMs(policy, 1, () => 1),
      100,
    );
    assert.equal(
      backoffMs(policy, 3, () => 1),
      400,
    );
    assert.equal(
      backoffMs(policy, 10, () => 1),
      1000,
    );
    assert.equal(
      backoffMs(policy, 10, () => 0),
      500,
    );
  });
});
