/**
 * The small driver interface the SQL catalog needs: parameterised queries with `?` placeholders,
 * a row count for updates, and classification of driver errors.
 */

/** How a failed statement should be treated. */
export type SqlErrorKind =
  | 'unique-violation' // primary key / unique constraint
  | 'busy' // lock timeout; the statement was not applied
  | 'connection' // connection lost; the outcome of a write is unknown
  | 'other';

/** A connection (or pool) to the catalog database. */
export interface SqlDriver {
  /** `sqlite` or `postgres`. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs a query and returns its rows. Placeholders are `?`. */
  query<T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement and returns the number of affected rows. Placeholders are `?`. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Classifies an error thrown by query/execute. */
  classifyError(err: unknown): SqlErrorKind;
  /** Closes the connection or pool. */
  close(): Promise<void>;
}
