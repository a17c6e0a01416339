/**
 * Compaction (Iceberg "rewrite data files" without deletes): the small live files of a partition are
 * read with DuckDB and written as one Parquet file (the table's current schema, field ids, NULL for
 * columns older files lack), the rows are checked (count + order-independent row-hash sum), and a
 * `replace` snapshot is committed:
 * - a new manifest with the compacted files as ADDED (sequence numbers inherited);
 * - every manifest that held a rewritten file is rewritten: those entries DELETED, the others
 *   EXISTING, all with explicit sequence numbers and snapshot ids; its older DELETED entries dropped;
 * - all other manifests carried over unchanged;
 * - summary: added/deleted files, records and sizes, exact totals, and every `loglake.` key of the
 *   base snapshot's ancestry (newest value), so `readCommittedProperty` and expiry keep working.
 * Conflicts: reload and rebuild the manifests from the fresh base (the data files are written once);
 * if a rewritten file is no longer live there, give up (nothing committed, new files removed).
 * The old data files stay on disk for older snapshots; `expireSnapshots` removes them.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog, Table, TableIdentifier } from '../catalog/catalog.js';
import type { FileIO } from '../io/file-io.js';
import { fileUriToPath, pathToFileUri } from '../io/local-file-io.js';
import { IcebergError } from '../spec/iceberg-error.js';
import { newSnapshotId, newUuid } from '../spec/ids.js';
import { encodeManifest, ENTRY_STATUS, summarizePartitions } from '../spec/manifest.js';
import type { DataFile, ManifestEntry } from '../spec/manifest.js';
import { encodeManifestList } from '../spec/manifest-list.js';
import type { ManifestFile } from '../spec/manifest-list.js';
import { bindPartitionSpec } from '../spec/partition-spec.js';
import type { PartitionSpec, PartitionTuple } from '../spec/partition-spec.js';
import type { Schema } from '../spec/schema.js';
import { TableMetadataBuilder } from '../spec/table-metadata-builder.js';
import { currentSchema, currentSnapshot, defaultSpec, metadataDirOf, snapshotAncestry, specById } from '../spec/table-metadata.js';
import type { Snapshot, SnapshotSummary, TableMetadata } from '../spec/table-metadata.js';
import { dataFileLocation } from '../write/data-file-location.js';
import { parquetDataFiles } from '../write/parquet-data-file.js';
import { commitWithRetry } from './commit-with-retry.js';
import type { MaintenanceCommitOptions } from './commit-with-retry.js';
import { duckdbFieldIds, duckdbTypeOf, sqlIdent, sqlString } from './duckdb-types.js';
import { readSnapshotManifests } from './snapshot-files.js';
import type { ResolvedEntry, ResolvedManifest } from './snapshot-files.js';

/** Java's table property for the target data file size, and its default (512 MiB). */
export const TARGET_FILE_SIZE_PROPERTY = 'write.target-file-size-bytes';
const DEFAULT_TARGET_FILE_BYTES = 512 * 1024 * 1024;
/** Java's table property for the Parquet codec (default zstd, as Java ≥ 1.4). */
export const PARQUET_CODEC_PROPERTY = 'write.parquet.compression-codec';

/** Options of {@link compactTable}. */
export interface CompactTableOptions extends MaintenanceCommitOptions {
  /** Files at least this large are left alone; bins of small files are filled up to it. Default: table property `write.target-file-size-bytes`, else 512 MiB. */
  readonly targetFileBytes?: number;
  /** A partition is compacted only when it has at least this many small files. Default 2 (minimum 2). */
  readonly minFiles?: number;
}

/** One group of files rewritten into one. */
export interface CompactionGroup {
  readonly partition: PartitionTuple;
  /** Data file URIs replaced. */
  readonly removed: readonly string[];
  /** The new data file URI. */
  readonly added: string;
  readonly records: bigint;
}

/** Outcome of {@link compactTable}. */
export interface CompactTableResult {
  /** The table after the commit (or as loaded when nothing was compacted). */
  readonly table: Table;
  readonly committed: boolean;
  /** The `replace` snapshot, when committed. */
  readonly snapshotId: bigint | undefined;
  readonly groups: readonly CompactionGroup[];
  readonly retries: number;
}

interface Candidate {
  readonly filePath: string;
  readonly size: bigint;
  readonly records: bigint;
  readonly partition: PartitionTuple;
  readonly specId: number;
}

interface PlannedGroup {
  readonly partition: PartitionTuple;
  readonly files: readonly Candidate[];
}

function partitionKey(specId: number, p: PartitionTuple): string {
  const keys = Object.keys(p).sort();
  return `${specId}|` + JSON.stringify(keys.map((k) => [k, p[k]]), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** Groups small live files by partition and packs each partition into bins of at most `target` bytes. */
function planGroups(manifests: readonly ResolvedManifest[], spec: PartitionSpec, target: number, minFiles: number): PlannedGroup[] {
  const byPartition = new Map<string, Candidate[]>();
  for (const m of manifests) {
    if (m.file.partitionSpecId !== spec['spec-id']) continue; // files of older specs are left alone
    for (const r of m.entries) {
      const e = r.entry;
      if (e.status === ENTRY_STATUS.DELETED || e.dataFile.content !== 0) continue;
      if (e.dataFile.fileSizeInBytes >= BigInt(target)) continue;
      const key = partitionKey(m.file.partitionSpecId, e.dataFile.partition);
      const list = byPartition.get(key) ?? [];
      list.push({ filePath: e.dataFile.filePath, size: e.dataFile.fileSizeInBytes, records: e.dataFile.recordCount, partition: e.dataFile.partition, specId: m.file.partitionSpecId });
      byPartition.set(key, list);
    }
  }
  const out: PlannedGroup[] = [];
  for (const key of [...byPartition.keys()].sort()) {
    const files = byPartition.get(key)!;
    if (files.length < minFiles) continue;
    const sorted = [...files].sort((a, b) => (a.size < b.size ? -1 : a.size > b.size ? 1 : a.filePath.localeCompare(b.filePath)));
    let bin: Candidate[] = [];
    let binBytes = 0n;
    const flush = (): void => {
      if (bin.length >= minFiles) out.push({ partition: bin[0]!.partition, files: bin });
      bin = [];
      binBytes = 0n;
    };
    for (const f of sorted) {
      if (bin.length > 0 && binBytes + f.size > BigInt(target)) flush();
      bin.push(f);
      binBytes += f.size;
    }
    flush();
  }
  return out;
}

/**
 * Local paths DuckDB reads for data files: `file:` URIs as paths; remote files (S3) fetched into
 * `stage` first (named by a hash of the URI, so log content never becomes a path).
 */
async function localCopies(io: FileIO, uris: readonly string[], stage: string | undefined): Promise<string[]> {
  const out: string[] = [];
  for (const uri of uris) {
    if (uri.startsWith('file:') || uri.startsWith('/')) {
      out.push(fileUriToPath(uri));
      continue;
    }
    if (!stage) throw new IcebergError('INVALID_ARGUMENT', `compaction: no local staging for remote file ${uri}`);
    const path = join(stage, createHash('sha256').update(uri).digest('hex') + '.parquet');
    await io.download(uri, path);
    out.push(path);
  }
  return out;
}

/** `SELECT <schema columns, cast; typed NULL when no file has the column> FROM read_parquet(files)` over local paths. */
async function projection(con: DuckDBConnection, schema: Schema, files: readonly string[]): Promise<string> {
  const scan = `read_parquet([${files.map((f) => sqlString(f)).join(', ')}], union_by_name = true, hive_partitioning = false)`;
  const present = new Set(((await con.runAndReadAll(`DESCRIBE SELECT * FROM ${scan}`)).getRowObjectsJS() as { column_name: string }[]).map((r) => r.column_name));
  const cols = schema.fields.map((f) => `CAST(${present.has(f.name) ? sqlIdent(f.name) : 'NULL'} AS ${duckdbTypeOf(f.type)}) AS ${sqlIdent(f.name)}`);
  return `SELECT ${cols.join(', ')} FROM ${scan}`;
}

/** Row count and an order-independent checksum (sum of 64-bit row hashes) of a query's rows. */
async function rowChecksum(con: DuckDBConnection, select: string): Promise<{ count: bigint; sum: string }> {
  const r = (await con.runAndReadAll(`SELECT count(*) AS n, CAST(coalesce(sum(CAST(hash(t) AS HUGEINT)), 0) AS VARCHAR) AS h FROM (${select}) t`)).getRowObjectsJS()[0] as { n: bigint; h: string };
  return { count: BigInt(r.n), sum: r.h };
}

function codecOf(m: TableMetadata): string {
  const c = (m.properties[PARQUET_CODEC_PROPERTY] ?? 'zstd').toLowerCase();
  const ok = ['zstd', 'snappy', 'gzip', 'uncompressed', 'lz4', 'brotli'];
  if (!ok.includes(c)) throw new IcebergError('INVALID_ARGUMENT', `unsupported ${PARQUET_CODEC_PROPERTY}: ${c}`);
  return c;
}

/**
 * Writes one compacted file per group and checks its rows; returns the DataFiles. Removes what it
 * wrote on failure. A remote table (S3) is compacted through a local staging directory: inputs are
 * fetched, the output is written, checked and described there, then uploaded.
 */
async function rewriteGroups(table: Table, groups: readonly PlannedGroup[], tag: string): Promise<DataFile[]> {
  const m = table.metadata;
  const schema = currentSchema(m);
  const codec = codecOf(m);
  const written: string[] = [];
  const remote = !m.location.startsWith('file:') && !m.location.startsWith('/');
  const stage = remote ? await mkdtemp(join(tmpdir(), 'loglake-compact-')) : undefined;
  const { DuckDBInstance } = await import('@duckdb/node-api'); // loaded on use (ingest start-up stays light)
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run("SET TimeZone = 'UTC'");
    const out: DataFile[] = [];
    for (const [i, g] of groups.entries()) {
      const loc = dataFileLocation(table, g.partition, `compacted-${tag}-${i}.parquet`);
      const select = await projection(con, schema, await localCopies(table.io, g.files.map((f) => f.filePath), stage));
      const before = await rowChecksum(con, select);
      const expected = g.files.reduce((a, f) => a + f.records, 0n);
      if (before.count !== expected) {
        throw new IcebergError('INVALID_DATA_FILE', `compaction: files of partition ${JSON.stringify(g.partition)} hold ${before.count} rows, manifests say ${expected}`);
      }
      const path = stage ? join(stage, `out-${i}.parquet`) : fileUriToPath(loc);
      await mkdir(dirname(path), { recursive: true });
      if (!stage) written.push(loc);
      await con.run(`COPY (${select}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION ${codec}, FIELD_IDS ${duckdbFieldIds(schema)})`);
      const after = await rowChecksum(con, await projection(con, schema, [path]));
      if (after.count !== before.count || after.sum !== before.sum) {
        throw new IcebergError('INVALID_DATA_FILE', `compaction: rewritten file ${loc} differs from its inputs (rows ${after.count} vs ${before.count}, checksum ${after.sum} vs ${before.sum})`);
      }
      const [df] = await parquetDataFiles(m, [stage ? pathToFileUri(path) : loc]);
      if (partitionKey(0, df!.partition) !== partitionKey(0, g.partition)) {
        throw new IcebergError('INVALID_DATA_FILE', `compaction: rewritten file ${loc} has partition ${JSON.stringify(df!.partition)}, expected ${JSON.stringify(g.partition)}`);
      }
      if (stage) {
        written.push(loc);
        await table.io.upload(loc, path);
        await rm(path, { force: true });
      }
      out.push(stage ? { ...df!, filePath: loc } : df!);
    }
    return out;
  } catch (e) {
    for (const loc of written) await table.io.delete(loc).catch(() => undefined);
    throw e;
  } finally {
    con.closeSync();
    db.closeSync();
    if (stage) await rm(stage, { recursive: true, force: true });
  }
}

/** The newest value of every `loglake.` summary key along the ancestry of `start`. */
export function loglakeSummaryKeys(m: TableMetadata, start: bigint | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of snapshotAncestry(m, start)) {
    for (const [k, v] of Object.entries(s.summary)) if (k.startsWith('loglake.') && !(k in out)) out[k] = v;
  }
  return out;
}

interface AttemptFiles {
  readonly written: string[];
}

async function writeManifest(io: FileIO, path: string, schema: Schema, spec: PartitionSpec, entries: readonly ManifestEntry[], files: AttemptFiles): Promise<bigint> {
  const bytes = encodeManifest({ schema, spec, entries });
  await io.write(path, bytes);
  files.written.push(path);
  return BigInt(bytes.length);
}

function minBig(values: readonly bigint[], fallback: bigint): bigint {
  return values.reduce((a, b) => (b < a ? b : a), values[0] ?? fallback);
}

/**
 * Builds the `replace` snapshot on `table` (its current snapshot is the parent): writes manifests and
 * the manifest list, returns the next metadata.
 * @throws IcebergError COMMIT_CONFLICT (not retryable) when a file to replace is no longer live.
 */
async function buildReplace(table: Table, added: readonly DataFile[], removed: ReadonlySet<string>, now: number, tag: string, files: AttemptFiles): Promise<{ metadata: TableMetadata; snapshotId: bigint }> {
  const base = table.metadata;
  const io = table.io;
  const parent = currentSnapshot(base);
  if (!parent) throw new IcebergError('COMMIT_CONFLICT', 'compaction: the table has no snapshot any more');
  const manifests = await readSnapshotManifests(io, parent);
  if (manifests.some((m) => m.file.content !== 0)) throw new IcebergError('INVALID_ARGUMENT', 'compaction: tables with delete files are not supported');
  const live = new Set<string>();
  for (const m of manifests) for (const r of m.entries) if (r.entry.status !== ENTRY_STATUS.DELETED) live.add(r.entry.dataFile.filePath);
  const gone = [...removed].filter((p) => !live.has(p));
  if (gone.length > 0) {
    throw new IcebergError('COMMIT_CONFLICT', `compaction: ${gone.length} file(s) to replace are no longer live (concurrent rewrite or expiry): ${gone[0]}`, { context: { files: gone } });
  }
  const schema = currentSchema(base);
  const spec = defaultSpec(base);
  const snapshotId = newSnapshotId(base.snapshots.map((s) => s['snapshot-id']));
  const seq = base['last-sequence-number'] + 1n;
  const dir = metadataDirOf(base);
  const rows: ManifestFile[] = [];

  // 1. the compacted files
  const addedPath = `${dir}/${tag}-m0-${snapshotId}.avro`;
  const addedLen = await writeManifest(io, addedPath, schema, spec, added.map((dataFile) => ({ status: ENTRY_STATUS.ADDED, snapshotId, sequenceNumber: null, fileSequenceNumber: null, dataFile })), files);
  rows.push({
    manifestPath: addedPath, manifestLength: addedLen, partitionSpecId: spec['spec-id'], content: 0,
    sequenceNumber: seq, minSequenceNumber: seq, addedSnapshotId: snapshotId,
    addedFilesCount: added.length, existingFilesCount: 0, deletedFilesCount: 0,
    addedRowsCount: added.reduce((a, f) => a + f.recordCount, 0n), existingRowsCount: 0n, deletedRowsCount: 0n,
    partitions: summarizePartitions(bindPartitionSpec(spec, schema), added.map((f) => f.partition)),
  });

  // 2. manifests holding replaced files are rewritten; 3. the rest carried over
  let replacedManifests = 0;
  let deletedRecords = 0n;
  let removedSize = 0n;
  const changed = new Set<string>(added.map((f) => partitionKey(0, f.partition)));
  let n = 1;
  for (const m of manifests) {
    const hit = m.entries.some((r) => r.entry.status !== ENTRY_STATUS.DELETED && removed.has(r.entry.dataFile.filePath));
    if (!hit) {
      rows.push(m.file);
      continue;
    }
    replacedManifests++;
    const mspec = specById(base, m.file.partitionSpecId);
    if (!mspec) throw new IcebergError('INVALID_METADATA', `manifest ${m.file.manifestPath} uses unknown partition spec ${m.file.partitionSpecId}`);
    const kept: ResolvedEntry[] = m.entries.filter((r) => r.entry.status !== ENTRY_STATUS.DELETED);
    const entries: ManifestEntry[] = kept.map((r) => {
      const del = removed.has(r.entry.dataFile.filePath);
      if (del) {
        deletedRecords += r.entry.dataFile.recordCount;
        removedSize += r.entry.dataFile.fileSizeInBytes;
        changed.add(partitionKey(0, r.entry.dataFile.partition));
      }
      return {
        status: del ? ENTRY_STATUS.DELETED : ENTRY_STATUS.EXISTING,
        snapshotId: del ? snapshotId : r.snapshotId,
        sequenceNumber: r.dataSequenceNumber,
        fileSequenceNumber: r.fileSequenceNumber,
        dataFile: r.entry.dataFile,
      };
    });
    const path = `${dir}/${tag}-m${n++}-${snapshotId}.avro`;
    const len = await writeManifest(io, path, schema, mspec, entries, files);
    const count = (s: number): ManifestEntry[] => entries.filter((e) => e.status === s);
    const rowsOf = (es: ManifestEntry[]): bigint => es.reduce((a, e) => a + e.dataFile.recordCount, 0n);
    rows.push({
      manifestPath: path, manifestLength: len, partitionSpecId: mspec['spec-id'], content: 0,
      sequenceNumber: seq, minSequenceNumber: minBig(kept.map((r) => r.dataSequenceNumber), seq), addedSnapshotId: snapshotId,
      addedFilesCount: 0, existingFilesCount: count(ENTRY_STATUS.EXISTING).length, deletedFilesCount: count(ENTRY_STATUS.DELETED).length,
      addedRowsCount: 0n, existingRowsCount: rowsOf(count(ENTRY_STATUS.EXISTING)), deletedRowsCount: rowsOf(count(ENTRY_STATUS.DELETED)),
      partitions: summarizePartitions(bindPartitionSpec(mspec, schema), entries.map((e) => e.dataFile.partition)),
    });
  }

  const listPath = `${dir}/snap-${snapshotId}-${tag}.avro`;
  await io.write(listPath, encodeManifestList({ snapshotId, parentSnapshotId: parent['snapshot-id'], sequenceNumber: seq, manifests: rows }));
  files.written.push(listPath);

  // exact totals over the new snapshot's live files
  let totalFiles = 0n;
  let totalRecords = 0n;
  let totalSize = 0n;
  for (const m of manifests) {
    for (const r of m.entries) {
      if (r.entry.status === ENTRY_STATUS.DELETED || removed.has(r.entry.dataFile.filePath)) continue;
      totalFiles++;
      totalRecords += r.entry.dataFile.recordCount;
      totalSize += r.entry.dataFile.fileSizeInBytes;
    }
  }
  for (const f of added) {
    totalFiles++;
    totalRecords += f.recordCount;
    totalSize += f.fileSizeInBytes;
  }
  const summary: Record<string, string> = {
    ...loglakeSummaryKeys(base, parent['snapshot-id']),
    operation: 'replace',
    'added-data-files': String(added.length),
    'deleted-data-files': String(removed.size),
    'added-records': String(added.reduce((a, f) => a + f.recordCount, 0n)),
    'deleted-records': String(deletedRecords),
    'added-files-size': String(added.reduce((a, f) => a + f.fileSizeInBytes, 0n)),
    'removed-files-size': String(removedSize),
    'changed-partition-count': String(changed.size),
    'manifests-created': String(1 + replacedManifests),
    'manifests-replaced': String(replacedManifests),
    'manifests-kept': String(manifests.length - replacedManifests),
    'total-data-files': String(totalFiles),
    'total-records': String(totalRecords),
    'total-files-size': String(totalSize),
    'total-delete-files': '0',
    'total-position-deletes': '0',
    'total-equality-deletes': '0',
  };
  const timestamp = Math.max(now, base['last-updated-ms']);
  const snapshot: Snapshot = {
    'snapshot-id': snapshotId,
    'parent-snapshot-id': parent['snapshot-id'],
    'sequence-number': seq,
    'timestamp-ms': timestamp,
    'manifest-list': listPath,
    summary: summary as SnapshotSummary,
    'schema-id': base['current-schema-id'],
  };
  const metadata = TableMetadataBuilder.fromBase(base, table.metadataLocation).addSnapshot(snapshot).setBranchSnapshot(snapshotId).build(now);
  return { metadata, snapshotId };
}

/**
 * Rewrites the small live data files of each partition into one file per bin and commits a
 * `replace` snapshot (see the module comment).
 * @throws IcebergError INVALID_DATA_FILE when a rewritten file does not hold exactly the input rows
 * (nothing committed); COMMIT_CONFLICT when a file to replace stopped being live; INVALID_ARGUMENT
 * for tables with delete files; COMMIT_RETRIES_EXHAUSTED; COMMIT_STATE_UNKNOWN; NO_SUCH_TABLE.
 */
export async function compactTable(catalog: Catalog, identifier: TableIdentifier, options: CompactTableOptions = {}): Promise<CompactTableResult> {
  const now = options.now ?? Date.now;
  const start = await catalog.loadTable(identifier);
  const snap = currentSnapshot(start.metadata);
  const idle: CompactTableResult = { table: start, committed: false, snapshotId: undefined, groups: [], retries: 0 };
  if (!snap) return idle;
  const propTarget = Number(start.metadata.properties[TARGET_FILE_SIZE_PROPERTY]);
  const target = options.targetFileBytes ?? (Number.isFinite(propTarget) && propTarget > 0 ? propTarget : DEFAULT_TARGET_FILE_BYTES);
  const minFiles = Math.max(2, options.minFiles ?? 2);
  const manifests = await readSnapshotManifests(start.io, snap);
  if (manifests.some((m) => m.file.content !== 0)) throw new IcebergError('INVALID_ARGUMENT', 'compaction: tables with delete files are not supported');
  const plan = planGroups(manifests, defaultSpec(start.metadata), target, minFiles);
  if (plan.length === 0) return idle;

  const tag = newUuid();
  const added = await rewriteGroups(start, plan, tag);
  const removed = new Set(plan.flatMap((g) => g.files.map((f) => f.filePath)));
  try {
    const out = await commitWithRetry(catalog, identifier, async (table, attempt) => {
      const files: AttemptFiles = { written: [] };
      const cleanup = async (): Promise<void> => {
        for (const p of files.written) await table.io.delete(p).catch(() => undefined);
      };
      try {
        const r = await buildReplace(table, added, removed, now(), `${tag}-${attempt}`, files);
        return { metadata: r.metadata, value: r.snapshotId, cleanup };
      } catch (e) {
        await cleanup();
        throw e;
      }
    }, options);
    return {
      table: out.table,
      committed: true,
      snapshotId: out.value,
      groups: plan.map((g, i) => ({ partition: g.partition, removed: g.files.map((f) => f.filePath), added: added[i]!.filePath, records: added[i]!.recordCount })),
      retries: out.retries,
    };
  } catch (e) {
    if (!(e instanceof IcebergError && e.code === 'COMMIT_STATE_UNKNOWN')) {
      for (const f of added) await start.io.delete(f.filePath).catch(() => undefined);
    }
    throw e;
  }
}
