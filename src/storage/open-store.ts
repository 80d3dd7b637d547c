import type { Store } from './store.js';

export interface StoreOptions {
  /** SQLite: NORMAL survives a killed process; FULL also fsyncs every commit. */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
}

/**
 * Opens the store named by a DATABASE_URL: `sqlite:<path>`, `memory` (SQLite in memory) or
 * `postgres://...`.
 * Each implementation is loaded only when asked for.
 */
export async function openStore(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
  if (databaseUrl === 'memory' || databaseUrl === 'sqlite::memory:') {
    const { SqliteStore } = await import('./sqlite/sqlite-store.js');
    return SqliteStore.open(':memory:');
  }
  if (databaseUrl.startsWith('sqlite:')) {
    const { SqliteStore } = await import('./sqlite/sqlite-store.js');
    return SqliteStore.open(databaseUrl.slice('sqlite:'.length), options.sqliteSynchronous);
  }
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    return PostgresStore.open(databaseUrl);
  }
  throw new Error(`Unsupported DATABASE_URL ${JSON.stringify(databaseUrl)}: use sqlite:<path>, memory or postgres://...`);
}
