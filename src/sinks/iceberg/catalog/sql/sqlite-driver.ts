/**
 * SqlDriver over better-sqlite3. The database is opened in WAL mode with a busy timeout so several
 * processes can share one catalog file; each statement is its own transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDriver, SqlErrorKind } from './sql-driver.js';

/** Options of {@link SqliteDriver}. */
export interface SqliteDriverOptions {
  /** How long a statement waits for a lock held by another process, in ms. Default 10 000. */
  readonly busyTimeoutMs?: number;
}

/** better-sqlite3 driver. */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;

  /** Opens (creating when absent) the SQLite file at `path`. */
  constructor(private readonly path: string, options: SqliteDriverOptions = {}) {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path, { timeout: options.busyTimeoutMs ?? 10_000 });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
    } catch (e) {
      throw this.where(e);
    }
  }

  /** Adds the catalog file to a storage error's message (disk full, I/O error, read-only, cannot open). */
  private where(e: unknown): unknown {
    const code = String((e as { code?: unknown })?.code ?? '');
    if (e instanceof Error && /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|CORRUPT|NOTADB|PERM)/.test(code) && !e.message.includes(this.path)) {
      e.message = `${e.message} (SQLite catalog ${this.path}, ${code})`;
    }
    return e;
  }

  /** Runs a query. */
  async query<T extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      return this.db.prepare(sql).all(...params) as T[];
    } catch (e) {
      throw this.where(e);
    }
  }

  /** Runs a statement, returning the changed row count. */
  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      return this.db.prepare(sql).run(...params).changes;
    } catch (e) {
      throw this.where(e);
    }
  }

  /** Maps SQLite error codes. */
  classifyError(err: unknown): SqlErrorKind {
    const code = String((err as { code?: unknown })?.code ?? '');
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return 'unique-violation';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
    return 'other';
  }

  /** Closes the database. */
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
