// Embedding: `import { start } from 'sms-voice-local'` in the repository (self-reference) and from
// an installed package, quiet by default, with the AWS SDK's endpoint variables honoured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import {
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  DescribeAccountAttributesCommand,
  DescribeAccountLimitsCommand,
  DescribeConfigurationSetsCommand,
  DescribeSpendLimitsCommand,
  SendTextMessageCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ConfigError, embeddedDefaults, start, type StartOptions } from 'sms-voice-local';
import { sendingSeed } from '../support/seed.js';
import { clientFor } from '../support/client.js';
import { eventually, localEvents } from '../support/events.js';
import { repoRoot } from '../support/server-process.js';

test('start({ port: 0, databaseUrl: "memory" }) serves in-process and stop() shuts it down', async () => {
  const server = await start({ port: 0, databaseUrl: 'memory', logger: pino({ level: 'silent' }) });
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const client = clientFor(server.url);
  try {
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'in-process' }));
    const sets = (await client.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!;
    assert.deepEqual(
      sets.map((s) => s.ConfigurationSetName),
      ['in-process'],
    );
  } finally {
    client.destroy();
    await server.stop();
  }
  await assert.rejects(fetch(`${server.url}/_local/health`));
});

/** A project outside the repository with sms-voice-local installed (linked) in its node_modules. */
function installedProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sms-voice-local-host-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'sms-voice-local'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'host', type: 'module', private: true }));
  return dir;
}

test('an installed package imports start() by name, with types, and is quiet by default', () => {
  const dir = installedProject();
  writeFileSync(
    join(dir, 'host.ts'),
    `import { start, type RunningServer, type StartOptions } from 'sms-voice-local';
const server: RunningServer = await start({ port: 0, databaseUrl: 'memory' });
// @ts-expect-error: the port is a number
const wrong: StartOptions = { port: '4566' };
void wrong;
const health = await fetch(server.url + '/_local/health');
const rejected = await fetch(server.url + '/', { method: 'POST', body: '{}' });
await server.stop();
console.log('done', health.status, rejected.status);
`,
  );
  const tsc = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--skipLibCheck',
      '--types',
      'node',
      '--typeRoots',
      join(repoRoot, 'node_modules', '@types'),
      'host.ts',
    ],
    { cwd: dir, encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  const run = spawnSync(process.execPath, ['host.js'], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH } });
  assert.equal(run.stderr, '');
  // Nothing but the host's own line: no log line per request in the host's output.
  assert.equal(run.stdout, 'done 200 400\n');
  assert.equal(run.status, 0);
});

test('start() reads AWS_ENDPOINT_URL* when sinkEndpoints is not given, and only then', async () => {
  const saved = process.env.AWS_ENDPOINT_URL_SNS;
  // Nothing listens on port 1: a delivery there fails, where a captured one would not be tried.
  process.env.AWS_ENDPOINT_URL_SNS = 'http://127.0.0.1:1';
  const options: StartOptions = {
    port: 0,
    databaseUrl: 'memory',
    logLevel: 'silent',
    eventStepDelayMs: 0,
    eventRetryBaseMs: 50,
    eventRetryMaxMs: 100,
    seedFile: sendingSeed(),
  };
  const fromEnv = await start(options);
  const explicit = await start({ ...options, sinkEndpoints: {} });
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SNS;
  else process.env.AWS_ENDPOINT_URL_SNS = saved;
  try {
    const firstStatus = async (url: string) => {
      const client = clientFor(url);
      try {
        await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'orders' }));
        await client.send(
          new CreateEventDestinationCommand({
            ConfigurationSetName: 'orders',
            EventDestinationName: 'to-sns',
            MatchingEventTypes: ['ALL'],
            SnsDestination: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:events' },
          }),
        );
        await client.send(new SendTextMessageCommand({ ConfigurationSetName: 'orders', DestinationPhoneNumber: '+14254147755', MessageBody: 'hi' }));
      } finally {
        client.destroy();
      }
      return eventually(async () => {
        const delivery = (await localEvents(url)).flatMap((e) => e.deliveries).find((d) => d.attempts > 0 || d.status === 'captured');
        return delivery && { status: delivery.status, lastError: delivery.lastError !== undefined };
      });
    };
    assert.deepEqual(await firstStatus(fromEnv.url), { status: 'pending', lastError: true });
    assert.deepEqual(await firstStatus(explicit.url), { status: 'captured', lastError: false });
  } finally {
    await fromEnv.stop();
    await explicit.stop();
  }
});

// Each row: options, and the message start() must reject them with.
const rejected: [Record<string, unknown>, string][] = [
  [{ port: 99999 }, 'port 99999 is not allowed: use an integer from 0 to 65535'],
  [{ logLevel: 'verbose' }, 'logLevel "verbose" is not allowed: use one of fatal, error, warn, info, debug, trace, silent'],
  [{ prot: 0 }, 'prot is not an option of start(): use '],
  [{ databaseUrl: 'sqlite:' }, 'databaseUrl "sqlite:" is not allowed: use memory, sqlite:<file path> or postgres://user@host:5432/db'],
  [{ accountTiers: new Map([['222222222222', 'SANDBOX']]) }, 'accountTiers {222222222222} is not allowed: use an object of 12-digit account id'],
  [{ accounts: new Map([['AKID', '222222222222']]) }, 'accounts {AKID} is not allowed: use an object of access key id'],
  [{ spendLimits: { TEXT_MESSAGE_MONTHLY_SPEND_LIMIT: -1 } }, 'spendLimits {"TEXT_MESSAGE_MONTHLY_SPEND_LIMIT":-1,'],
  [{ accountLimits: { PHONES: 1 } }, 'accountLimits {"PHONE_NUMBERS":100,'],
  [
    { accountTiers: '222222222222=GOLD' },
    'accountTiers "222222222222=GOLD" is not allowed: use an object of 12-digit account id to PRODUCTION or SANDBOX, or the ACCOUNT_TIERS text',
  ],
  [
    { accountTiers: '222222222222=SANDBOX,222222222222=PRODUCTION' },
    'accountTiers "222222222222=SANDBOX,222222222222=PRODUCTION" is not allowed: 222222222222 is given twice',
  ],
  [{ seedFile: '/nonexistent.json' }, 'seedFile "/nonexistent.json" cannot be read as JSON: ENOENT'],
];

test('start() takes some spend and account limits (the others keep their defaults), and the list settings as their variable text', async () => {
  const forms: StartOptions[] = [
    {
      spendLimits: { TEXT_MESSAGE_MONTHLY_SPEND_LIMIT: 7 },
      accountLimits: { POOLS: 3 },
      accountTiers: { '222222222222': 'SANDBOX' as const },
      accounts: { AKIDS: '222222222222' },
    },
    { spendLimits: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT=7', accountLimits: 'POOLS=3', accountTiers: '222222222222=SANDBOX', accounts: 'AKIDS=222222222222' },
  ];
  for (const options of forms) {
    const server = await start({ port: 0, databaseUrl: 'memory', ...options });
    const client = clientFor(server.url);
    const sandboxed = clientFor(server.url, { accessKeyId: 'AKIDS' });
    try {
      const spend = (await client.send(new DescribeSpendLimitsCommand({}))).SpendLimits!;
      assert.deepEqual(
        spend.map((l) => [l.Name, l.MaxLimit]),
        [
          ['TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', 7],
          ['VOICE_MESSAGE_MONTHLY_SPEND_LIMIT', 10_000],
          ['MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT', 10_000],
          ['NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT', 10_000],
        ],
        JSON.stringify(options),
      );
      const limits = (await client.send(new DescribeAccountLimitsCommand({}))).AccountLimits!;
      assert.equal(limits.find((l) => l.Name === 'POOLS')?.Max, 3);
      assert.equal(limits.find((l) => l.Name === 'PHONE_NUMBERS')?.Max, 100);
      const attributes = (await sandboxed.send(new DescribeAccountAttributesCommand({}))).AccountAttributes!;
      assert.equal(attributes.find((a) => a.Name === 'ACCOUNT_TIER')?.Value, 'SANDBOX');
    } finally {
      client.destroy();
      sandboxed.destroy();
      await server.stop();
    }
  }
});

for (const [options, message] of rejected) {
  test(`start(${JSON.stringify(options)}) is rejected with a ConfigError`, async () => {
    await assert.rejects(start({ databaseUrl: 'memory', ...options } as StartOptions), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.message.startsWith(message), error.message);
      return true;
    });
  });
}

test("the README's list of start() options names every option, and no other", () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('- **Options** are the settings');
  const options = readme.slice(start, readme.indexOf('\n- **', start + 1));
  const named = new Set([...options.matchAll(/`([a-z][A-Za-z]+)`/g)].map((m) => m[1]));
  for (const option of [...Object.keys(embeddedDefaults), 'logger', 'clock', 'ids']) assert.ok(named.has(option), `the README does not name ${option}`);
  const known = new Set([
    ...Object.keys(embeddedDefaults),
    'logger',
    'clock',
    'ids',
    'secretAccessKey',
    'accountId',
    'sns',
    'firehose',
    'cloudwatchLogs',
    'warn',
    'info',
    'now',
  ]);
  assert.deepEqual(
    [...named].filter((n) => !known.has(n)),
    [],
  );
});
