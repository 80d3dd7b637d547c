import { describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { openStore } from '../../src/storage/open-store.js';
import { POSTGRES_URL, tempPostgresUrl } from '../support/server-process.js';
import { storeContract } from './store-contract.js';

function postgresReachable(): boolean {
  try {
    execFileSync('psql', [POSTGRES_URL, '-q', '-c', 'SELECT 1'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

if (postgresReachable()) {
  storeContract('PostgreSQL', () => openStore(tempPostgresUrl()));
} else if (process.env.CI) {
  test('PostgreSQL is reachable in CI', () => {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}; .ci/run must start it`);
  });
} else {
  describe('Store contract: PostgreSQL', () => {
    test(`skipped: PostgreSQL is not reachable at ${POSTGRES_URL}`, { skip: true }, () => undefined);
  });
}
