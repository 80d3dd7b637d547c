#!/usr/bin/env node
// `npx sms-voice-local` / `npm start`: configuration from the environment, flags override it.
import { parseArgs } from 'node:util';
import { start } from './app.js';
import { configFromEnv } from './config/config.js';

const HELP = `Usage: sms-voice-local [--port N] [--host H] [--database-url URL] [--seed FILE]

A local AWS End User Messaging SMS and Voice v2 endpoint. Every setting can also come from the
environment (PORT, HOST, DATABASE_URL, ...); see the README's configuration table.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'database-url': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const config = configFromEnv({
    ...process.env,
    ...(values.port !== undefined && { PORT: values.port }),
    ...(values.host !== undefined && { HOST: values.host }),
    ...(values['database-url'] !== undefined && { DATABASE_URL: values['database-url'] }),
    ...(values.seed !== undefined && { SEED_FILE: values.seed }),
  });
  const server = await start(config);
  const shutdown = (signal: string) => {
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`failed to stop cleanly after ${signal}`, err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
