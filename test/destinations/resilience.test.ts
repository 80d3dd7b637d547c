// At-least-once delivery: a destination that is down, a server killed mid-delivery, a delivery that never succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateConfigurationSetCommand, CreateEventDestinationCommand, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { sendingSeed } from '../support/seed.js';
import { startServer, tempDatabaseUrl } from '../support/server-process.js';
import { clientFor, type WireJson } from '../support/client.js';
import { startMoto } from '../support/moto.js';
import { eventually, localEvents, settledEventsOf } from '../support/events.js';
import { receiveEvents, topicWithQueue } from '../support/aws-resources.js';

const key = (r: WireJson) => `${r.messageId}/${r.eventType}`;

test('a destination that is down gets every event once it is back', async () => {
  const moto = await startMoto();
  const server = await startServer({
    SEED_FILE: sendingSeed(),
    AWS_ENDPOINT_URL: moto.url,
    EVENT_STEP_DELAY_MS: '10',
    EVENT_RETRY_BASE_MS: '50',
    EVENT_RETRY_MAX_MS: '300',
    EVENT_DELIVERY_TIMEOUT_MS: '300',
  });
  const client = clientFor(server.url);
  try {
    const { topicArn, queueUrl } = await topicWithQueue(moto.url, 'down-topic');
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'down' }));
    await client.send(
      new CreateEventDestinationCommand({
        ConfigurationSetName: 'down',
        EventDestinationName: 'sns',
        MatchingEventTypes: ['ALL'],
        SnsDestination: { TopicArn: topicArn },
      }),
    );
    // Stopped, not killed: it takes connections and never answers, and keeps its topic and queue.
    moto.pause();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await client.send(new SendTextMessageCommand({ ConfigurationSetName: 'down', DestinationPhoneNumber: '+14254147755', MessageBody: `m${i}` })))
          .MessageId!,
      );
    }
    // While it is down, deliveries wait with their attempts and last error, and nothing is lost.
    await eventually(async () => {
      const pending = await localEvents(server.url, { configurationSet: 'down', status: 'pending' });
      return pending.some((e) => e.deliveries[0].attempts >= 2 && e.deliveries[0].lastError) ? true : undefined;
    });
    assert.equal((await localEvents(server.url, { configurationSet: 'down', status: 'delivered' })).length, 0);

    moto.resume();
    const received = await receiveEvents(moto.url, queueUrl, 15, 30_000);
    const expected = ids.flatMap((id) => ['TEXT_QUEUED', 'TEXT_SUCCESSFUL', 'TEXT_DELIVERED'].map((t) => `${id}/${t}`)).sort();
    assert.deepEqual([...new Set(received.map(key))].sort(), expected);
    // In order per message, even after retries. Delivery is at least once: a call that timed out
    // while the destination was stopped may still have gone through, so an event can come twice.
    for (const id of ids) {
      const firstArrivals = [...new Set(received.filter((r) => r.messageId === id).map((r) => r.eventType as string))];
      assert.deepEqual(firstArrivals, ['TEXT_QUEUED', 'TEXT_SUCCESSFUL', 'TEXT_DELIVERED']);
    }
    for (const id of ids) {
      const events = await settledEventsOf(server.url, id, 3, 30_000);
      assert.ok(events.every((e) => e.deliveries[0].status === 'delivered'));
    }
  } finally {
    client.destroy();
    await server.stop();
    await moto.kill();
  }
});

test('a server killed with SIGKILL mid-delivery delivers every event after restart', async () => {
  const moto = await startMoto();
  const databaseUrl = tempDatabaseUrl();
  // On PostgreSQL the restarted node cannot tell a dead node's leases from a live one's: they are
  // taken over when they expire, so keep them short here. The last events fall due 3 s after
  // their send, so the kill comes before them even on a busy machine.
  const env = {
    SEED_FILE: sendingSeed(),
    DATABASE_URL: databaseUrl,
    AWS_ENDPOINT_URL: moto.url,
    EVENT_STEP_DELAY_MS: '1500',
    EVENT_RETRY_BASE_MS: '50',
    EVENT_RETRY_MAX_MS: '300',
    EVENT_LEASE_MS: '2000',
  };
  let server = await startServer(env);
  let client = clientFor(server.url);
  try {
    const { topicArn, queueUrl } = await topicWithQueue(moto.url, 'crash-topic');
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'crash' }));
    await client.send(
      new CreateEventDestinationCommand({
        ConfigurationSetName: 'crash',
        EventDestinationName: 'sns',
        MatchingEventTypes: ['ALL'],
        SnsDestination: { TopicArn: topicArn },
      }),
    );
    const ids = await Promise.all(
      Array.from(
        { length: 40 },
        async (_, i) =>
          (await client.send(new SendTextMessageCommand({ ConfigurationSetName: 'crash', DestinationPhoneNumber: '+14254147755', MessageBody: `m${i}` })))
            .MessageId!,
      ),
    );
    // Kill once some, but not all, events have gone out.
    await eventually(async () => ((await localEvents(server.url, { configurationSet: 'crash', status: 'delivered' })).length > 0 ? true : undefined));
    await server.kill();
    client.destroy();
    const deliveredBeforeRestart = await receiveEvents(moto.url, queueUrl, 120, 500);
    assert.ok(deliveredBeforeRestart.length < 120, 'the kill came before every event was out');

    server = await startServer(env);
    client = clientFor(server.url);
    const rest = await receiveEvents(moto.url, queueUrl, 120, 30_000, new Set(deliveredBeforeRestart.map(key)));
    const all = new Set([...deliveredBeforeRestart, ...rest].map(key));
    const expected = ids.flatMap((id) => ['TEXT_QUEUED', 'TEXT_SUCCESSFUL', 'TEXT_DELIVERED'].map((t) => `${id}/${t}`));
    assert.deepEqual(
      expected.filter((k) => !all.has(k)),
      [],
      'no event lost',
    );
  } finally {
    client.destroy();
    await server.stop();
    await moto.kill();
  }
});

test('a delivery that keeps failing past the bounded time is kept, marked failed, with its last error', async () => {
  const moto = await startMoto();
  const server = await startServer({
    SEED_FILE: sendingSeed(),
    AWS_ENDPOINT_URL: moto.url,
    EVENT_STEP_DELAY_MS: '10',
    EVENT_RETRY_BASE_MS: '50',
    EVENT_RETRY_MAX_MS: '100',
    EVENT_MAX_DELIVERY_AGE_MS: '5000',
  });
  const client = clientFor(server.url);
  try {
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'never' }));
    await client.send(
      new CreateEventDestinationCommand({
        ConfigurationSetName: 'never',
        EventDestinationName: 'missing-topic',
        MatchingEventTypes: ['TEXT_QUEUED'],
        SnsDestination: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:does-not-exist' },
      }),
    );
    const { MessageId } = await client.send(
      new SendTextMessageCommand({ ConfigurationSetName: 'never', DestinationPhoneNumber: '+14254147755', MessageBody: 'x' }),
    );
    const [failed] = await eventually(async () => {
      const events = await localEvents(server.url, { messageId: MessageId!, status: 'failed' });
      return events.length ? events : undefined;
    });
    const delivery = failed.deliveries[0];
    assert.equal(delivery.status, 'failed');
    assert.ok(delivery.attempts >= 2, `attempts ${delivery.attempts}`);
    assert.match(delivery.lastError ?? '', /NotFound/);
  } finally {
    client.destroy();
    await server.stop();
    await moto.kill();
  }
});
