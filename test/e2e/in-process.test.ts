import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { CreateConfigurationSetCommand, DescribeConfigurationSetsCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { start } from '../../src/index.js';
import { clientFor } from '../support/client.js';

test('start({ port: 0, databaseUrl: "memory" }) serves in-process and stop() shuts it down', async () => {
  const server = await start({ port: 0, databaseUrl: 'memory', logger: pino({ level: 'silent' }) });
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const client = clientFor(server.url);
  try {
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'in-process' }));
    const sets = (await client.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!;
    assert.deepEqual(sets.map((s) => s.ConfigurationSetName), ['in-process']);
  } finally {
    client.destroy();
    await server.stop();
  }
  await assert.rejects(fetch(`${server.url}/_local/health`));
});
