// Starts the real server process (dist/src/cli.js) on a free port with a real SQLite file.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const cliPath = join(repoRoot, 'dist', 'src', 'cli.js');

export interface ServerProcess {
  url: string;
  databaseUrl: string;
  child: ChildProcess;
  /** Every log line the process wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM and wait for exit; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

/** The store the end-to-end suites run on: SQLite unless TEST_STORE=postgres. */
export const testStore = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Whether PostgreSQL answers at `url` (within 5 s). */
export function postgresReachable(url = POSTGRES_URL): boolean {
  try {
    execFileSync('psql', [url, '-q', '-c', 'SELECT 1'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

const schemas: string[] = [];

/** A fresh PostgreSQL schema in the test database, as a DATABASE_URL whose search_path is that schema. */
export function tempPostgresUrl(): string {
  // Named after the test run (scripts/run-tests.ts drops what is left of its run at the end).
  const run = process.env.TEST_POSTGRES_RUN ?? `adhoc${process.pid}`;
  const schema = `t_${run}_${schemas.length + 1}_${Math.random().toString(36).slice(2, 8)}`;
  execFileSync('psql', [POSTGRES_URL, '-q', '-c', `CREATE SCHEMA ${schema}`], { stdio: 'ignore' });
  if (schemas.length === 0) process.once('exit', dropTempSchemas);
  schemas.push(schema);
  return `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Drops the schemas this process created (at exit, so a test file cleans up after itself). */
function dropTempSchemas(): void {
  try {
    execFileSync('psql', [POSTGRES_URL, '-q', '-c', `DROP SCHEMA IF EXISTS ${schemas.join(', ')} CASCADE`], { stdio: 'ignore', timeout: 30_000 });
  } catch {
    // The run's driver drops what is left of its run.
  }
}

/** A fresh, empty database on the store under test. */
export function tempDatabaseUrl(): string {
  if (testStore === 'postgres') return tempPostgresUrl();
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'sms-voice-local-')), 'state.db')}`;
}

export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const databaseUrl = env.DATABASE_URL ?? tempDatabaseUrl();
  // The test run silences the AWS SDK's Node version warning in its own processes; the server must
  // do that by itself (its stderr is checked), so it does not inherit the switch.
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _inherited, ...inherited } = process.env;
  const child = spawn(process.execPath, [cliPath], {
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'sms-voice-local listening') resolve(entry.url as string);
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
  return {
    url,
    databaseUrl,
    child,
    logs,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
