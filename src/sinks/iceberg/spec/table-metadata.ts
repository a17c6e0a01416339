/**
 * The v2 table metadata model in its JSON shape (spec "Table Metadata", Appendix C). 64-bit values
 * (snapshot ids, sequence numbers) are BigInt; millisecond timestamps are numbers.
 * Pure: no IO.
 */
import type { PartitionSpec } from './partition-spec.js';
import type { Schema } from './schema.js';

/** Snapshot summary: a string → string map with `operation` required. */
export interface SnapshotSummary {
  readonly operation: 'append' | 'replace' | 'overwrite' | 'delete';
  readonly [key: string]: string;
}

/** A snapshot. */
export interface Snapshot {
  readonly 'snapshot-id': bigint;
  /** Absent for the first snapshot. */
  readonly 'parent-snapshot-id'?: bigint;
  readonly 'sequence-number': bigint;
  readonly 'timestamp-ms': number;
  readonly 'manifest-list': string;
  readonly summary: SnapshotSummary;
  readonly 'schema-id'?: number;
}

/** A named reference (branch or tag) to a snapshot. */
export interface SnapshotRef {
  readonly 'snapshot-id': bigint;
  readonly type: 'branch' | 'tag';
  readonly 'min-snapshots-to-keep'?: number;
  readonly 'max-snapshot-age-ms'?: number;
  readonly 'max-ref-age-ms'?: number;
}

/** A sort field. */
export interface SortField {
  readonly transform: string;
  readonly 'source-id': number;
  readonly direction: 'asc' | 'desc';
  readonly 'null-order': 'nulls-first' | 'nulls-last';
}

/** A sort order; order 0 with no fields is "unsorted". */
export interface SortOrder {
  readonly 'order-id': number;
  readonly fields: readonly SortField[];
}

/** An entry of `snapshot-log`. */
export interface SnapshotLogEntry {
  readonly 'snapshot-id': bigint;
  readonly 'timestamp-ms': number;
}

/** An entry of `metadata-log`. */
export interface MetadataLogEntry {
  readonly 'metadata-file': string;
  readonly 'timestamp-ms': number;
}

/** Format-version 2 table metadata. Unknown keys read from a file are kept by the parser. */
export interface TableMetadata {
  readonly 'format-version': 2;
  readonly 'table-uuid': string;
  readonly location: string;
  readonly 'last-sequence-number': bigint;
  readonly 'last-updated-ms': number;
  readonly 'last-column-id': number;
  readonly schemas: readonly Schema[];
  readonly 'current-schema-id': number;
  readonly 'partition-specs': readonly PartitionSpec[];
  readonly 'default-spec-id': number;
  readonly 'last-partition-id': number;
  readonly properties: Readonly<Record<string, string>>;
  /** Absent when the table has no snapshot. */
  readonly 'current-snapshot-id'?: bigint;
  readonly snapshots: readonly Snapshot[];
  readonly 'snapshot-log': readonly SnapshotLogEntry[];
  readonly 'metadata-log': readonly MetadataLogEntry[];
  readonly 'sort-orders': readonly SortOrder[];
  readonly 'default-sort-order-id': number;
  readonly refs: Readonly<Record<string, SnapshotRef>>;
  readonly statistics?: readonly unknown[];
  readonly 'partition-statistics'?: readonly unknown[];
}

/** The unsorted sort order. */
export const UNSORTED_ORDER: SortOrder = { 'order-id': 0, fields: [] };

/** Table property overriding where metadata files go (Java's name). */
export const METADATA_PATH_PROPERTY = 'write.metadata.path';

/** Directory of a table's metadata files: `write.metadata.path` or `<location>/metadata`. */
export function metadataDirOf(m: TableMetadata): string {
  return (m.properties[METADATA_PATH_PROPERTY] ?? `${m.location}/metadata`).replace(/\/+$/, '');
}

/** The table's current schema. Throws when metadata is inconsistent (validated metadata never is). */
export function currentSchema(m: TableMetadata): Schema {
  const s = m.schemas.find((x) => x['schema-id'] === m['current-schema-id']);
  if (!s) throw new Error(`iceberg: current-schema-id ${m['current-schema-id']} not in schemas`);
  return s;
}

/** The schema with the given id, or undefined. */
export function schemaById(m: TableMetadata, id: number): Schema | undefined {
  return m.schemas.find((x) => x['schema-id'] === id);
}

/** The default partition spec. */
export function defaultSpec(m: TableMetadata): PartitionSpec {
  const s = m['partition-specs'].find((x) => x['spec-id'] === m['default-spec-id']);
  if (!s) throw new Error(`iceberg: default-spec-id ${m['default-spec-id']} not in partition-specs`);
  return s;
}

/** The partition spec with the given id, or undefined. */
export function specById(m: TableMetadata, id: number): PartitionSpec | undefined {
  return m['partition-specs'].find((x) => x['spec-id'] === id);
}

/** The snapshot with the given id, or undefined. */
export function snapshotById(m: TableMetadata, id: bigint): Snapshot | undefined {
  return m.snapshots.find((s) => s['snapshot-id'] === id);
}

/** The current snapshot (main branch), or undefined for an empty table. */
export function currentSnapshot(m: TableMetadata): Snapshot | undefined {
  const id = m['current-snapshot-id'];
  return id === undefined ? undefined : snapshotById(m, id);
}

/**
 * Snapshots from `start` back through parents, newest first; stops at the first parent that is
 * no longer in the metadata (expired).
 */
export function snapshotAncestry(m: TableMetadata, start: bigint | undefined = m['current-snapshot-id']): Snapshot[] {
  const out: Snapshot[] = [];
  const seen = new Set<bigint>();
  let id = start;
  while (id !== undefined && !seen.has(id)) {
    seen.add(id);
    const s = snapshotById(m, id);
    if (!s) break;
    out.push(s);
    id = s['parent-snapshot-id'];
  }
  return out;
}
