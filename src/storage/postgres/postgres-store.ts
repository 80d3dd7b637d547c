// PostgreSQL through node-postgres, for several nodes on one database. Write transactions are
// SERIALIZABLE unless they ask for READ COMMITTED (sends, see WriteOptions), and retried on
// serialization failures and unique-key races, so the handlers' check-then-write rules (quotas,
// names, ClientTokens) hold across nodes without any locking of their own. The outbox is leased
// with FOR UPDATE SKIP LOCKED.
import pg from 'pg';
import type { Store, StoreTx, WriteOptions } from '../store.js';
import { migrations } from './migrations.js';
import { PostgresTx, type Queryable } from './postgres-tx.js';

/** BIGINT columns hold epoch milliseconds and counters, well inside a double's exact range. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const RETRYABLE = new Set(['40001', '40P01', '23505']);
/**
 * Sends run at READ COMMITTED and add to their account's spend record in one UPDATE, so they queue
 * on its row lock instead of conflicting; the other writes are serializable and may still conflict.
 * Attempts back off exponentially with full jitter, up to 250 ms, 60 times at most (about 8 s in the
 * worst case) before the error is answered.
 */
const MAX_ATTEMPTS = 60;
const MAX_BACKOFF_MS = 250;

export class PostgresStore implements Store {
  readonly singleNode = false;

  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: 10, types });
    pool.on('error', () => undefined); // an idle client's error; the next query reports its own
    await migrate(pool);
    return new PostgresStore(pool);
  }

  async write<T>(fn: (tx: StoreTx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const begin = options.isolation === 'read-committed' ? 'BEGIN ISOLATION LEVEL READ COMMITTED' : 'BEGIN ISOLATION LEVEL SERIALIZABLE';
    const client = await this.pool.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await client.query(begin);
          const result = await fn(new PostgresTx(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const code = (error as { code?: string }).code;
          if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** Math.min(attempt, 8))));
        }
      }
    } finally {
      client.release();
    }
  }

  async read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await fn(new PostgresTx(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Applies pending migrations under an advisory lock, so nodes starting together migrate once. */
async function migrate(db: Queryable): Promise<void> {
  const client = db as pg.Pool;
  const conn = await client.connect();
  try {
    await conn.query('SELECT pg_advisory_lock(715517)');
    await conn.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const applied = new Set((await conn.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await conn.query('BEGIN');
      await conn.query(migration.sql);
      await conn.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
      await conn.query('COMMIT');
    }
  } finally {
    await conn.query('SELECT pg_advisory_unlock(715517)').catch(() => undefined);
    conn.release();
  }
}
