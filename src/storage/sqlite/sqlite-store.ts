import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store, StoreTx } from '../store.js';
import { SerialQueue } from '../serial-queue.js';
import { migrations } from './migrations.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { StatementCache } from './statement-cache.js';
import { CachingReadTx } from './read-cache.js';
import { prepareStatements, SqliteTx, type CacheState } from './sqlite-tx.js';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

interface PendingWrite {
  fn: (tx: StoreTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * SQLite through better-sqlite3: one connection in WAL mode. Writes are group-committed: the writes
 * that arrive while one event-loop turn runs share one transaction, each in its own savepoint so a
 * failing one rolls back alone, and none is acknowledged before the COMMIT returns. With
 * synchronous=NORMAL a committed write survives a killed process; with FULL every commit is also
 * fsynced, so it survives a power cut. Reads and write groups are serialized by a queue, so a check
 * and the write that depends on it never interleave with another request's.
 */
export class SqliteStore implements Store {
  readonly singleNode = true;
  private readonly queue = new SerialQueue();
  private readonly tx: SqliteTx;
  /** What reads use: the same connection, with pages cached until the next mutation. */
  private readonly readTx: CachingReadTx;
  private readonly statements: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>;
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private flushing = false;

  private constructor(private readonly db: Database.Database) {
    const statements = prepareStatements(db);
    const cache = new StatementCache(db);
    const outbox = new SqliteOutbox(cache);
    const cacheState: CacheState = { generation: 0 };
    this.tx = new SqliteTx(statements, cache, outbox, cacheState);
    this.readTx = new CachingReadTx(statements, cache, outbox, cacheState);
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT w'),
      release: db.prepare('RELEASE w'),
      rollbackTo: db.prepare('ROLLBACK TO w'),
    };
  }

  static open(path: string, synchronous: SqliteSynchronous = 'NORMAL'): SqliteStore {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      // SQLite would open a write-protected file read-only and fail on the first write instead;
      // the folder must take the -wal and -shm files too.
      accessSync(dirname(path), constants.W_OK);
      if (existsSync(path)) accessSync(path, constants.W_OK);
    }
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Savepoint journals in memory: each write of a group runs in a savepoint, and with the default
    // (a temporary file) every page a write first touches was copied there with a pwrite; that was
    // 14% of the process's CPU under send load (perf, 2026-11-29).
    db.pragma('temp_store = MEMORY');
    // Checkpoint every 2,000 WAL pages (8 MB) instead of SQLite's 1,000: each checkpoint fsyncs
    // twice and copies every page written since the last, and the pages a send touches are mostly the
    // same few index and table tails, so fewer checkpoints copy fewer pages. Checkpoints were 6% of
    // the process's CPU under send load, half of it fsync (perf, 2026-11-29); but a checkpoint stops
    // the event loop while it runs, so a longer interval lengthens the slowest answers: at 10
    // connections 1,000 pages gave p99 ~15 ms, 2,000 ~17 ms, 4,000 ~26 ms, none at all ~11 ms.
    db.pragma('wal_autocheckpoint = 2000');
    migrate(db);
    return new SqliteStore(db);
  }

  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.queue.run(() => this.flush()));
      }
    });
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.flushing = true;
    try {
      await this.commitGroup(batch);
    } finally {
      this.flushing = false;
    }
  }

  private async commitGroup(batch: PendingWrite[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const s = this.statements;
    try {
      s.begin.run();
      for (const write of batch) {
        s.savepoint.run();
        try {
          outcomes.push({ ok: true, value: await write.fn(this.tx) });
          s.release.run();
        } catch (error) {
          s.rollbackTo.run();
          s.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      s.commit.run();
    } catch (error) {
      if (this.db.inTransaction) s.rollback.run();
      for (const write of batch) write.reject(error);
      return;
    }
    batch.forEach((write, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  }

  /**
   * A read runs at once unless a write group is open: better-sqlite3 is synchronous, so a read
   * started from another request can otherwise never see a group half done. During a group it
   * waits for the commit.
   */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.flushing ? this.queue.run(() => fn(this.readTx)) : fn(this.readTx);
  }

  async close(): Promise<void> {
    await this.queue.run(async () => undefined);
    while (this.pending.length || this.flushScheduled) await this.queue.run(() => this.flush());
    await this.queue.run(async () => this.db.close());
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
    })();
  }
}
