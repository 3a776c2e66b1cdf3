import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from "kysely";

/**
 * For tests: a dialect whose whole life is one database transaction that is rolled back at the
 * end, so each test starts from the same migrated database without copying it. The store's own
 * transactions become savepoints inside it, and so does every statement run outside them, so a
 * statement a test expects to fail (a refused UPDATE of the audit trail) leaves the outer
 * transaction usable. Ending it rolls back and hands the connection back; the database itself
 * stays open for the next test.
 */
export class RollbackDialect implements Dialect {
  /** `ownsInner`: also end the inner driver (e.g. its connection pool) when the store closes. */
  constructor(
    private readonly inner: Dialect,
    private readonly ownsInner = false,
  ) {}

  createDriver(): Driver {
    return new RollbackDriver(this.inner.createDriver(), this.ownsInner);
  }
  createQueryCompiler() {
    return this.inner.createQueryCompiler();
  }
  createAdapter() {
    return this.inner.createAdapter();
  }
  createIntrospector(db: Parameters<Dialect["createIntrospector"]>[0]) {
    return this.inner.createIntrospector(db);
  }
}

const raw = (text: string) => CompiledQuery.raw(text);

class RollbackDriver implements Driver {
  private connection?: SavepointConnection;
  private turn: Promise<void> = Promise.resolve();
  private releaseTurn?: () => void;

  constructor(
    private readonly inner: Driver,
    private readonly ownsInner: boolean,
  ) {}

  async init(): Promise<void> {
    await this.inner.init();
    const connection = await this.inner.acquireConnection();
    await connection.executeQuery(raw("begin"));
    this.connection = new SavepointConnection(connection);
  }

  // One connection, taken in turns: each user waits for the one before to release it.
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.turn;
    let release!: () => void;
    this.turn = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    this.releaseTurn = release;
    return this.connection!;
  }

  async releaseConnection(): Promise<void> {
    this.releaseTurn?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as SavepointConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as SavepointConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as SavepointConnection).rollback();
  }

  async destroy(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    await connection.inner.executeQuery(raw("rollback"));
    await this.inner.releaseConnection(connection.inner);
    if (this.ownsInner) await this.inner.destroy();
  }
}

class SavepointConnection implements DatabaseConnection {
  private inTransaction = false;

  constructor(readonly inner: DatabaseConnection) {}

  async begin() {
    await this.inner.executeQuery(raw("savepoint store_transaction"));
    this.inTransaction = true;
  }

  async commit() {
    this.inTransaction = false;
    await this.inner.executeQuery(raw("release savepoint store_transaction"));
  }

  async rollback() {
    this.inTransaction = false;
    await this.inner.executeQuery(raw("rollback to savepoint store_transaction"));
    await this.inner.executeQuery(raw("release savepoint store_transaction"));
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.inner.executeQuery<R>(query);
    await this.inner.executeQuery(raw("savepoint store_statement"));
    try {
      const result = await this.inner.executeQuery<R>(query);
      await this.inner.executeQuery(raw("release savepoint store_statement"));
      return result;
    } catch (error) {
      await this.inner.executeQuery(raw("rollback to savepoint store_statement"));
      await this.inner.executeQuery(raw("release savepoint store_statement"));
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}
