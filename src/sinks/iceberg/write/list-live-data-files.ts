/**
 * Scan planning for the query side: the live data files of a snapshot (current, by id, or as of a
 * time), read from its manifest list and manifests, with partition pruning by service and by event
 * time (hour(ts)) using manifest partition summaries first, then each file's partition tuple.
 */
import type { Table } from '../catalog/catalog.js';
import { decodeBound } from '../spec/bounds.js';
import { IcebergError } from '../spec/iceberg-error.js';
import { decodeManifest, ENTRY_STATUS } from '../spec/manifest.js';
import type { DataFile } from '../spec/manifest.js';
import { decodeManifestList } from '../spec/manifest-list.js';
import type { ManifestFile } from '../spec/manifest-list.js';
import { bindPartitionSpec } from '../spec/partition-spec.js';
import type { BoundPartitionField, PartitionTuple } from '../spec/partition-spec.js';
import { currentSnapshot, schemaById, currentSchema, snapshotById, specById } from '../spec/table-metadata.js';
import type { Snapshot, TableMetadata } from '../spec/table-metadata.js';
import { floorDiv } from '../spec/transforms.js';

/** Options of {@link listLiveDataFiles}. */
export interface ListLiveDataFilesOptions {
  /** Read this snapshot instead of the current one (time travel). */
  readonly snapshotId?: bigint;
  /** Read the snapshot that was current at this time (ms since epoch), per snapshot-log. */
  readonly asOfTimestampMs?: number;
  /** Keep only these services (null selects files whose service is null). */
  readonly services?: readonly (string | null)[];
  /** Keep only files that may hold events at or after this time (µs since epoch, inclusive). */
  readonly fromMicros?: bigint;
  /** Keep only files that may hold events before this time (µs since epoch, exclusive). */
  readonly toMicros?: bigint;
}

/** A live data file of a snapshot. */
export interface LiveDataFile {
  /** Full URI of the data file. */
  readonly filePath: string;
  readonly partition: PartitionTuple;
  readonly recordCount: bigint;
  readonly fileSizeInBytes: bigint;
  /** Data sequence number (inherited from the manifest list when null in the manifest). */
  readonly sequenceNumber: bigint;
  readonly specId: number;
  readonly dataFile: DataFile;
}

function pickSnapshot(m: TableMetadata, o: ListLiveDataFilesOptions): Snapshot | undefined {
  if (o.snapshotId !== undefined) {
    const s = snapshotById(m, o.snapshotId);
    if (!s) throw new IcebergError('NO_SUCH_SNAPSHOT', `snapshot ${o.snapshotId} does not exist`);
    return s;
  }
  if (o.asOfTimestampMs !== undefined) {
    let id: bigint | undefined;
    for (const e of m['snapshot-log']) if (e['timestamp-ms'] <= o.asOfTimestampMs) id = e['snapshot-id'];
    if (id === undefined) throw new IcebergError('NO_SUCH_SNAPSHOT', `no snapshot at or before ${o.asOfTimestampMs}`);
    return snapshotById(m, id);
  }
  return currentSnapshot(m);
}

interface Filter {
  readonly serviceField?: BoundPartitionField;
  readonly hourField?: BoundPartitionField;
  readonly services?: ReadonlySet<string | null>;
  readonly hourFrom?: number;
  readonly hourTo?: number; // inclusive
}

function makeFilter(m: TableMetadata, bound: readonly BoundPartitionField[], o: ListLiveDataFilesOptions): Filter {
  const schema = currentSchema(m);
  const sId = schema.fields.find((f) => f.name === 'service')?.id;
  const tId = schema.fields.find((f) => f.name === 'ts')?.id;
  const serviceField = bound.find((b) => b.field['source-id'] === sId && b.transform === 'identity');
  const hourField = bound.find((b) => b.field['source-id'] === tId && b.transform === 'hour');
  const H = 3_600_000_000n;
  return {
    serviceField,
    hourField,
    services: o.services ? new Set(o.services) : undefined,
    hourFrom: o.fromMicros !== undefined ? Number(floorDiv(o.fromMicros, H)) : undefined,
    hourTo: o.toMicros !== undefined ? Number(floorDiv(o.toMicros - 1n, H)) : undefined,
  };
}

function manifestMayMatch(mf: ManifestFile, bound: readonly BoundPartitionField[], f: Filter): boolean {
  if (!mf.partitions) return true;
  const summaryOf = (b: BoundPartitionField | undefined) => (b ? mf.partitions![bound.indexOf(b)] : undefined);
  const sv = summaryOf(f.serviceField);
  if (f.services && sv && f.serviceField) {
    const ok = [...f.services].some((s) => {
      if (s === null) return sv.containsNull;
      if (!sv.lowerBound || !sv.upperBound) return false;
      const lo = decodeBound('string', sv.lowerBound) as string;
      const hi = decodeBound('string', sv.upperBound) as string;
      return Buffer.compare(Buffer.from(lo), Buffer.from(s)) <= 0 && Buffer.compare(Buffer.from(s), Buffer.from(hi)) <= 0;
    });
    if (!ok) return false;
  }
  const hv = summaryOf(f.hourField);
  if ((f.hourFrom !== undefined || f.hourTo !== undefined) && hv && f.hourField) {
    if (!hv.lowerBound || !hv.upperBound) return false;
    const lo = decodeBound('int', hv.lowerBound) as number;
    const hi = decodeBound('int', hv.upperBound) as number;
    if (f.hourFrom !== undefined && hi < f.hourFrom) return false;
    if (f.hourTo !== undefined && lo > f.hourTo) return false;
  }
  return true;
}

function fileMatches(p: PartitionTuple, f: Filter): boolean {
  if (f.services && f.serviceField) {
    const v = p[f.serviceField.field.name];
    if (!f.services.has(v === undefined ? null : (v as string | null))) return false;
  }
  if ((f.hourFrom !== undefined || f.hourTo !== undefined) && f.hourField) {
    const v = p[f.hourField.field.name];
    if (v === null || v === undefined) return false;
    if (f.hourFrom !== undefined && Number(v) < f.hourFrom) return false;
    if (f.hourTo !== undefined && Number(v) > f.hourTo) return false;
  }
  return true;
}

/**
 * Live data files of a snapshot (default: current), optionally pruned by service and time.
 * Returns [] for a table without snapshots.
 * @throws IcebergError NO_SUCH_SNAPSHOT; NOT_FOUND / INVALID_AVRO for missing or broken manifests.
 */
export async function listLiveDataFiles(table: Table, options: ListLiveDataFilesOptions = {}): Promise<LiveDataFile[]> {
  const m = table.metadata;
  const snap = pickSnapshot(m, options);
  if (!snap) return [];
  const list = decodeManifestList(await table.io.read(snap['manifest-list'])).manifests;
  const out: LiveDataFile[] = [];
  for (const mf of list) {
    if (mf.content !== 0) continue;
    const spec = specById(m, mf.partitionSpecId);
    if (!spec) throw new IcebergError('INVALID_METADATA', `manifest ${mf.manifestPath} uses unknown partition spec ${mf.partitionSpecId}`);
    const schema = schemaById(m, snap['schema-id'] ?? m['current-schema-id']) ?? currentSchema(m);
    const bound = bindPartitionSpec(spec, schema);
    const filter = makeFilter(m, bound, options);
    if (!manifestMayMatch(mf, bound, filter)) continue;
    const manifest = decodeManifest(await table.io.read(mf.manifestPath));
    for (const e of manifest.entries) {
      if (e.status === ENTRY_STATUS.DELETED || e.dataFile.content !== 0) continue;
      if (!fileMatches(e.dataFile.partition, filter)) continue;
      out.push({
        filePath: e.dataFile.filePath,
        partition: e.dataFile.partition,
        recordCount: e.dataFile.recordCount,
        fileSizeInBytes: e.dataFile.fileSizeInBytes,
        sequenceNumber: e.sequenceNumber ?? mf.sequenceNumber,
        specId: mf.partitionSpecId,
        dataFile: e.dataFile,
      });
    }
  }
  return out;
}
