/**
 * SqlDriver over a `pg` pool. `?` placeholders are rewritten to `$n`. Statements run in autocommit;
 * the catalog's CAS is a single UPDATE, which PostgreSQL serialises on the row lock.
 */
import pg from 'pg';
import type { SqlDriver, SqlErrorKind } from './sql-driver.js';

/** Options of {@link PostgresDriver}. */
export interface PostgresDriverOptions {
  /** `postgresql://user:pass@host:port/db`; ignored when `pool` is given. */
  readonly connectionString?: string;
  /** An existing pool (the driver will not end it on close). */
  readonly pool?: pg.Pool;
  /** Pool size when the driver creates the pool. Default 4. */
  readonly max?: number;
}

function toDollar(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** pg driver. */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;

  /** Wraps a pool or creates one from a connection string. */
  constructor(options: PostgresDriverOptions) {
    this.ownsPool = options.pool === undefined;
    this.pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 4 });
    // An idle pooled connection that the server closes (restart, failover, admin shutdown) emits
    // 'error' on the pool; unhandled, node-postgres' docs warn, it crashes the process. The pool
    // drops that client and the next query opens a new connection, so nothing else is needed.
    if (this.ownsPool) this.pool.on('error', () => undefined);
  }

  /** Runs a query. */
  async query<T extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const r = await this.pool.query(toDollar(sql), params as unknown[]);
    return r.rows as T[];
  }

  /** Runs a statement, returning the row count. */
  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    const r = await this.pool.query(toDollar(sql), params as unknown[]);
    return r.rowCount ?? 0;
  }

  /** Maps SQLSTATE codes: 23505 unique, 55P03/40P01/40001 busy, 08xxx/57Pxx and socket errors connection. */
  classifyError(err: unknown): SqlErrorKind {
    const code = String((err as { code?: unknown })?.code ?? '');
    if (code === '23505') return 'unique-violation';
    if (code === '55P03' || code === '40P01' || code === '40001') return 'busy';
    if (code.startsWith('08') || code.startsWith('57P') || code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE' || code === 'ETIMEDOUT') return 'connection';
    if (/Connection terminated|connection.*closed/i.test(String((err as Error)?.message ?? ''))) return 'connection';
    return 'other';
  }

  /** Ends the pool if the driver created it. */
  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
