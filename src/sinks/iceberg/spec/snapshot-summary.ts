/**
 * Snapshot summaries for appends (spec Appendix F "Optional Snapshot Summary Fields"): every value
 * is a string. Totals carry over from the parent summary; custom properties (e.g. `loglake.offsets`)
 * are merged in but may not override the generated keys.
 * Pure: no IO.
 */
import { IcebergError } from './iceberg-error.js';
import type { DataFile } from './manifest.js';
import type { SnapshotSummary } from './table-metadata.js';

/** Input of {@link buildAppendSummary}. */
export interface AppendSummaryInput {
  /** Files added by the snapshot. */
  readonly added: readonly DataFile[];
  /** Summary of the parent snapshot, if any. */
  readonly parentSummary?: Readonly<Record<string, string>>;
  /** Whether the table has a parent snapshot at all (totals start at 0 when not). */
  readonly hasParent: boolean;
  /** Custom string properties, e.g. `{ 'loglake.offsets': '…' }`. */
  readonly properties?: Readonly<Record<string, string>>;
  /** Number of manifests written and carried over (manifests-created / manifests-kept). */
  readonly manifestsCreated?: number;
  readonly manifestsKept?: number;
}

const TOTALS: readonly [string, string | undefined][] = [
  ['total-data-files', 'added-data-files'],
  ['total-records', 'added-records'],
  ['total-files-size', 'added-files-size'],
  ['total-delete-files', undefined],
  ['total-position-deletes', undefined],
  ['total-equality-deletes', undefined],
];

/**
 * Builds the summary of an append snapshot.
 * @throws IcebergError INVALID_ARGUMENT when a custom property is not a string or collides with a generated key.
 */
export function buildAppendSummary(input: AppendSummaryInput): SnapshotSummary {
  let records = 0n;
  let size = 0n;
  const partitions = new Set<string>();
  for (const f of input.added) {
    records += f.recordCount;
    size += f.fileSizeInBytes;
    partitions.add(JSON.stringify(Object.entries(f.partition), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  const s: Record<string, string> = {
    operation: 'append',
    'added-data-files': String(input.added.length),
    'added-records': String(records),
    'added-files-size': String(size),
    'changed-partition-count': String(partitions.size),
  };
  if (input.manifestsCreated !== undefined) s['manifests-created'] = String(input.manifestsCreated);
  if (input.manifestsKept !== undefined) s['manifests-kept'] = String(input.manifestsKept);
  for (const [total, added] of TOTALS) {
    const prev = input.hasParent ? input.parentSummary?.[total] : '0';
    if (prev === undefined || !/^-?\d+$/.test(prev)) continue; // unknown parent total: omit, as Java does
    s[total] = String(BigInt(prev) + (added ? BigInt(s[added]!) : 0n));
  }
  for (const [k, v] of Object.entries(input.properties ?? {})) {
    if (typeof v !== 'string') throw new IcebergError('INVALID_ARGUMENT', `snapshot property ${k} must be a string, got ${typeof v}`);
    if (k in s) throw new IcebergError('INVALID_ARGUMENT', `snapshot property ${k} collides with a generated summary key`);
    s[k] = v;
  }
  return s as SnapshotSummary;
}
