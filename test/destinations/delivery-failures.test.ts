// Deliveries that fail: said in the server log once per change (not per attempt), ended when their
// destination or configuration set is deleted, and no SDK warning in the server's stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  DeleteConfigurationSetCommand,
  DeleteEventDestinationCommand,
  SendTextMessageCommand,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { sendingSeed } from '../support/seed.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor } from '../support/client.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { eventually, localEvents, settledEventsOf } from '../support/events.js';
import { topicWithQueue } from '../support/aws-resources.js';

const MISSING_TOPIC = 'arn:aws:sns:us-east-1:123456789012:does-not-exist';
/** How long to wait for a first attempt: the SNS client loads and moto answers slowly on a busy machine. */
const SLOW_MACHINE_MS = 45_000;

async function withServer(env: Record<string, string>, fn: (server: ServerProcess, client: PinpointSMSVoiceV2Client, moto: MotoServer) => Promise<void>) {
  const moto = await startMoto();
  const server = await startServer({
    SEED_FILE: sendingSeed(),
    AWS_ENDPOINT_URL: moto.url,
    EVENT_STEP_DELAY_MS: '10',
    EVENT_RETRY_BASE_MS: '50',
    EVENT_RETRY_MAX_MS: '100',
    ...env,
  });
  const client = clientFor(server.url);
  try {
    await fn(server, client, moto);
  } finally {
    client.destroy();
    await server.stop();
    await moto.kill();
  }
}

async function setWithDestination(client: PinpointSMSVoiceV2Client, set: string, destination: string, topicArn: string) {
  await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: set }));
  await client.send(
    new CreateEventDestinationCommand({
      ConfigurationSetName: set,
      EventDestinationName: destination,
      MatchingEventTypes: ['ALL'],
      SnsDestination: { TopicArn: topicArn },
    }),
  );
}

const send = async (client: PinpointSMSVoiceV2Client, set: string) =>
  (await client.send(new SendTextMessageCommand({ ConfigurationSetName: set, DestinationPhoneNumber: '+14254147755', MessageBody: 'x' }))).MessageId!;

test('a failing destination is logged when it starts failing and when deliveries end failed, not once per attempt', async () => {
  await withServer({ EVENT_MAX_DELIVERY_AGE_MS: '5000' }, async (server, client) => {
    await setWithDestination(client, 'logged', 'missing-topic', MISSING_TOPIC);
    const ids = [await send(client, 'logged')];
    // Seen failing: an attempt was made and did not deliver (on a loaded machine the first attempt
    // may come after the 5 s age limit, so the delivery may be failed already rather than retrying).
    await eventually(
      async () =>
        (await localEvents(server.url, { messageId: ids[0] })).some((e) => e.deliveries[0]?.attempts >= 1 && e.deliveries[0].status !== 'delivered')
          ? true
          : undefined,
      SLOW_MACHINE_MS,
    );
    for (let i = 0; i < 4; i++) ids.push(await send(client, 'logged'));
    for (const id of ids) {
      const events = await settledEventsOf(server.url, id, 3, 30_000);
      assert.ok(events.every((e) => e.deliveries[0].status === 'failed'));
    }
    const lines = server.logs.filter((l) => l.destination === 'missing-topic');
    const failing = lines.filter((l) => String(l.msg).startsWith('event delivery failing'));
    const failed = lines.filter((l) => String(l.msg).startsWith('event delivery failed'));
    assert.equal(failing.length, 1, 'one line when the destination starts failing');
    assert.equal(failing[0].level, 40);
    assert.equal(failing[0].configurationSet, 'logged');
    assert.match(String(failing[0].error), /NotFound/);
    assert.ok(failed.length >= 1, 'a line for deliveries that ended failed');
    assert.ok(failed.length < 15, `not one line per failed delivery (${failed.length} of 15)`);
    assert.equal(lines.filter((l) => l.level === 40).length, failing.length + failed.length);
  });
});

test('a destination that recovers says so, and the AWS SDK prints no Node version warning to stderr', async () => {
  await withServer({}, async (server, client, moto) => {
    await setWithDestination(client, 'recovers', 'later-topic', 'arn:aws:sns:us-east-1:123456789012:later-topic');
    const id = await send(client, 'recovers');
    await eventually(
      async () => ((await localEvents(server.url, { messageId: id, status: 'pending' })).some((e) => e.deliveries[0].attempts >= 1) ? true : undefined),
      SLOW_MACHINE_MS,
    );
    await topicWithQueue(moto.url, 'later-topic');
    await settledEventsOf(server.url, id, 3, 30_000);
    const recovered = await eventually(
      async () => server.logs.find((l) => l.msg === 'event delivery recovered' && l.destination === 'later-topic'),
      SLOW_MACHINE_MS,
    );
    assert.ok((recovered.failedAttempts as number) >= 1);
    assert.doesNotMatch(server.stderr(), /NodeVersionSupportWarning|AWS SDK/);
  });
});

for (const what of ['event destination', 'configuration set'] as const) {
  test(`deleting the ${what} ends its pending deliveries as failed, saying why, and they are not retried`, async () => {
    await withServer({}, async (server, client) => {
      await setWithDestination(client, 'doomed', 'missing-topic', MISSING_TOPIC);
      const id = await send(client, 'doomed');
      // Retrying (a missing topic may be created later), up to the default hour.
      await eventually(
        async () => ((await localEvents(server.url, { messageId: id, status: 'pending' })).some((e) => e.deliveries[0].attempts >= 2) ? true : undefined),
        SLOW_MACHINE_MS,
      );
      if (what === 'event destination')
        await client.send(new DeleteEventDestinationCommand({ ConfigurationSetName: 'doomed', EventDestinationName: 'missing-topic' }));
      else await client.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: 'doomed' }));
      const events = await settledEventsOf(server.url, id, 3, 30_000);
      const deliveries = events.flatMap((e) => e.deliveries);
      assert.ok(deliveries.length >= 1);
      for (const d of deliveries) {
        assert.equal(d.status, 'failed');
        assert.equal(
          d.lastError,
          what === 'event destination' ? 'The event destination missing-topic was deleted' : 'The configuration set doomed was deleted',
        );
      }
    });
  });
}
