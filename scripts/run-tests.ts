// `npm test` after the build: the whole suite on SQLite, then the end-to-end, destination and
// storage suites again on PostgreSQL. Without a reachable PostgreSQL the second pass says it is
// skipped, except in CI, where it fails. Only test files are given to `node --test`.
//
// Every PostgreSQL schema a test creates is named after this run (t_<run>_...): test processes
// drop their own when they exit, and this driver drops whatever is left of its run at the end,
// also when it is interrupted (SIGINT, SIGTERM), so concurrent runs never touch each other's.
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresReachable } from '../test/support/server-process.js';
import { testFiles } from './test-files.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;

/** Drops every schema of this run that is still there. */
function dropRunSchemas(): void {
  if (!postgresReachable(url)) return;
  execFileSync(
    'psql',
    [
      url,
      '-q',
      '-c',
      `DO $$ DECLARE s text; BEGIN
    FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_${runId}\\_%' LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP;
  END $$`,
    ],
    { stdio: 'ignore' },
  );
}

let child: ReturnType<typeof spawn> | undefined;
let interrupted: NodeJS.Signals | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = signal;
    child?.kill(signal);
  });
}

/** Runs `node --test` on the files; resolves to its exit code. */
function nodeTest(files: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...files], {
      cwd: repoRoot,
      stdio: 'inherit',
      // The test processes' own SDK clients would print the SDK's Node version warning into the report.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', TEST_POSTGRES_RUN: runId, ...env },
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const sqlite = await nodeTest(testFiles(repoRoot, ['test', 'src', 'scripts']), {});
  if (sqlite !== 0 || interrupted) return sqlite || 1;
  if (!postgresReachable(url)) {
    if (process.env.CI) {
      console.error(`PostgreSQL is not reachable at ${url}: CI must run the PostgreSQL pass`);
      return 1;
    }
    console.log(`# PostgreSQL pass SKIPPED: PostgreSQL is not reachable at ${url} (set TEST_POSTGRES_URL or start it)`);
    return 0;
  }
  console.log(`# PostgreSQL pass: end-to-end, destination and storage suites on ${url}`);
  const files = [...testFiles(repoRoot, ['test/e2e', 'test/destinations']), 'dist/test/storage/postgres.test.js'];
  return nodeTest(files, { TEST_STORE: 'postgres' });
}

const code = await main().finally(dropRunSchemas);
process.exit(interrupted ? 1 : code);
