/**
 * v2 manifest lists: the ManifestFile model and its Avro encoding (`manifest_file` schema,
 * key-value metadata `snapshot-id`, `parent-snapshot-id` ("null" when none), `sequence-number`,
 * `format-version`).
 * Pure: no IO.
 */
import { decodeAvroContainer, encodeAvroContainer } from './avro-container.js';
import { MANIFEST_FILE_SCHEMA } from './avro-schemas.js';
import type { FieldSummary } from './manifest.js';

/** One row of a manifest list. Counts of files are ints, counts of rows and lengths BigInt. */
export interface ManifestFile {
  readonly manifestPath: string;
  /** Exact byte size of the manifest file. */
  readonly manifestLength: bigint;
  readonly partitionSpecId: number;
  /** 0 = data, 1 = deletes. */
  readonly content: 0 | 1;
  readonly sequenceNumber: bigint;
  readonly minSequenceNumber: bigint;
  readonly addedSnapshotId: bigint;
  readonly addedFilesCount: number;
  readonly existingFilesCount: number;
  readonly deletedFilesCount: number;
  readonly addedRowsCount: bigint;
  readonly existingRowsCount: bigint;
  readonly deletedRowsCount: bigint;
  readonly partitions: readonly FieldSummary[] | null;
  readonly keyMetadata?: Buffer | null;
}

/** Input of {@link encodeManifestList}. */
export interface ManifestListContents {
  readonly snapshotId: bigint;
  readonly parentSnapshotId: bigint | undefined;
  readonly sequenceNumber: bigint;
  readonly manifests: readonly ManifestFile[];
}

/** Encodes a v2 manifest list (Avro, deflate). */
export function encodeManifestList(c: ManifestListContents): Buffer {
  const records = c.manifests.map((m) => ({
    manifest_path: m.manifestPath,
    manifest_length: m.manifestLength,
    partition_spec_id: m.partitionSpecId,
    content: m.content,
    sequence_number: m.sequenceNumber,
    min_sequence_number: m.minSequenceNumber,
    added_snapshot_id: m.addedSnapshotId,
    added_files_count: m.addedFilesCount,
    existing_files_count: m.existingFilesCount,
    deleted_files_count: m.deletedFilesCount,
    added_rows_count: m.addedRowsCount,
    existing_rows_count: m.existingRowsCount,
    deleted_rows_count: m.deletedRowsCount,
    partitions: m.partitions === null ? null : m.partitions.map((p) => ({
      contains_null: p.containsNull,
      contains_nan: p.containsNan,
      lower_bound: p.lowerBound,
      upper_bound: p.upperBound,
    })),
    key_metadata: m.keyMetadata ?? null,
  }));
  return encodeAvroContainer(MANIFEST_FILE_SCHEMA, records, {
    codec: 'deflate',
    metadata: {
      'snapshot-id': String(c.snapshotId),
      'parent-snapshot-id': c.parentSnapshotId === undefined ? 'null' : String(c.parentSnapshotId),
      'sequence-number': String(c.sequenceNumber),
      'format-version': '2',
    },
  });
}

/** A decoded manifest list. */
export interface DecodedManifestList {
  readonly manifests: ManifestFile[];
  readonly metadata: Readonly<Record<string, string>>;
}

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt((v as number | null) ?? 0));

/**
 * Decodes a manifest list with its writer schema. Missing v1 fields default to 0 as the spec says.
 * @throws IcebergError INVALID_AVRO
 */
export function decodeManifestList(buf: Buffer): DecodedManifestList {
  const d = decodeAvroContainer(buf);
  const manifests = d.records.map((raw): ManifestFile => {
    const r = raw as Record<string, unknown>;
    const parts = r.partitions as Record<string, unknown>[] | null | undefined;
    return {
      manifestPath: r.manifest_path as string,
      manifestLength: big(r.manifest_length),
      partitionSpecId: r.partition_spec_id as number,
      content: ((r.content as number | undefined) ?? 0) as 0 | 1,
      sequenceNumber: big(r.sequence_number),
      minSequenceNumber: big(r.min_sequence_number),
      addedSnapshotId: big(r.added_snapshot_id),
      addedFilesCount: (r.added_files_count as number | null) ?? 0,
      existingFilesCount: (r.existing_files_count as number | null) ?? 0,
      deletedFilesCount: (r.deleted_files_count as number | null) ?? 0,
      addedRowsCount: big(r.added_rows_count),
      existingRowsCount: big(r.existing_rows_count),
      deletedRowsCount: big(r.deleted_rows_count),
      partitions: parts === null || parts === undefined ? null : parts.map((p) => ({
        containsNull: p.contains_null as boolean,
        containsNan: (p.contains_nan as boolean | null | undefined) ?? null,
        lowerBound: (p.lower_bound as Buffer | null | undefined) ?? null,
        upperBound: (p.upper_bound as Buffer | null | undefined) ?? null,
      })),
      keyMetadata: (r.key_metadata as Buffer | null | undefined) ?? null,
    };
  });
  return { manifests, metadata: d.metadata };
}
