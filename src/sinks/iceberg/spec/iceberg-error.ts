/**
 * The single error type of the Iceberg sink. Every failure carries a stable `code`, whether a retry
 * (after reloading the table) can succeed (`retryable`), and some context (table, path, ...).
 */

/** Stable error codes of the Iceberg sink. */
export type IcebergErrorCode =
  | 'COMMIT_CONFLICT' // the catalog pointer moved since the base was loaded; reload and retry
  | 'COMMIT_STATE_UNKNOWN' // the catalog may or may not have applied the commit; never delete files
  | 'COMMIT_RETRIES_EXHAUSTED'
  | 'CATALOG_BUSY' // the catalog store was locked; nothing was applied
  | 'CATALOG_UNAVAILABLE'
  | 'NO_SUCH_TABLE'
  | 'TABLE_EXISTS'
  | 'NO_SUCH_NAMESPACE'
  | 'NAMESPACE_EXISTS'
  | 'NAMESPACE_NOT_EMPTY'
  | 'INVALID_METADATA'
  | 'INVALID_ARGUMENT'
  | 'INVALID_DATA_FILE'
  | 'INVALID_AVRO'
  | 'NO_SUCH_SNAPSHOT'
  | 'IO_ERROR'
  | 'PRECONDITION_FAILED' // a conditional write lost: the object exists / changed since it was read
  | 'NOT_FOUND'
  | 'NOT_AUTHORIZED' // the catalog refused the credentials (401/403) or none could be found
  | 'OUTSIDE_WAREHOUSE'; // a write or delete outside the warehouse the FileIO is confined to

/** Options of {@link IcebergError}. */
export interface IcebergErrorOptions {
  /** Whether reloading the table and retrying the operation can succeed. Default false. */
  readonly retryable?: boolean;
  /** Extra context: table identifier, path, snapshot id, ... (values are printed as strings). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** The underlying error. */
  readonly cause?: unknown;
}

/** The error type of everything under `sinks/iceberg`. Message format: `iceberg: <what>: <value> (<hint>)`. */
export class IcebergError extends Error {
  /** Stable machine-readable code. */
  readonly code: IcebergErrorCode;
  /** Whether reloading and retrying can succeed. */
  readonly retryable: boolean;
  /** Extra context for logs. */
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: IcebergErrorCode, message: string, options: IcebergErrorOptions = {}) {
    super(message.startsWith('iceberg') ? message : `iceberg: ${message}`, { cause: options.cause });
    this.name = 'IcebergError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.context = options.context ?? {};
  }
}

/**
 * Thrown by `Catalog.commitTable` when the table's metadata pointer is no longer the base the new
 * metadata was built on (compare-and-swap failed). Always retryable: reload, rebuild, commit again.
 */
export class CommitConflictError extends IcebergError {
  constructor(message: string, options: Omit<IcebergErrorOptions, 'retryable'> = {}) {
    super('COMMIT_CONFLICT', message, { ...options, retryable: true });
    this.name = 'CommitConflictError';
  }
}

/** Whether `err` is an {@link IcebergError} with the given code. */
export function isIcebergError(err: unknown, code?: IcebergErrorCode): err is IcebergError {
  return err instanceof IcebergError && (code === undefined || err.code === code);
}
