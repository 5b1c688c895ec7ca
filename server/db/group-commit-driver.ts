import type SqliteDatabase from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/** A batch commits at the latest after this many transactions, so one burst cannot hold the write lock for long. */
const MAX_BATCH = 64;

/** The savepoint each transaction of a batch runs in. */
const TRANSACTION_SAVEPOINT = 'arena_transaction';

/** Transactions sharing one SQLite commit; each learns the commit's outcome. */
class Batch {
  readonly committed: Promise<void>;
  resolve!: () => void;
  reject!: (error: unknown) => void;
  transactions = 0;
  commitScheduled = false;

  constructor() {
    this.committed = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Nobody may be waiting when a batch of rolled-back transactions fails to commit.
    this.committed.catch(() => undefined);
  }
}

/** One use of the single connection, from acquireConnection to its release. */
class Lease implements DatabaseConnection {
  inTransaction = false;
  released = false;

  constructor(private readonly driver: GroupCommitSqliteDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // A query outside a transaction must not see, nor answer with, writes that are not committed yet.
    if (!this.inTransaction) this.driver.commitOpenBatch();
    return Promise.resolve(this.driver.run<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!this.inTransaction) this.driver.commitOpenBatch();
    const statement = this.driver.database.prepare(query.sql) as SqliteDatabase.Statement;
    for (const row of statement.iterate(query.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/**
 * Kysely's SQLite driver, except that transactions finishing in the same turn of the event loop share one commit.
 * A commit writes every page the transaction changed to the write-ahead log, a syscall or two each, and was a third of
 * the database time of a next + vote pair. Each transaction runs in a savepoint of one outer transaction; releasing
 * it lets the next request's transaction in, and the outer transaction commits when the event loop has nothing else
 * ready (or when a query outside a transaction needs the connection, or after MAX_BATCH transactions). A transaction's
 * commit resolves only after that commit, so nothing is acknowledged before it is durable; if the commit fails, every
 * transaction of the batch fails with it. A transaction that throws rolls back its savepoint alone.
 */
export class GroupCommitSqliteDriver implements Driver {
  readonly #mutex = new ConnectionMutex();
  #batch: Batch | null = null;

  constructor(
    readonly database: KyselySqliteDatabase,
    /** Whether SQLite has a transaction open: after some errors (disk full, I/O) it rolls the whole one back itself. */
    private readonly inTransaction: () => boolean,
    /** Told when a batch failed to commit, before its transactions learn it. */
    private readonly onBatchLost: () => void = () => undefined,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return new Lease(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (this.#batch !== null && (this.#batch.transactions >= MAX_BATCH || !this.inTransaction())) this.commitOpenBatch();
    if (this.#batch === null) {
      this.#exec('begin');
      this.#batch = new Batch();
    }
    try {
      this.#exec(`savepoint ${TRANSACTION_SAVEPOINT}`);
    } catch (error) {
      // Not begun, so kysely will not end it: an outer transaction nobody is in must not stay open.
      if (this.#batch.transactions === 0) this.commitOpenBatch();
      throw error;
    }
    this.#batch.transactions++;
    lease.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    this.#exec(`release ${TRANSACTION_SAVEPOINT}`);
    const batch = this.#endTransaction(lease);
    await batch.committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    // After a failed batch commit kysely rolls back a transaction that is already over: nothing is left to undo.
    if (!lease.inTransaction) return;
    try {
      // If SQLite already rolled back the whole outer transaction, the batch commit will fail every transaction in it.
      if (this.inTransaction()) {
        this.#exec(`rollback to ${TRANSACTION_SAVEPOINT}`);
        this.#exec(`release ${TRANSACTION_SAVEPOINT}`);
      }
    } finally {
      this.#endTransaction(lease);
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.released) return;
    lease.released = true;
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    await this.#mutex.lock();
    try {
      this.commitOpenBatch();
    } finally {
      this.#mutex.unlock();
      this.database.close();
    }
  }

  /** Commits the open batch now. Only while holding the connection, so no transaction is halfway. */
  commitOpenBatch(): void {
    const batch = this.#batch;
    if (batch === null) return;
    this.#batch = null;
    try {
      if (!this.inTransaction()) throw new Error('SQLite rolled back the transaction after an error; nothing of it was saved');
      this.#exec('commit');
      batch.resolve();
    } catch (error) {
      try {
        this.#exec('rollback');
      } catch {
        // SQLite may have rolled back already.
      }
      this.onBatchLost();
      batch.reject(error);
    }
  }

  run<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.database.prepare(query.sql) as SqliteDatabase.Statement;
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /** The transaction's part is done: hand the connection on and have the batch commit once the loop is idle. */
  #endTransaction(lease: Lease): Batch {
    const batch = this.#batch!;
    lease.inTransaction = false;
    lease.released = true;
    this.#mutex.unlock();
    if (!batch.commitScheduled) {
      batch.commitScheduled = true;
      setImmediate(() => void this.#commitWhenFree(batch));
    }
    return batch;
  }

  async #commitWhenFree(batch: Batch): Promise<void> {
    await this.#mutex.lock();
    try {
      if (this.#batch === batch) this.commitOpenBatch();
    } finally {
      this.#mutex.unlock();
    }
  }

  #exec(sql: string): void {
    (this.database.prepare(sql) as SqliteDatabase.Statement).run();
  }
}

/** kysely's: the single connection is used by one caller at a time. */
class ConnectionMutex {
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#promise) await this.#promise;
    this.#promise = new Promise((resolve) => (this.#resolve = resolve));
  }

  unlock(): void {
    const resolve = this.#resolve;
    this.#promise = undefined;
    this.#resolve = undefined;
    resolve?.();
  }
}
