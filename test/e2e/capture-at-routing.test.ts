// Local capture at routing: a delivery to a destination whose kind has no endpoint is recorded
// captured, with its one attempt, in the transaction that routes its event; a fault on the
// destination, or an earlier event of the message still pending there, sends it through the outbox.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, setWithSnsDestination } from '../support/client.js';
import { eventually, settledEventsOf } from '../support/events.js';
import { sendingSeed } from '../support/seed.js';

const STEP_MS = 300;
const RETRY_MS = 1500;
let server: ServerProcess;
let client: PinpointSMSVoiceV2Client;
let sets = 0;

before(async () => {
  server = await startServer({
    EVENT_STEP_DELAY_MS: String(STEP_MS),
    EVENT_RETRY_BASE_MS: String(RETRY_MS),
    EVENT_RETRY_MAX_MS: String(RETRY_MS),
    SEED_FILE: sendingSeed(),
  });
  client = clientFor(server.url);
});
after(async () => {
  await server.stop();
});

const setWithDestination = () => setWithSnsDestination(client, `capture-set-${++sets}`);

const send = async (set: string) =>
  (await client.send(new SendTextMessageCommand({ DestinationPhoneNumber: '+12065550188', MessageBody: 'hello', ConfigurationSetName: set }))).MessageId!;

async function local(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: response.status, body: await response.json() };
}

interface Delivery {
  status: string;
  attempts: number;
  deliveredAt?: number;
}
interface RoutedEvent {
  eventType: string;
  routedAt: number;
  deliveries: Delivery[];
}

/** The message's events, oldest first, once all are routed and settled. */
async function settled(messageId: string): Promise<RoutedEvent[]> {
  return (await settledEventsOf(server.url, messageId, 3)) as unknown as RoutedEvent[];
}

describe('local capture at routing', () => {
  test('each event is captured as it is routed, with its one attempt recorded', async () => {
    const messageId = await send(await setWithDestination());
    const events = await settled(messageId);
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['TEXT_QUEUED', 'TEXT_SUCCESSFUL', 'TEXT_DELIVERED'],
    );
    for (const e of events) {
      assert.equal(e.deliveries.length, 1);
      assert.equal(e.deliveries[0].status, 'captured');
      assert.equal(e.deliveries[0].attempts, 1);
      assert.equal(e.deliveries[0].deliveredAt, e.routedAt, `${e.eventType} is captured when routed`);
    }
    const { body } = await local('GET', `/_local/attempts?messageId=${messageId}`);
    assert.deepEqual(
      body.attempts.map((a: { attempt: number; status: string }) => `${a.attempt} ${a.status}`),
      ['1 captured', '1 captured', '1 captured'],
    );
  });

  test('a later event waits behind an earlier one still pending at the destination, after the fault is cleared', async () => {
    const set = await setWithDestination();
    const fault = await local('POST', '/_local/faults', { configurationSet: set, destination: 'to-sns', count: 1, error: 'ThrottlingException' });
    assert.equal(fault.status, 200);
    const messageId = await send(set);
    // The first event's delivery failed once and waits RETRY_MS for its retry: clear the fault now,
    // so the later events, routed STEP_MS apart, would be captured at once if nothing held them.
    await eventually(async () => {
      const { body } = await local('GET', `/_local/attempts?messageId=${messageId}`);
      return body.attempts.length >= 1 ? body.attempts : undefined;
    });
    assert.deepEqual((await local('DELETE', `/_local/faults?faultId=${fault.body.faultId}`)).body, { cleared: 1 });
    const events = await settled(messageId);
    const delivered = events.map((e) => e.deliveries[0].deliveredAt!);
    assert.ok(
      delivered.every((t, i) => i === 0 || t >= delivered[i - 1]),
      `delivered in order: ${delivered.join(', ')}`,
    );
    assert.deepEqual(
      events.map((e) => `${e.deliveries[0].status} ${e.deliveries[0].attempts}`),
      ['captured 2', 'captured 1', 'captured 1'],
    );
    // The second event was routed while the first was pending: it went through the outbox.
    assert.ok(events[1].deliveries[0].deliveredAt! > events[1].routedAt, 'the second event was not captured when routed');
    // A message sent once the fault is gone is captured as it is routed again.
    const next = await settled(await send(set));
    assert.ok(next.every((e) => e.deliveries[0].deliveredAt === e.routedAt));
  });
});
