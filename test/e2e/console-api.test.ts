// The console's API: /_local/stream (order, reconnect with catch-up across a restart, hostile
// query strings) and /_local/faults (count, seconds, hang, final errors, list and clear), against
// the real server process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SendTextMessageCommand, UpdatePhoneNumberCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { reply, simulatorNumber } from '../support/handset.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, setWithSnsDestination } from '../support/client.js';
import { eventually, localEvents, settledEventsOf } from '../support/events.js';
import { sendingSeed } from '../support/seed.js';
import { openStream } from '../support/sse.js';

const HANDSET = '+12065550188';
let server: ServerProcess;
let client: PinpointSMSVoiceV2Client;
let sets = 0;

before(async () => {
  server = await startServer({
    EVENT_STEP_DELAY_MS: '0',
    EVENT_RETRY_BASE_MS: '50',
    EVENT_RETRY_MAX_MS: '100',
    EVENT_DELIVERY_TIMEOUT_MS: '300',
    SEED_FILE: sendingSeed(),
  });
  client = clientFor(server.url);
});
after(async () => {
  await server.stop();
});

const setWithDestination = (c = client) => setWithSnsDestination(c, `api-set-${++sets}`);

const send = async (set?: string, body = 'hello', c = client) =>
  (await c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: body, ...(set && { ConfigurationSetName: set }) }))).MessageId!;

async function local(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, { method, ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** The attempts of a message's first event to `to-sns`, once `count` of them are recorded. */
async function attemptsOf(messageId: string, count: number) {
  return eventually(async () => {
    const { body } = await local('GET', `/_local/attempts?messageId=${messageId}`);
    const first = body.attempts.filter((a: { eventId: string }) => a.eventId === body.attempts[0]?.eventId);
    return first.length >= count ? first : undefined;
  });
}

describe('/_local/stream', () => {
  test('a message, then its events, then its delivery attempts, each id after the one before', async () => {
    const set = await setWithDestination();
    const stream = await openStream(`${server.url}/_local/stream`);
    try {
      const messageId = await send(set);
      const items = (await stream.waitFor(7)).filter((e) => e.data.messageId === messageId);
      assert.deepEqual(
        items.map((e) => e.event),
        ['message', 'event', 'event', 'event', 'attempt', 'attempt', 'attempt'],
      );
      assert.equal(stream.events[0].event, 'ready');
      assert.deepEqual(stream.events[0].data.accountId, '123456789012');
      assert.deepEqual(
        items.slice(1, 4).map((e) => e.data.eventType),
        ['TEXT_QUEUED', 'TEXT_SUCCESSFUL', 'TEXT_DELIVERED'],
      );
      assert.ok(items.slice(4).every((e) => e.data.status === 'captured' && e.data.destination === 'to-sns' && e.data.attempt === 1));
      // Each id is the position after its item: no component ever goes back.
      const positions = stream.events.map((e) => e.id!.split('.').map(Number));
      for (let i = 1; i < positions.length; i++) {
        assert.ok(positions[i].every((v, k) => v >= positions[i - 1][k]) && positions[i].some((v, k) => v > positions[i - 1][k]), `id ${i} moves forward`);
      }
    } finally {
      stream.close();
    }
  });

  test('only the scope asked for', async () => {
    const other = clientFor(server.url, { region: 'eu-west-1' });
    const stream = await openStream(`${server.url}/_local/stream?region=eu-west-1`);
    try {
      await send(undefined, 'in us-east-1');
      await assert.rejects(send(undefined, 'no number in eu-west-1', other));
      await new Promise((r) => setTimeout(r, 600));
      assert.deepEqual(
        stream.events.map((e) => e.event),
        ['ready'],
      );
      assert.equal(stream.events[0].data.region, 'eu-west-1');
    } finally {
      stream.close();
    }
  });

  test('a reconnect with Last-Event-ID gets exactly what it missed, after a restart too', async () => {
    const own = await startServer({ EVENT_STEP_DELAY_MS: '0', SEED_FILE: sendingSeed() });
    let restarted: ServerProcess | undefined;
    try {
      const c = clientFor(own.url);
      const first = await openStream(`${own.url}/_local/stream`);
      const seen = [await send(undefined, 'one', c)];
      const before = await first.waitFor(4);
      first.close();
      const last = before[before.length - 1].id!;
      seen.push(await send(undefined, 'two', c), await send(undefined, 'three', c));
      await own.stop();
      restarted = await startServer({ DATABASE_URL: own.databaseUrl, EVENT_STEP_DELAY_MS: '0' });
      const again = await openStream(`${restarted.url}/_local/stream`, { 'last-event-id': last });
      try {
        const items = await again.waitFor(8);
        await new Promise((r) => setTimeout(r, 600));
        assert.equal(again.events.length, 9, 'ready and the eight missed items, nothing more');
        assert.equal(again.events[0].id, last);
        assert.deepEqual(
          items.filter((e) => e.event === 'message').map((e) => e.data.messageBody),
          ['two', 'three'],
        );
        assert.deepEqual(new Set(items.map((e) => e.data.messageId)), new Set(seen.slice(1)));
      } finally {
        again.close();
      }
      // `since` does the same for a first connection; Last-Event-ID wins over it.
      const since = await openStream(`${restarted.url}/_local/stream?since=0.0.0`, { 'last-event-id': last });
      try {
        assert.equal((await since.waitFor(8)).length, 8);
      } finally {
        since.close();
      }
    } finally {
      await restarted?.stop();
    }
  });

  test('a position past the end of the store is reset to its end', async () => {
    const stream = await openStream(`${server.url}/_local/stream?since=999999999.0.0`);
    try {
      await eventually(async () => (stream.events.length >= 2 ? true : undefined));
      assert.deepEqual(
        stream.events.map((e) => e.event),
        ['reset', 'ready'],
      );
    } finally {
      stream.close();
    }
  });

  test('hostile query strings and headers are refused before anything is streamed', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['since=abc', {}, 'since'],
      ['since=1.2', {}, 'since'],
      ['since=1.2.3.4', {}, 'since'],
      ['since=1234567890123456.0.0', {}, 'since'],
      ['since=-1.0.0', {}, 'since'],
      ['account=12345', {}, 'account'],
      ['account=123456789012&account=123456789012', {}, 'account'],
      ['region=%00', {}, 'region'],
      ['region=a%2F..%2Fb', {}, 'region'],
      ['limit=5', {}, 'limit'],
      ['__proto__=1', {}, '__proto__'],
      ['', { 'last-event-id': '1.2' }, 'Last-Event-ID'],
      ['', { 'last-event-id': "'; DROP TABLE messages; --" }, 'Last-Event-ID'],
    ];
    for (const [q, headers, field] of cases) {
      const response = await fetch(`${server.url}/_local/stream?${q}`, { headers });
      const body = await response.json();
      assert.equal(response.status, 400, q);
      assert.equal(body.__type, 'ValidationException', q);
      assert.equal(body.Fields[0].Name, field, q);
    }
    const post = await fetch(`${server.url}/_local/stream`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
  });
});

describe('/_local/faults', () => {
  test('two-way-channel: a fault, given without a configuration set, fails the next two-way publication', async () => {
    const n = await simulatorNumber(client);
    await client.send(
      new UpdatePhoneNumberCommand({ PhoneNumberId: n.id, TwoWayEnabled: true, TwoWayChannelArn: 'arn:aws:sns:us-east-1:123456789012:inbound' }),
    );
    const withSet = await local('POST', '/_local/faults', { configurationSet: 'any', destination: 'two-way-channel', count: 1 });
    assert.equal(withSet.status, 400);
    assert.match(withSet.body.message, /configurationSet/);
    const noSet = await local('POST', '/_local/faults', { destination: 'to-sns', count: 1 });
    assert.equal(noSet.status, 400);
    const added = await local('POST', '/_local/faults', { destination: 'two-way-channel', count: 1, error: 'ThrottlingException' });
    assert.equal(added.status, 200);
    assert.equal(added.body.configurationSet, undefined);
    const { inboundMessageId } = await reply(server.url, n.number, 'hello');
    const attempts = await attemptsOf(inboundMessageId, 2);
    assert.deepEqual(
      attempts.map((a: { status: string; destination: string }) => `${a.destination} ${a.status}`),
      ['two-way-channel pending', 'two-way-channel captured'],
    );
    assert.match(attempts[0].error, /^ThrottlingException: failure injected by \/_local\/faults fault-\d+$/);
    assert.equal((await local('DELETE', `/_local/faults?faultId=${added.body.faultId}`)).body.cleared, 1);
  });

  test('count: the next N deliveries fail through the real retry path, then deliveries succeed', async () => {
    const set = await setWithDestination();
    const added = await local('POST', '/_local/faults', { configurationSet: set, destination: 'to-sns', count: 2, error: 'ThrottlingException' });
    assert.equal(added.status, 200);
    assert.equal(added.body.active, true);
    const messageId = await send(set);
    const attempts = await attemptsOf(messageId, 3);
    assert.deepEqual(
      attempts.map((a: { status: string }) => a.status),
      ['pending', 'pending', 'captured'],
    );
    assert.match(attempts[0].error, /^ThrottlingException: failure injected by \/_local\/faults fault-\d+$/);
    const events = await settledEventsOf(server.url, messageId, 3);
    assert.deepEqual(events.map((e) => e.deliveries[0].attempts).sort(), [1, 1, 3]);
    assert.ok(events.every((e) => e.deliveries[0].status === 'captured'));
    const listed = (await local('GET', '/_local/faults')).body.faults.find((f: { faultId: string }) => f.faultId === added.body.faultId);
    assert.equal(listed.injected, 2);
    assert.equal(listed.active, false);
  });

  test('a final AWS error fails the delivery at once; other destinations are not touched', async () => {
    const set = await setWithDestination();
    await local('POST', '/_local/faults', { configurationSet: set, destination: 'to-sns', count: 1, error: 'AuthorizationErrorException', httpStatus: 403 });
    const messageId = await send(set);
    const events = await settledEventsOf(server.url, messageId, 3);
    const queued = events.find((e) => e.eventType === 'TEXT_QUEUED')!;
    assert.equal(queued.deliveries[0].status, 'failed');
    assert.equal(queued.deliveries[0].attempts, 1);
    assert.match(queued.deliveries[0].lastError!, /^AuthorizationErrorException: /);
    assert.ok(events.filter((e) => e !== queued).every((e) => e.deliveries[0].status === 'captured'));
  });

  test('seconds: every delivery fails for that long, then they go through', async () => {
    const set = await setWithDestination();
    await local('POST', '/_local/faults', { configurationSet: set, destination: 'to-sns', seconds: 1 });
    const messageId = await send(set);
    const events = await settledEventsOf(server.url, messageId, 3, 20_000);
    assert.ok(events.every((e) => e.deliveries[0].status === 'captured'));
    const attempts = (await local('GET', `/_local/attempts?messageId=${messageId}`)).body.attempts;
    const failed = attempts.filter((a: { status: string }) => a.status === 'pending');
    assert.ok(failed.length >= 2, `several attempts failed within the second: ${failed.length}`);
    assert.match(failed[0].error, /^ServiceUnavailableException: failure injected/);
  });

  test('hang: the attempt waits for the delivery timeout, then fails as TimeoutError and is retried', async () => {
    const set = await setWithDestination();
    const added = await local('POST', '/_local/faults', { configurationSet: set, destination: 'to-sns', count: 1, hang: true });
    assert.equal(added.body.error, 'TimeoutError');
    assert.ok(!('httpStatus' in added.body), 'a hang has no HTTP status');
    const started = Date.now();
    const messageId = await send(set);
    const attempts = await attemptsOf(messageId, 2);
    assert.match(attempts[0].error, /^TimeoutError: no answer within 300 ms \(hang injected/);
    assert.ok(attempts[0].at - started >= 290, 'the hang lasted the delivery timeout');
    assert.equal(attempts[1].status, 'captured');
  });

  test('list and clear, by id, by destination, or all of a scope', async () => {
    const set = await setWithDestination();
    // ap-south-1 has no such set: the destination must exist in the fault's scope.
    const elsewhere = await local('POST', '/_local/faults', { configurationSet: set, destination: 'to-sns', count: 5, region: 'ap-south-1' });
    assert.equal(elsewhere.body.__type, 'ResourceNotFoundException');
    const b = (await local('POST', '/_local/faults', { configurationSet: set, destination: 'to-sns', count: 5 })).body;
    const c = (await local('POST', '/_local/faults', { configurationSet: set, destination: 'to-sns', seconds: 60 })).body;
    const ids = async () => (await local('GET', '/_local/faults')).body.faults.map((f: { faultId: string }) => f.faultId);
    assert.ok((await ids()).includes(b.faultId) && (await ids()).includes(c.faultId));
    // A body is not a filter: refused, nothing cleared.
    const withBody = await local('DELETE', '/_local/faults', { faultId: b.faultId });
    assert.equal(withBody.status, 400);
    assert.equal(withBody.body.__type, 'ValidationException');
    assert.match(withBody.body.message, /DELETE takes query parameters/);
    assert.ok((await ids()).includes(b.faultId) && (await ids()).includes(c.faultId));
    assert.deepEqual((await local('DELETE', `/_local/faults?faultId=${b.faultId}`)).body, { cleared: 1 });
    assert.ok(!(await ids()).includes(b.faultId));
    assert.deepEqual((await local('DELETE', `/_local/faults?configurationSet=${set}&destination=to-sns`)).body, { cleared: 1 });
    assert.equal((await local('DELETE', '/_local/faults')).status, 200);
    assert.deepEqual(await ids(), []);
    // Nothing left to fail: a send goes straight through.
    const events = await settledEventsOf(server.url, await send(set), 3);
    assert.ok(events.every((e) => e.deliveries[0].attempts === 1));
    const put = await local('PUT', '/_local/faults');
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, HEAD, POST, DELETE');
  });

  test('bad bodies and parameters are refused, naming the member', async () => {
    const set = await setWithDestination();
    const cases: [unknown, string, string][] = [
      ['not json', 'SerializationException', ''],
      [[1], 'ValidationException', 'body'],
      [{ destination: 'to-sns', count: 1 }, 'ValidationException', 'configurationSet'],
      [{ configurationSet: set, count: 1 }, 'ValidationException', 'destination'],
      [{ configurationSet: set, destination: 'to-sns' }, 'ValidationException', 'count'],
      [{ configurationSet: set, destination: 'to-sns', count: 1, seconds: 1 }, 'ValidationException', 'count'],
      [{ configurationSet: set, destination: 'to-sns', count: 0 }, 'ValidationException', 'count'],
      [{ configurationSet: set, destination: 'to-sns', count: 1.5 }, 'ValidationException', 'count'],
      [{ configurationSet: set, destination: 'to-sns', seconds: 86_401 }, 'ValidationException', 'seconds'],
      [{ configurationSet: set, destination: 'to-sns', count: 1, error: '<script>' }, 'ValidationException', 'error'],
      [{ configurationSet: set, destination: 'to-sns', count: 1, httpStatus: 200 }, 'ValidationException', 'httpStatus'],
      [{ configurationSet: set, destination: 'to-sns', count: 1, hang: 'yes' }, 'ValidationException', 'hang'],
      [{ configurationSet: set, destination: 'to-sns', count: 1, hang: true, error: 'AuthorizationErrorException' }, 'ValidationException', 'error'],
      [{ configurationSet: set, destination: 'to-sns', count: 1, hang: true, httpStatus: 503 }, 'ValidationException', 'httpStatus'],
      [{ configurationSet: set, destination: 'to-sns', count: 1, __proto__: 1, extra: 1 }, 'ValidationException', 'extra'],
      [{ configurationSet: set, destination: 'nope', count: 1 }, 'ResourceNotFoundException', ''],
      [{ configurationSet: 'no-such-set', destination: 'to-sns', count: 1 }, 'ResourceNotFoundException', ''],
    ];
    for (const [body, type, field] of cases) {
      const answer = await local('POST', '/_local/faults', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.__type, type, JSON.stringify(body));
      if (field) assert.equal(answer.body.Fields[0].Name, field, JSON.stringify(body));
    }
    for (const q of ['faultId=x', 'faultId=fault-1&faultId=fault-2', 'destination=%00', 'bogus=1']) {
      assert.equal((await local('DELETE', `/_local/faults?${q}`)).status, 400, q);
    }
    assert.match((await local('DELETE', '/_local/faults?bogus=1')).body.message, /use account, region, faultId, configurationSet, destination/);
    const noSet = await local('POST', '/_local/faults', { configurationSet: 'no-such-set', destination: 'to-sns', count: 1 });
    assert.match(noSet.body.message, /^No configuration set no-such-set /);
    assert.equal(noSet.body.ResourceType, 'configuration-set');
    assert.equal((await local('GET', '/_local/faults?account=1')).status, 400);
    assert.deepEqual((await localEvents(server.url, { configurationSet: set })).length, 0, 'nothing was sent or changed');
  });
});
