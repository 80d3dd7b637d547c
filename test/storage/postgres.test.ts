import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openStore } from '../../src/storage/open-store.js';
import { POSTGRES_URL, postgresReachable, repoRoot, tempPostgresUrl } from '../support/server-process.js';
import { sendPathContract } from './send-path-contract.js';
import { storeContract } from './store-contract.js';

if (postgresReachable()) {
  storeContract('PostgreSQL', () => openStore(tempPostgresUrl()));
  sendPathContract('PostgreSQL', () => openStore(tempPostgresUrl()));

  test('a test process drops the schemas it created when it exits', () => {
    const support = join(repoRoot, 'dist', 'test', 'support', 'server-process.js');
    const created = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { tempPostgresUrl } from ${JSON.stringify(support)};
        for (let i = 0; i < 2; i++) console.log(decodeURIComponent(tempPostgresUrl()).split('search_path=')[1]);`,
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    assert.equal(created.length, 2);
    const left = execFileSync('psql', [POSTGRES_URL, '-Atc', `SELECT count(*) FROM pg_namespace WHERE nspname IN ('${created.join("','")}')`], {
      encoding: 'utf8',
    });
    assert.equal(left.trim(), '0');
  });
} else if (process.env.CI) {
  test('PostgreSQL is reachable in CI', () => {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}; .ci/run must start it`);
  });
} else {
  describe('Store contract: PostgreSQL', () => {
    test(`skipped: PostgreSQL is not reachable at ${POSTGRES_URL}`, { skip: true }, () => undefined);
  });
}
