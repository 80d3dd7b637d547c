// Several server processes on one PostgreSQL database: one truth, one delivery per event at a time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  RequestPhoneNumberCommand,
  SendTextMessageCommand,
  SetTextMessageSpendLimitOverrideCommand,
  ServiceQuotaExceededException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { sendingSeed } from '../support/seed.js';
import { startServer, tempDatabaseUrl, testStore, type ServerProcess } from '../support/server-process.js';
import { clientFor } from '../support/client.js';
import { startMoto } from '../support/moto.js';
import { eventually, localEvents } from '../support/events.js';
import { receiveEvents, topicWithQueue } from '../support/aws-resources.js';

const SNS = { TopicArn: 'arn:aws:sns:us-east-1:123456789012:multi' };

if (testStore !== 'postgres') {
  test('multi-node suite skipped: it runs in the PostgreSQL pass (TEST_STORE=postgres)', { skip: true }, () => undefined);
} else {
  describe('two nodes on one PostgreSQL database', () => {
    let nodes: ServerProcess[];
    let clients: PinpointSMSVoiceV2Client[];
    let n = 0;

    before(async () => {
      const databaseUrl = tempDatabaseUrl();
      nodes = await Promise.all([startServer({ DATABASE_URL: databaseUrl }), startServer({ DATABASE_URL: databaseUrl })]);
      clients = nodes.map((node) => clientFor(node.url));
    });
    after(async () => {
      for (const c of clients) c.destroy();
      await Promise.all(nodes.map((node) => node.stop()));
    });

    async function newSet(): Promise<string> {
      const name = `multi-${++n}`;
      await clients[0].send(new CreateConfigurationSetCommand({ ConfigurationSetName: name }));
      return name;
    }

    test('a set created on one node is seen by the other', async () => {
      const set = await newSet();
      const seen = await clients[1].send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [set] }));
      assert.equal(seen.ConfigurationSets![0].ConfigurationSetName, set);
    });

    test('concurrent creates on one set across both nodes: exactly five succeed', async () => {
      const set = await newSet();
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          clients[i % 2].send(
            new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: `d${i}`, MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
          ),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
      assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof ServiceQuotaExceededException));
      const described = await clients[1].send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [set] }));
      assert.equal(described.ConfigurationSets![0].EventDestinations!.length, 5);
    });

    test('20 concurrent sends across both nodes against a spend limit that admits 10: exactly 10 succeed', async () => {
      const region = 'eu-north-1';
      const [a, b] = nodes.map((node) => clientFor(node.url, { region }));
      try {
        const from = (
          await a.send(
            new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR' }),
          )
        ).PhoneNumber!;
        // 1,600 characters are 11 parts of 0.00881 USD: ten such texts cost 0.969 USD, an eleventh passes 1 USD.
        await b.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 1 }));
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            [a, b][i % 2].send(
              new SendTextMessageCommand({ OriginationIdentity: from, DestinationPhoneNumber: '+14254147755', MessageBody: 'a'.repeat(1600) }),
            ),
          ),
        );
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
        for (const r of results) {
          if (r.status === 'fulfilled') continue;
          assert.ok(r.reason instanceof ServiceQuotaExceededException, String(r.reason));
          assert.equal((r.reason as ServiceQuotaExceededException).Reason, 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT');
        }
      } finally {
        a.destroy();
        b.destroy();
      }
    });

    test('concurrent creates of one name across both nodes: exactly one succeeds', async () => {
      const set = await newSet();
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, (_, i) =>
          clients[i % 2].send(
            new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'same', MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
          ),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof ConflictException));
    });

    test('concurrent retries of one ClientToken across both nodes: one creation, equal answers', async () => {
      const set = await newSet();
      const input = {
        ConfigurationSetName: set,
        EventDestinationName: 'token',
        MatchingEventTypes: ['ALL' as const],
        SnsDestination: SNS,
        ClientToken: `multi-token-${set}`,
      };
      const outs = await Promise.all(Array.from({ length: 16 }, (_, i) => clients[i % 2].send(new CreateEventDestinationCommand(input))));
      for (const out of outs) assert.deepEqual(out.EventDestination, outs[0].EventDestination);
      const described = await clients[0].send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [set] }));
      assert.equal(described.ConfigurationSets![0].EventDestinations!.length, 1);
    });

    test('concurrent configuration set creates of one name across both nodes: exactly one succeeds', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, (_, i) => clients[i % 2].send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'raced-set' }))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    });
  });

  test('a node killed while holding outbox leases: another node delivers every event', async () => {
    const moto = await startMoto();
    const databaseUrl = tempDatabaseUrl();
    const common = { SEED_FILE: sendingSeed(), DATABASE_URL: databaseUrl, AWS_ENDPOINT_URL: moto.url, EVENT_STEP_DELAY_MS: '0', EVENT_LEASE_MS: '2000' };
    const a = await startServer({ ...common, EVENT_DELIVERY_TIMEOUT_MS: '60000' });
    const clientA = clientFor(a.url);
    let b: ServerProcess | undefined;
    try {
      const { topicArn, queueUrl } = await topicWithQueue(moto.url, 'lease-topic');
      await clientA.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'leases' }));
      await clientA.send(
        new CreateEventDestinationCommand({
          ConfigurationSetName: 'leases',
          EventDestinationName: 'sns',
          MatchingEventTypes: ['ALL'],
          SnsDestination: { TopicArn: topicArn },
        }),
      );
      // The destination hangs, so node A leases deliveries and sits on them.
      moto.pause();
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        ids.push(
          (await clientA.send(new SendTextMessageCommand({ ConfigurationSetName: 'leases', DestinationPhoneNumber: '+14254147755', MessageBody: `m${i}` })))
            .MessageId!,
        );
      }
      await eventually(async () => ((await localEvents(a.url, { configurationSet: 'leases', status: 'pending' })).length >= 10 ? true : undefined));
      await new Promise((r) => setTimeout(r, 300));
      await a.kill();
      moto.resume();

      b = await startServer(common);
      const received = await receiveEvents(moto.url, queueUrl, 30, 30_000);
      const keys = new Set(received.map((r) => `${r.messageId}/${r.eventType}`));
      const expected = ids.flatMap((id) => ['TEXT_QUEUED', 'TEXT_SUCCESSFUL', 'TEXT_DELIVERED'].map((t) => `${id}/${t}`));
      assert.deepEqual(
        expected.filter((k) => !keys.has(k)),
        [],
        'every event delivered after the lease holder died',
      );
    } finally {
      clientA.destroy();
      await b?.stop();
      await moto.kill();
    }
  });
}
