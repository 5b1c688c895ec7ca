import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export interface CacheBounds<V> {
  /** The oldest entries go past this many. */
  maxEntries?: number;
  /** And past this total weight (say, characters), when entries are weighed. */
  maxWeight?: number;
  weigh?: (value: V) => number;
}

interface Entries<K, V> {
  values: Map<K, { value: V; weight: number }>;
  weight: number;
}

/**
 * Facts that never change once committed (a set's cell counts, whose token a rater holds), kept in memory so the hot
 * path does not read them on every request. Safe with several instances for that reason alone. Kept per database,
 * so apps on different databases in one process (the tests) never share entries; the oldest go past their bounds.
 */
export class PerDatabaseCache<K, V> {
  static readonly #every = new Set<PerDatabaseCache<unknown, unknown>>();
  readonly #byDatabase = new WeakMap<object, Entries<K, V>>();
  readonly #maxEntries: number;
  readonly #maxWeight: number;
  readonly #weigh: (value: V) => number;

  constructor({ maxEntries = 100_000, maxWeight = Infinity, weigh = () => 0 }: CacheBounds<V> = {}) {
    this.#maxEntries = maxEntries;
    this.#maxWeight = maxWeight;
    this.#weigh = weigh;
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
    if (!entries) this.#byDatabase.set(database, (entries = { values: new Map(), weight: 0 }));
    const cached = entries.values.get(key);
    if (cached) return cached.value;
    const value = await load();
    if (value !== undefined && !entries.values.has(key)) {
      const weight = this.#weigh(value);
      if (weight > this.#maxWeight) return value;
      entries.values.set(key, { value, weight });
      entries.weight += weight;
      for (const [oldest, entry] of entries.values) {
        if (entries.values.size <= this.#maxEntries && entries.weight <= this.#maxWeight) break;
        entries.values.delete(oldest);
        entries.weight -= entry.weight;
      }
    }
    return value;
  }
}
