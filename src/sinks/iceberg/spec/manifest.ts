/**
 * v2 manifests: the DataFile / ManifestEntry model and its Avro encoding (schema from
 * avro-schemas.ts, key-value metadata `schema`, `schema-id`, `partition-spec`, `partition-spec-id`,
 * `format-version`, `content`), plus partition field summaries for manifest lists.
 * Pure: no IO.
 */
import { decodeAvroContainer, encodeAvroContainer } from './avro-container.js';
import { manifestEntrySchema } from './avro-schemas.js';
import { compareBounds, encodeBound } from './bounds.js';
import { IcebergError } from './iceberg-error.js';
import { stringifyJsonLossless } from './metadata-json.js';
import { bindPartitionSpec } from './partition-spec.js';
import type { BoundPartitionField, PartitionSpec, PartitionTuple } from './partition-spec.js';
import type { Schema } from './schema.js';
import type { PartitionValue } from './transforms.js';

/** Manifest entry status. */
export const ENTRY_STATUS = { EXISTING: 0, ADDED: 1, DELETED: 2 } as const;
/** Manifest entry status value. */
export type EntryStatus = (typeof ENTRY_STATUS)[keyof typeof ENTRY_STATUS];

/** A data (or delete) file as tracked by a manifest. 64-bit counts are BigInt. */
export interface DataFile {
  /** 0 = data, 1 = position deletes, 2 = equality deletes. */
  readonly content: 0 | 1 | 2;
  /** Full URI with scheme. */
  readonly filePath: string;
  /** `PARQUET` (Java's spelling; readers match case-insensitively). */
  readonly fileFormat: string;
  /** Partition values by partition field name. */
  readonly partition: PartitionTuple;
  readonly recordCount: bigint;
  readonly fileSizeInBytes: bigint;
  readonly columnSizes?: ReadonlyMap<number, bigint>;
  readonly valueCounts?: ReadonlyMap<number, bigint>;
  readonly nullValueCounts?: ReadonlyMap<number, bigint>;
  readonly nanValueCounts?: ReadonlyMap<number, bigint>;
  /** Appendix D encoded lower bounds by field id. */
  readonly lowerBounds?: ReadonlyMap<number, Buffer>;
  /** Appendix D encoded upper bounds by field id. */
  readonly upperBounds?: ReadonlyMap<number, Buffer>;
  readonly keyMetadata?: Buffer;
  /** Row group start offsets, ascending. */
  readonly splitOffsets?: readonly bigint[];
  readonly equalityIds?: readonly number[];
  readonly sortOrderId?: number;
  readonly referencedDataFile?: string;
}

/** One manifest row. For ADDED entries the sequence numbers are null (inherited from the manifest list). */
export interface ManifestEntry {
  readonly status: EntryStatus;
  readonly snapshotId: bigint | null;
  readonly sequenceNumber: bigint | null;
  readonly fileSequenceNumber: bigint | null;
  readonly dataFile: DataFile;
}

/** Input of {@link encodeManifest}. */
export interface ManifestContents {
  /** The table schema the manifest is written with. */
  readonly schema: Schema;
  readonly spec: PartitionSpec;
  readonly entries: readonly ManifestEntry[];
  /** Default `data`. */
  readonly content?: 'data' | 'deletes';
}

type KV = { key: number; value: unknown };

function mapToAvro<V>(m: ReadonlyMap<number, V> | undefined): KV[] | null {
  if (!m) return null;
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([key, value]) => ({ key, value }));
}

function mapFromAvro<V>(a: unknown): Map<number, V> | undefined {
  if (a === null || a === undefined) return undefined;
  return new Map((a as { key: number; value: V }[]).map((kv) => [kv.key, kv.value]));
}

function partitionToAvro(bound: readonly BoundPartitionField[], tuple: PartitionTuple): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const b of bound) {
    const v = tuple[b.field.name];
    if (v === undefined) throw new IcebergError('INVALID_ARGUMENT', `partition tuple lacks field ${b.field.name}`);
    if (v === null) out[b.field.name] = null;
    else if (b.resultType === 'long' || b.resultType === 'timestamp' || b.resultType === 'timestamptz' || b.resultType === 'time') out[b.field.name] = BigInt(v as number | bigint);
    else out[b.field.name] = v;
  }
  return out;
}

function entryToAvro(bound: readonly BoundPartitionField[], e: ManifestEntry): Record<string, unknown> {
  const f = e.dataFile;
  return {
    status: e.status,
    snapshot_id: e.snapshotId,
    sequence_number: e.sequenceNumber,
    file_sequence_number: e.fileSequenceNumber,
    data_file: {
      content: f.content,
      file_path: f.filePath,
      file_format: f.fileFormat,
      partition: partitionToAvro(bound, f.partition),
      record_count: f.recordCount,
      file_size_in_bytes: f.fileSizeInBytes,
      column_sizes: mapToAvro(f.columnSizes),
      value_counts: mapToAvro(f.valueCounts),
      null_value_counts: mapToAvro(f.nullValueCounts),
      nan_value_counts: mapToAvro(f.nanValueCounts),
      lower_bounds: mapToAvro(f.lowerBounds),
      upper_bounds: mapToAvro(f.upperBounds),
      key_metadata: f.keyMetadata ?? null,
      split_offsets: f.splitOffsets ? [...f.splitOffsets] : null,
      equality_ids: f.equalityIds ? [...f.equalityIds] : null,
      sort_order_id: f.sortOrderId ?? null,
      referenced_data_file: f.referencedDataFile ?? null,
    },
  };
}

/**
 * Encodes a v2 manifest (Avro, deflate).
 * @throws IcebergError INVALID_ARGUMENT / INVALID_AVRO when an entry does not fit the schema.
 */
export function encodeManifest(c: ManifestContents): Buffer {
  const bound = bindPartitionSpec(c.spec, c.schema);
  const avroSchema = manifestEntrySchema(bound);
  const records = c.entries.map((e) => entryToAvro(bound, e));
  return encodeAvroContainer(avroSchema, records, {
    codec: 'deflate',
    metadata: {
      schema: stringifyJsonLossless(c.schema),
      'schema-id': String(c.schema['schema-id']),
      'partition-spec': stringifyJsonLossless(c.spec.fields),
      'partition-spec-id': String(c.spec['spec-id']),
      'format-version': '2',
      content: c.content ?? 'data',
    },
  });
}

/** A decoded manifest. */
export interface DecodedManifest {
  readonly entries: ManifestEntry[];
  /** Avro key-value metadata. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly avroSchema: Record<string, unknown>;
}

function toBig(v: unknown): bigint | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

/**
 * Decodes a manifest with its writer schema (fields by name as Java/PyIceberg name them).
 * @throws IcebergError INVALID_AVRO
 */
export function decodeManifest(buf: Buffer): DecodedManifest {
  const d = decodeAvroContainer(buf);
  const entries = d.records.map((raw): ManifestEntry => {
    const r = raw as Record<string, unknown>;
    const f = r.data_file as Record<string, unknown>;
    const partition: Record<string, PartitionValue> = {};
    for (const [k, v] of Object.entries((f.partition ?? {}) as Record<string, unknown>)) partition[k] = v as PartitionValue;
    const df: DataFile = {
      content: (f.content ?? 0) as 0 | 1 | 2,
      filePath: f.file_path as string,
      fileFormat: f.file_format as string,
      partition,
      recordCount: toBig(f.record_count)!,
      fileSizeInBytes: toBig(f.file_size_in_bytes)!,
      columnSizes: mapFromAvro<bigint>(f.column_sizes),
      valueCounts: mapFromAvro<bigint>(f.value_counts),
      nullValueCounts: mapFromAvro<bigint>(f.null_value_counts),
      nanValueCounts: mapFromAvro<bigint>(f.nan_value_counts),
      lowerBounds: mapFromAvro<Buffer>(f.lower_bounds),
      upperBounds: mapFromAvro<Buffer>(f.upper_bounds),
      keyMetadata: (f.key_metadata as Buffer | null) ?? undefined,
      splitOffsets: (f.split_offsets as bigint[] | null) ?? undefined,
      equalityIds: (f.equality_ids as number[] | null) ?? undefined,
      sortOrderId: (f.sort_order_id as number | null) ?? undefined,
      referencedDataFile: (f.referenced_data_file as string | null) ?? undefined,
    };
    return {
      status: r.status as EntryStatus,
      snapshotId: toBig(r.snapshot_id),
      sequenceNumber: toBig(r.sequence_number),
      fileSequenceNumber: toBig(r.file_sequence_number),
      dataFile: df,
    };
  });
  return { entries, metadata: d.metadata, avroSchema: d.schema };
}

/** A `field_summary` of a manifest list row. */
export interface FieldSummary {
  readonly containsNull: boolean;
  readonly containsNan: boolean | null;
  readonly lowerBound: Buffer | null;
  readonly upperBound: Buffer | null;
}

/**
 * One summary per partition field over the given partition tuples: contains_null, contains_nan
 * (false unless a float/double NaN occurs) and Appendix D bounds of the partition result type.
 */
export function summarizePartitions(bound: readonly BoundPartitionField[], tuples: readonly PartitionTuple[]): FieldSummary[] {
  return bound.map((b) => {
    let containsNull = false;
    let containsNan = false;
    let lo: PartitionValue = null;
    let hi: PartitionValue = null;
    for (const t of tuples) {
      const v = t[b.field.name] ?? null;
      if (v === null) {
        containsNull = true;
        continue;
      }
      if (typeof v === 'number' && Number.isNaN(v)) {
        containsNan = true;
        continue;
      }
      const bv = typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : String(v);
      if (lo === null || compareBounds(b.resultType, bv, lo as typeof bv) < 0) lo = bv;
      if (hi === null || compareBounds(b.resultType, bv, hi as typeof bv) > 0) hi = bv;
    }
    return {
      containsNull,
      containsNan,
      lowerBound: lo === null ? null : encodeBound(b.resultType, lo),
      upperBound: hi === null ? null : encodeBound(b.resultType, hi),
    };
  });
}
