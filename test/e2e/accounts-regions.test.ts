import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateConfigurationSetCommand, DescribeConfigurationSetsCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor } from '../support/client.js';

let server: ServerProcess;
before(async () => {
  server = await startServer({ ACCOUNTS: 'AKIDTEAMA=111111111111,AKIDTEAMB=222222222222' });
});
after(async () => {
  await server.stop();
});

test('each (account, region) pair is its own namespace, and ARNs carry both', async () => {
  const clients = {
    aEast: clientFor(server.url, { accessKeyId: 'AKIDTEAMA', region: 'us-east-1' }),
    aWest: clientFor(server.url, { accessKeyId: 'AKIDTEAMA', region: 'eu-west-1' }),
    b: clientFor(server.url, { accessKeyId: 'AKIDTEAMB', region: 'us-east-1' }),
    unknownKey: clientFor(server.url, { accessKeyId: 'AKIDSOMEONE', region: 'us-east-1' }),
  };
  try {
    const arns: Record<string, string> = {};
    for (const [label, c] of Object.entries(clients)) {
      // The same name in every namespace: no conflict between them.
      arns[label] = (await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'shared-name' }))).ConfigurationSetArn!;
    }
    const expected: Record<string, string> = {
      aEast: 'arn:aws:sms-voice:us-east-1:111111111111:configuration-set/shared-name',
      aWest: 'arn:aws:sms-voice:eu-west-1:111111111111:configuration-set/shared-name',
      b: 'arn:aws:sms-voice:us-east-1:222222222222:configuration-set/shared-name',
      unknownKey: 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/shared-name',
    };
    assert.deepEqual(arns, expected);
    for (const [label, c] of Object.entries(clients)) {
      const sets = (await c.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!;
      assert.deepEqual(
        sets.map((s) => s.ConfigurationSetArn),
        [expected[label]],
      );
    }
  } finally {
    for (const c of Object.values(clients)) c.destroy();
  }
});
