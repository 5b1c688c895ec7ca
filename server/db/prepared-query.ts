import { sql, type Compilable, type CompiledQuery, type DialectAdapter, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './database.js';

/** Stands in for a value while a query is built; replaced by the named parameter's value when it runs. */
class Placeholder {
  constructor(readonly name: string) {}
}

export type Param<P> = <K extends keyof P & string>(name: K) => P[K];

interface Compiled {
  query: CompiledQuery;
  /** For each SQL parameter: the name of the value to put there, or the constant kysely compiled in. */
  slots: ({ name: string } | { constant: unknown })[];
}

/** Runs compiled SQL on the connection a transaction already holds, without kysely's executor. */
export interface DirectStatements {
  run(sql: string, parameters: readonly unknown[]): { rows: unknown[]; changes: number };
}

const directByAdapter = new WeakMap<DialectAdapter, DirectStatements>();

const statementNames = new Map<string, string>();

/**
 * The name a prepared query's SQL runs under as a PostgreSQL named statement (parsed once per connection), or
 * undefined for other SQL, which stays unnamed: ad-hoc queries would fill every connection's statement cache.
 */
export const statementNameOf = (sql: string): string | undefined => statementNames.get(sql);

/** Lets prepared queries inside this database's transactions run on its statements directly (SQLite). */
export function registerDirectStatements(db: Kysely<Database>, statements: DirectStatements): void {
  directByAdapter.set(db.getExecutor().adapter, statements);
}

/**
 * A query built once with kysely's typed builder, its values named parameters: the hot path (next item, vote) pays
 * neither query building nor compiling on each request, about 8 of the 14 µs kysely spends on a small query.
 * Inside a SQLite transaction it runs straight on the cached better-sqlite3 statement (the transaction holds the one
 * connection, so nothing can interleave); elsewhere, and on PostgreSQL, through kysely's executor.
 */
export class PreparedQuery<P extends object, O> {
  readonly #compiled = new WeakMap<DialectAdapter, Compiled>();

  constructor(private readonly build: (db: Kysely<Database>, param: Param<P>) => Compilable<O>) {}

  async rows(db: Kysely<Database>, params: P): Promise<O[]> {
    return (await this.#execute(db, params)).rows as O[];
  }

  async first(db: Kysely<Database>, params: P): Promise<O | undefined> {
    return (await this.rows(db, params))[0];
  }

  /** Runs a write; returns how many rows it changed. */
  async run(db: Kysely<Database>, params: P): Promise<number> {
    return (await this.#execute(db, params)).changes;
  }

  async #execute(db: Kysely<Database>, params: P): Promise<{ rows: unknown[]; changes: number }> {
    const adapter = db.getExecutor().adapter;
    const compiled = this.#compile(db, adapter);
    const values = params as Record<string, unknown>;
    const parameters = compiled.slots.map((slot) => ('name' in slot ? values[slot.name] : slot.constant));
    const direct = db.isTransaction ? directByAdapter.get(adapter) : undefined;
    if (direct) return direct.run(compiled.query.sql, parameters);
    const result = await db.executeQuery<O>({ ...compiled.query, parameters });
    return { rows: result.rows, changes: Number(result.numAffectedRows ?? 0n) };
  }

  #compile(db: Kysely<Database>, adapter: DialectAdapter): Compiled {
    let compiled = this.#compiled.get(adapter);
    if (compiled === undefined) {
      const param = ((name: string) => new Placeholder(name)) as unknown as Param<P>;
      const query = this.build(db, param).compile();
      const slots = query.parameters.map((value) => (value instanceof Placeholder ? { name: value.name } : { constant: value }));
      compiled = { query, slots };
      this.#compiled.set(adapter, compiled);
      if (!statementNames.has(query.sql)) statementNames.set(query.sql, `arena_${statementNames.size + 1}`);
    }
    return compiled;
  }
}

export const prepare = <P extends object, O>(build: (db: Kysely<Database>, param: Param<P>) => Compilable<O>) =>
  new PreparedQuery<P, O>(build);

/**
 * A constant LIMIT written into the SQL instead of bound. SQLite reads a bound LIMIT's value when it plans, and so must
 * prepare the statement again every time that parameter is bound, which is every run: the candidate-cell query took
 * 27 µs with `limit ?` and 3 µs with `limit 16`.
 */
export function literalLimit(rows: number): RawBuilder<number> {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`a LIMIT must be a non-negative integer, not ${rows}`);
  return sql.lit(rows);
}
