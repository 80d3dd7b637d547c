// A read cache for the SQLite store, which is the only writer of its database: pages of
// configuration sets, single sets and destination lists are kept until any configuration set or
// destination changes (a generation count that every such mutation bumps, committed or not).
// Only reads use it, and a read never runs while a write group is open, so what it caches is
// committed. Cached arrays are frozen: handlers build new objects from records, never edit them.
import type { ConfigurationSetRecord, EventDestinationRecord, ListPage, Scope } from '../store.js';
import { SqliteTx } from './sqlite-tx.js';

const MAX_ENTRIES = 10_000;

export class CachingReadTx extends SqliteTx {
  private readonly cache = new Map<string, unknown>();
  private generation = -1;

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.generation !== this.cacheState.generation || this.cache.size >= MAX_ENTRIES) {
      this.cache.clear();
      this.generation = this.cacheState.generation;
    }
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = await load();
    this.cache.set(key, Array.isArray(value) ? Object.freeze(value) : value);
    return value;
  }

  override findConfigurationSet(scope: Scope, name: string): Promise<ConfigurationSetRecord | undefined> {
    return this.cached(`set\u0000${scope.accountId}\u0000${scope.region}\u0000${name}`, () => super.findConfigurationSet(scope, name));
  }

  override listConfigurationSets(scope: Scope, page: ListPage): Promise<ConfigurationSetRecord[]> {
    const key = `page\u0000${scope.accountId}\u0000${scope.region}\u0000${page.afterName ?? ''}\u0000${page.limit}`;
    return this.cached(key, () => super.listConfigurationSets(scope, page));
  }

  override listEventDestinations(scope: Scope, names: string[]): Promise<EventDestinationRecord[]> {
    const key = `destinations\u0000${scope.accountId}\u0000${scope.region}\u0000${names.join('\u0000')}`;
    return this.cached(key, () => super.listEventDestinations(scope, names));
  }
}
