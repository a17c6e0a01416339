/**
 * The optimistic commit loop shared by the maintenance operations: load the table, build the next
 * metadata from it, swap the catalog pointer; on a retryable failure (CommitConflictError, busy
 * catalog) run the attempt's cleanup, back off with full jitter, reload and build again from the
 * fresh base. COMMIT_STATE_UNKNOWN is rethrown at once without cleanup (the files may be referenced).
 */
import { setTimeout as sleepMs } from 'node:timers/promises';
import type { Catalog, Table, TableIdentifier } from '../catalog/catalog.js';
import { formatIdentifier } from '../catalog/catalog.js';
import { IcebergError } from '../spec/iceberg-error.js';
import type { TableMetadata } from '../spec/table-metadata.js';

/** Retry and clock options shared by the maintenance operations. */
export interface MaintenanceCommitOptions {
  /** Commit attempts before giving up (first try included). Default 10. */
  readonly maxAttempts?: number;
  /** First backoff delay in ms; doubles per retry with full jitter. Default 20. */
  readonly baseDelayMs?: number;
  /** Backoff cap in ms. Default 2000. */
  readonly maxDelayMs?: number;
  /** Clock (ms since epoch) for snapshot and metadata timestamps. Default Date.now. */
  readonly now?: () => number;
  /** Called before each retry with the retry number (1-based) and the error. */
  readonly onRetry?: (retry: number, error: IcebergError) => void;
}

/** What one attempt produced. */
export interface CommitAttempt<T> {
  /** The next metadata version; undefined = nothing to commit (the loop ends without a commit). */
  readonly metadata: TableMetadata | undefined;
  /** Value handed back to the caller. */
  readonly value: T;
  /** Removes files written by this attempt; run when its commit definitely failed. */
  readonly cleanup?: () => Promise<void>;
}

/** Outcome of {@link commitWithRetry}. */
export interface CommitOutcome<T> {
  /** The committed table, or the loaded one when nothing was committed. */
  readonly table: Table;
  /** The table the committed attempt was built on. */
  readonly base: Table;
  readonly value: T;
  readonly committed: boolean;
  /** Retries after conflicts (0 = the first attempt succeeded). */
  readonly retries: number;
}

/**
 * Runs `attempt` against freshly loaded tables until a commit succeeds, nothing needs committing,
 * or attempts run out.
 * @throws IcebergError COMMIT_RETRIES_EXHAUSTED (retryable); COMMIT_STATE_UNKNOWN; INVALID_METADATA
 * when the table was replaced (uuid changed) between attempts; whatever `attempt` throws.
 */
export async function commitWithRetry<T>(
  catalog: Catalog,
  identifier: TableIdentifier,
  attempt: (table: Table, attemptNumber: number) => Promise<CommitAttempt<T>>,
  options: MaintenanceCommitOptions = {},
): Promise<CommitOutcome<T>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 10);
  const baseDelay = options.baseDelayMs ?? 20;
  const maxDelay = options.maxDelayMs ?? 2000;
  let uuid: string | undefined;
  let retries = 0;
  let lastError: IcebergError | undefined;
  for (let n = 1; n <= maxAttempts; n++) {
    const table = await catalog.loadTable(identifier);
    if (uuid !== undefined && table.metadata['table-uuid'] !== uuid) {
      throw new IcebergError('INVALID_METADATA', `table ${formatIdentifier(identifier)} was replaced during the commit (uuid changed)`);
    }
    uuid = table.metadata['table-uuid'];
    const a = await attempt(table, n);
    if (a.metadata === undefined) return { table, base: table, value: a.value, committed: false, retries };
    try {
      const committed = await catalog.commitTable(identifier, table.metadataLocation, a.metadata);
      return { table: committed, base: table, value: a.value, committed: true, retries };
    } catch (e) {
      if (!(e instanceof IcebergError) || e.code === 'COMMIT_STATE_UNKNOWN') throw e;
      await a.cleanup?.();
      if (!e.retryable) throw e;
      lastError = e;
      if (n < maxAttempts) {
        retries++;
        options.onRetry?.(retries, e);
        await sleepMs(Math.random() * Math.min(maxDelay, baseDelay * 2 ** (n - 1)));
      }
    }
  }
  throw new IcebergError('COMMIT_RETRIES_EXHAUSTED', `commit to ${formatIdentifier(identifier)} failed after ${maxAttempts} attempts`, {
    cause: lastError, retryable: true, context: { table: formatIdentifier(identifier), attempts: maxAttempts },
  });
}
