/**
 * Error types. A LoglakeError has a stable `code`, optional `context` and says whether retrying
 * can help. The CLI prints `loglake: <message>` and exits non-zero; stacks only with --debug.
 */
export type ErrorCode =
  | 'USAGE' // bad flags or arguments
  | 'CONFIG_INVALID'
  | 'INPUT_NOT_FOUND'
  | 'WAREHOUSE_UNWRITABLE'
  | 'WAREHOUSE_LOCKED'
  | 'STATE_CORRUPT'
  | 'COMMIT_CONFLICT'
  | 'QUERY_FAILED'
  | 'IO';

export class LoglakeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LoglakeError';
  }
}

/** A usage error: bad flag, missing argument. Exit code 2. */
export class UsageError extends LoglakeError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

