import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * Facts that never change once committed (a set's cell counts, whose token a rater holds), kept in memory so the hot
 * path does not read them on every request. Safe with several instances for that reason alone. Kept per database,
 * so apps on different databases in one process (the tests) never share entries; the oldest go past `maxEntries`.
 */
export class PerDatabaseCache<K, V> {
  static readonly #every = new Set<PerDatabaseCache<unknown, unknown>>();
  readonly #byDatabase = new WeakMap<object, Map<K, V>>();

  constructor(private readonly maxEntries = 100_000) {
    PerDatabaseCache.#every.add(this as PerDatabaseCache<unknown, unknown>);
  }

  /**
   * Empties every cache of one database (by its kysely adapter). After a SQLite group commit fails, what its
   * transactions read of each other was never committed, and SQLite hands out the same ids again.
   */
  static forgetDatabase(adapter: object): void {
    for (const cache of PerDatabaseCache.#every) cache.#byDatabase.delete(adapter);
  }

  /** The cached value, else `load()`'s, cached unless it is undefined (nothing there yet, so nothing to remember). */
  async get(db: Kysely<Database>, key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const database = db.getExecutor().adapter;
    let entries = this.#byDatabase.get(database);
    if (!entries) this.#byDatabase.set(database, (entries = new Map()));
    if (entries.has(key)) return entries.get(key);
    const value = await load();
    if (value !== undefined) {
      if (entries.size >= this.maxEntries) entries.delete(entries.keys().next().value as K);
      entries.set(key, value);
    }
    return value;
  }
}
