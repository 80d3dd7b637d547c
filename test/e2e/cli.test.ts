// The command line as a user meets it: start-up checks, --version, and stopping what the README starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { cliPath, repoRoot } from '../support/server-process.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'sms-voice-local-cli-'));

/** Runs the CLI to its end (bounded: it must not keep running), with a clean environment plus `env`. */
function runCli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    env: { PATH: process.env.PATH, PORT: '0', DATABASE_URL: 'memory', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  assert.equal(result.error, undefined, `the CLI kept running: ${result.stderr}`);
  return result;
}

const readOnlyFile = join(tempDir(), 'state.db');
writeFileSync(readOnlyFile, '');
chmodSync(readOnlyFile, 0o444);

// Each row: flags, environment, and the one line the CLI must print on stderr before exiting 1.
const rejected: [string[], Record<string, string>, string][] = [
  [['--port', '99999'], {}, '--port "99999" is not allowed: use an integer from 0 to 65535'],
  [[], { PORT: '-1' }, 'PORT "-1" is not allowed: use an integer from 0 to 65535'],
  [[], { SHUTDOWN_GRACE_MS: '2.5' }, 'SHUTDOWN_GRACE_MS "2.5" is not allowed: use an integer from 0 to 2147483647'],
  [[], { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL "verbose" is not allowed: use one of fatal, error, warn, info, debug, trace, silent'],
  [['--database-url', 'mysql://db/x'], {}, '--database-url "mysql://db/x" is not allowed: use memory, sqlite:<file path> or postgres://user@host:5432/db'],
  [[], { DATABASE_URL: 'sqlite:' }, 'DATABASE_URL "sqlite:" is not allowed: use memory, sqlite:<file path> or postgres://user@host:5432/db'],
  [['--host', 'bad host'], {}, '--host "bad host" is not allowed: use an IP address or a host name'],
  [['--verbose'], {}, 'unknown option --verbose: use --port, --host, --database-url, --seed, --help or --version (see --help)'],
  [['serve'], {}, "Unexpected argument 'serve'. This command does not take positional arguments (see --help)"],
  [['--port'], {}, "Option '--port <value>' argument missing (see --help)"],
  // A key given twice in a list setting is refused (the last entry would silently win).
  [
    [],
    { ACCOUNT_TIERS: '111111111111=SANDBOX,111111111111=PRODUCTION' },
    'ACCOUNT_TIERS "111111111111=SANDBOX,111111111111=PRODUCTION" is not allowed: 111111111111 is given twice',
  ],
  [[], { ACCOUNTS: 'AKID1=111111111111,AKID1=222222222222' }, 'ACCOUNTS "AKID1=111111111111,AKID1=222222222222" is not allowed: AKID1 is given twice'],
  [[], { ACCOUNT_LIMITS: 'POOLS=5, POOLS=6' }, 'ACCOUNT_LIMITS "POOLS=5, POOLS=6" is not allowed: POOLS is given twice'],
  [
    [],
    { SPEND_LIMITS: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT=1,TEXT_MESSAGE_MONTHLY_SPEND_LIMIT=2' },
    'SPEND_LIMITS "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT=1,TEXT_MESSAGE_MONTHLY_SPEND_LIMIT=2" is not allowed: TEXT_MESSAGE_MONTHLY_SPEND_LIMIT is given twice',
  ],
  [[], { AUTH_KEYS: 'AKID1:s1,AKID1:s2' }, 'AUTH_KEYS "AKID1:***,AKID1:***" is not allowed: AKID1 is given twice'],
];
// Seed file problems are configuration errors too: one line naming SEED_FILE (or --seed), the file and the problem.
const seedDir = tempDir();
const tierSeed = join(seedDir, 'tier.json');
writeFileSync(tierSeed, JSON.stringify({ accountTier: 123 }));
const poolSeed = join(seedDir, 'pool.json');
writeFileSync(poolSeed, JSON.stringify({ pools: [{ OriginationIdentity: '+12065550199', MessageType: 'TRANSACTIONAL' }] }));
rejected.push(
  [[], { SEED_FILE: '/nonexistent.json' }, `SEED_FILE "/nonexistent.json" cannot be read as JSON: ENOENT: no such file or directory, open '/nonexistent.json'`],
  [['--seed', tierSeed], {}, `--seed "${tierSeed}" cannot be applied: seed (top level).accountTier: must be a string`],
  [[], { SEED_FILE: poolSeed }, `SEED_FILE "${poolSeed}" cannot be applied: seed [0].pools[0]: no phone number +12065550199 in this seed scope`],
);
// Root may write to a file without write permission; the check only means something for other users.
if (process.getuid?.() !== 0) {
  rejected.push([
    [],
    { DATABASE_URL: `sqlite:${readOnlyFile}` },
    `DATABASE_URL "sqlite:${readOnlyFile}" cannot be opened: EACCES: permission denied, access '${readOnlyFile}'`,
  ]);
}

for (const [args, env, message] of rejected) {
  test(`the CLI exits 1 with one message for ${JSON.stringify([...args, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)])}`, () => {
    const result = runCli(args, env);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, `sms-voice-local: ${message}\n`);
    assert.equal(result.stdout, '');
  });
}

test('an SQLite path that cannot be created is named with its reason', () => {
  const notAFolder = join(tempDir(), 'file');
  writeFileSync(notAFolder, '');
  const result = runCli([], { DATABASE_URL: `sqlite:${notAFolder}/state.db` });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, new RegExp(`^sms-voice-local: DATABASE_URL "sqlite:${notAFolder}/state.db" cannot be opened: E[A-Z]+: .+\\n$`));
});

test('a port already in use is named, with the host', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const { port } = busy.address() as { port: number };
  try {
    const result = runCli(['--port', String(port)], { HOST: '127.0.0.1' });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, `sms-voice-local: --port ${port} cannot be used: it is already in use on 127.0.0.1\n`);
  } finally {
    busy.close();
  }
});

test('--version prints the package version and --help the usage', () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual([runCli(['--version']).stdout, runCli(['--version']).status], [`${version}\n`, 0]);
  assert.match(runCli(['--help']).stdout, /^Usage: sms-voice-local/);
});

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('`npm start &` then `kill $!` stops the server, as the README says', async () => {
  // `npm start` in the background: its pid is what `$!` gives a shell.
  const npm = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', DATABASE_URL: `sqlite:${join(tempDir(), 'state.db')}`, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  const listening = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    createInterface({ input: npm.stdout! }).on('line', (line) => {
      if (line.includes('"sms-voice-local listening"')) resolve(JSON.parse(line));
    });
    void npmExited.then(() => reject(new Error('npm start exited before the server listened')));
  });
  assert.notEqual(listening.pid, npm.pid, 'npm runs the server as a child');
  npm.kill('SIGTERM');
  await npmExited;
  // The server is gone (bounded wait), and its port is free.
  for (let i = 0; alive(listening.pid) && i < 100; i++) await new Promise((r) => setTimeout(r, 100));
  const stillRunning = alive(listening.pid);
  if (stillRunning) process.kill(listening.pid, 'SIGKILL');
  assert.equal(stillRunning, false, `the node server (pid ${listening.pid}) outlived kill of npm (pid ${npm.pid})`);
  const port = Number(new URL(listening.url).port);
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve));
  probe.close();
});
