#!/usr/bin/env node
// `npx sms-voice-local` / `npm start`: configuration from the environment, flags override it.
// A configuration problem exits 1 at once with one line naming the setting, its value and what is
// allowed.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { start } from './app.js';
import { ConfigError, configFromEnv, settingName } from './config/config.js';

const HELP = `Usage: sms-voice-local [--port N] [--host H] [--database-url URL] [--seed FILE]
       sms-voice-local --help | --version

A local AWS End User Messaging SMS and Voice v2 endpoint. Every setting can also come from the
environment (PORT, HOST, DATABASE_URL, LOG_LEVEL, SHUTDOWN_GRACE_MS, ...); see the README's
configuration table. SIGTERM or SIGINT stops it within SHUTDOWN_GRACE_MS (default 5000 ms).`;

/** Flags and the environment variables they set. */
const FLAGS = { port: 'PORT', host: 'HOST', 'database-url': 'DATABASE_URL', seed: 'SEED_FILE' } as const;

/** After the grace period, how long closing the event delivery and the store may take before the process exits anyway. */
const CLOSE_ALLOWANCE_MS = 5_000;

class UsageError extends Error {}

function parseFlags() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'database-url': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }).values;
  } catch (error) {
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    const message = unknown ? `unknown option ${unknown[1]}: use --port, --host, --database-url, --seed, --help or --version` : (error as Error).message;
    throw new UsageError(`${message} (see --help)`);
  }
}

async function main(): Promise<void> {
  // A reader that went away (EPIPE, e.g. `| head -1`) neither crashes nor holds the process; what
  // is written after that is lost.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const values = parseFlags();
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.version) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(pkg.version);
    return;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  const labels: Record<string, string> = {};
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const value = values[flag as keyof typeof FLAGS];
    if (value === undefined) continue;
    env[variable] = value;
    labels[variable] = `--${flag}`;
  }
  const config = configFromEnv(env, labels);
  const starting = start(config).catch((error: unknown) => {
    // start() names options by their Config field; say the variable or flag the user set.
    throw error instanceof ConfigError ? error.named(settingName(error.setting, labels)) : error;
  });
  const shutdown = (signal: string) => {
    setTimeout(() => {
      console.error(`sms-voice-local did not stop within ${config.shutdownGraceMs + CLOSE_ALLOWANCE_MS} ms of ${signal}; exiting`);
      process.exit(1);
    }, config.shutdownGraceMs + CLOSE_ALLOWANCE_MS).unref();
    starting.then(
      (server) =>
        server.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(`failed to stop cleanly after ${signal}`, err);
            process.exit(1);
          },
        ),
      // A failed start is reported (and exits 1) below.
      () => undefined,
    );
  };
  // Before start() resolves: a signal right after the "listening" line (or during the seed) still
  // stops the server cleanly, once it has started.
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await starting;
}

main().catch((err: unknown) => {
  // A configuration or usage problem is one line; anything else keeps its stack.
  const known = err instanceof ConfigError || err instanceof UsageError;
  console.error(known ? `sms-voice-local: ${err.message}` : err);
  process.exit(1);
});
