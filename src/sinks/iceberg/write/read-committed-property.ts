/**
 * Reads what a writer committed in snapshot summaries: walks the ancestry of the current snapshot
 * (newest first) and returns the first value of a key. This is how the pipeline finds its committed
 * source offsets (`loglake.offsets`) after a restart.
 */
import type { Table } from '../catalog/catalog.js';
import { IcebergError } from '../spec/iceberg-error.js';
import { snapshotAncestry, snapshotById } from '../spec/table-metadata.js';
import type { TableMetadata } from '../spec/table-metadata.js';

/** Options of {@link readCommittedProperty}. */
export interface ReadCommittedPropertyOptions {
  /** Start the walk at this snapshot instead of the current one. */
  readonly snapshotId?: bigint;
}

/**
 * The latest value of `key` in the summaries along the ancestry of the current (or given) snapshot,
 * or undefined when no ancestor has it (or the table has no snapshot).
 * @throws IcebergError NO_SUCH_SNAPSHOT when `snapshotId` is unknown.
 */
export function readCommittedProperty(table: Table | TableMetadata, key: string, options: ReadCommittedPropertyOptions = {}): string | undefined {
  const m = 'metadata' in table ? table.metadata : table;
  if (options.snapshotId !== undefined && !snapshotById(m, options.snapshotId)) {
    throw new IcebergError('NO_SUCH_SNAPSHOT', `snapshot ${options.snapshotId} does not exist`);
  }
  for (const s of snapshotAncestry(m, options.snapshotId ?? m['current-snapshot-id'])) {
    const v = s.summary[key];
    if (v !== undefined) return v;
  }
  return undefined;
}
