// The PostgreSQL pass of `npm test`: the end-to-end, destination and storage suites again, on
// PostgreSQL. Without a reachable server it says so and skips, except in CI, where it fails.
import { execFileSync, spawnSync } from 'node:child_process';

const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
try {
  execFileSync('psql', [url, '-q', '-c', 'SELECT 1'], { stdio: 'ignore', timeout: 5000 });
} catch {
  if (process.env.CI) {
    console.error(`PostgreSQL is not reachable at ${url}: CI must run the PostgreSQL pass`);
    process.exit(1);
  }
  console.log(`# PostgreSQL pass SKIPPED: PostgreSQL is not reachable at ${url} (set TEST_POSTGRES_URL or start it)`);
  process.exit(0);
}
// Each test server gets a schema of its own, named after this run (t_<run>_...), so runs going on
// at the same time on one database never touch each other's schemas; this run drops its own at the end.
const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
console.log(`# PostgreSQL pass: end-to-end, destination and storage suites on ${url}`);
const run = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', 'dist/test/e2e/', 'dist/test/destinations/', 'dist/test/storage/postgres.test.js'],
  { stdio: 'inherit', env: { ...process.env, TEST_STORE: 'postgres', TEST_POSTGRES_RUN: runId } },
);
execFileSync('psql', [url, '-q', '-c', `DO $$ DECLARE s text; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_${runId}\\_%' LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP;
END $$`], { stdio: 'ignore' });
process.exit(run.status ?? 1);
