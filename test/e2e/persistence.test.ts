import { describe, test } from 'node:test';
import { request } from 'node:http';
import assert from 'node:assert/strict';
import {
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  ConflictException,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, tempDatabaseUrl } from '../support/server-process.js';
import { allConfigurationSetNames, clientFor, rejectionOf } from '../support/client.js';

const SNS = { TopicArn: 'arn:aws:sns:us-east-1:123456789012:events' };

describe('durable state on SQLite', () => {
  test('state and ClientToken answers survive a clean restart', async () => {
    const databaseUrl = tempDatabaseUrl();
    let server = await startServer({ DATABASE_URL: databaseUrl });
    let client = clientFor(server.url);
    const created = await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'kept', Tags: [{ Key: 'k', Value: 'v' }] }));
    const input = {
      ConfigurationSetName: 'kept',
      EventDestinationName: 'd',
      MatchingEventTypes: ['ALL' as const],
      SnsDestination: SNS,
      ClientToken: 'restart-token',
    };
    const first = await client.send(new CreateEventDestinationCommand(input));
    client.destroy();
    assert.equal(await server.stop(), 0, 'SIGTERM exits cleanly');

    server = await startServer({ DATABASE_URL: databaseUrl });
    client = clientFor(server.url);
    try {
      const sets = (await client.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!;
      assert.equal(sets.length, 1);
      assert.deepEqual(sets[0].CreatedTimestamp, created.CreatedTimestamp);
      assert.deepEqual(sets[0].EventDestinations, [first.EventDestination]);
      assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: created.ConfigurationSetArn }))).Tags, [{ Key: 'k', Value: 'v' }]);
      const retried = await client.send(new CreateEventDestinationCommand(input));
      assert.deepEqual(retried.EventDestination, first.EventDestination);
      const reused = await rejectionOf(() => client.send(new CreateEventDestinationCommand({ ...input, EventDestinationName: 'e' })));
      assert.ok(reused instanceof ConflictException);
      const after = (await client.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!;
      assert.equal(after[0].EventDestinations!.length, 1);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  test('every acknowledged write survives SIGKILL in the middle of a write load', async () => {
    const databaseUrl = tempDatabaseUrl();
    let server = await startServer({ DATABASE_URL: databaseUrl, MAX_CONFIGURATION_SETS: '100000' });
    let client = clientFor(server.url);
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const name = `w${w}-${i}`;
        try {
          await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name }));
          acknowledged.push(name);
        } catch {
          return; // the connection died with the process
        }
      }
    });
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 5));
    await server.kill();
    stop = true;
    await Promise.all(writers);
    client.destroy();

    server = await startServer({ DATABASE_URL: databaseUrl, MAX_CONFIGURATION_SETS: '100000' });
    client = clientFor(server.url);
    try {
      const names = await allConfigurationSetNames(client);
      const lost = acknowledged.filter((n) => !names.has(n));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes lost`);
    } finally {
      client.destroy();
      await server.stop();
    }
  });
});

describe('shutdown', () => {
  test('SIGTERM lets a request in flight finish, keeps its write, and exits 0', async () => {
    const databaseUrl = tempDatabaseUrl();
    const server = await startServer({ DATABASE_URL: databaseUrl });
    const url = new URL(server.url);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'PinpointSMSVoiceV2.CreateConfigurationSet' },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      // Half the body now, SIGTERM while the request is in flight, the rest after.
      req.write('{"ConfigurationSetName":');
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end('"drained"}'), 200);
      }, 100);
    });
    const { status, body } = await answer;
    assert.equal(status, 200, body);
    const code = server.child.exitCode ?? (await new Promise((r) => server.child.once('exit', r)));
    assert.equal(code, 0);
    const again = await startServer({ DATABASE_URL: databaseUrl });
    const client = clientFor(again.url);
    try {
      const sets = (await client.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!;
      assert.deepEqual(
        sets.map((s) => s.ConfigurationSetName),
        ['drained'],
      );
    } finally {
      client.destroy();
      await again.stop();
    }
  });
});
