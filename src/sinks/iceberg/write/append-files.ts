/**
 * Fast append with optimistic concurrency: write one manifest for the new files (once), then per
 * attempt a manifest list (new manifest + the parent's manifests carried over unchanged) and the
 * next metadata version, and swap the catalog pointer. On a retryable failure (commit conflict,
 * busy catalog) reload the table and rebuild only the manifest list and metadata: ADDED entries
 * inherit their sequence numbers from the list, so the manifest stays valid across retries.
 */
import { setTimeout as sleepMs } from 'node:timers/promises';
import type { Catalog, Table, TableIdentifier } from '../catalog/catalog.js';
import { formatIdentifier } from '../catalog/catalog.js';
import { IcebergError } from '../spec/iceberg-error.js';
import { newSnapshotId, newUuid } from '../spec/ids.js';
import { encodeManifest, ENTRY_STATUS, summarizePartitions } from '../spec/manifest.js';
import type { DataFile } from '../spec/manifest.js';
import { decodeManifestList, encodeManifestList } from '../spec/manifest-list.js';
import type { ManifestFile } from '../spec/manifest-list.js';
import { bindPartitionSpec } from '../spec/partition-spec.js';
import type { BoundPartitionField } from '../spec/partition-spec.js';
import { buildAppendSummary } from '../spec/snapshot-summary.js';
import { TableMetadataBuilder } from '../spec/table-metadata-builder.js';
import { currentSchema, currentSnapshot, defaultSpec, metadataDirOf } from '../spec/table-metadata.js';
import type { Snapshot } from '../spec/table-metadata.js';

/** Options of {@link appendFiles}. */
export interface AppendFilesOptions {
  /** Commit attempts before giving up (first try included). Default 10. */
  readonly maxAttempts?: number;
  /** First backoff delay in ms; doubles per retry with full jitter. Default 20. */
  readonly baseDelayMs?: number;
  /** Backoff cap in ms. Default 2000. */
  readonly maxDelayMs?: number;
  /** Stop retrying once this many ms have passed since the first attempt. Default: no limit. */
  readonly timeBudgetMs?: number;
  /** Clock for snapshot timestamps. Default Date.now. */
  readonly now?: () => number;
  /** Called before each retry with the attempt number (1-based) and the error. */
  readonly onRetry?: (attempt: number, error: IcebergError) => void;
}

/** Outcome of {@link appendFiles}. */
export interface AppendResult {
  /** The table as committed. */
  readonly table: Table;
  readonly snapshotId: bigint;
  readonly sequenceNumber: bigint;
  readonly metadataLocation: string;
  /** Undefined when no files were added (a properties-only snapshot). */
  readonly manifestPath: string | undefined;
  readonly manifestListPath: string;
  /** How many times the commit was retried after a conflict (0 = first attempt succeeded). */
  readonly retries: number;
}

function checkPartition(bound: readonly BoundPartitionField[], f: DataFile): void {
  const names = new Set(bound.map((b) => b.field.name));
  for (const k of Object.keys(f.partition)) {
    if (!names.has(k)) throw new IcebergError('INVALID_DATA_FILE', `data file ${f.filePath}: partition has unknown field ${k}`);
  }
  for (const b of bound) {
    const v = f.partition[b.field.name];
    if (v === undefined) throw new IcebergError('INVALID_DATA_FILE', `data file ${f.filePath}: partition lacks ${b.field.name}`);
    if (v === null) continue;
    const ok = b.resultType === 'string' ? typeof v === 'string'
      : b.resultType === 'int' || b.resultType === 'date' ? typeof v === 'number' && Number.isInteger(v)
        : b.resultType === 'long' ? typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))
          : true;
    if (!ok) throw new IcebergError('INVALID_DATA_FILE', `data file ${f.filePath}: partition ${b.field.name} = ${String(v)} is not a ${b.resultType}`);
  }
}

function validateFiles(files: readonly DataFile[], bound: readonly BoundPartitionField[]): void {
  const seen = new Set<string>();
  for (const f of files) {
    if (f.content !== 0) throw new IcebergError('INVALID_DATA_FILE', `appendFiles only adds data files: ${f.filePath} has content ${f.content}`);
    if (!/^[a-z][a-z0-9+.-]*:/i.test(f.filePath)) throw new IcebergError('INVALID_DATA_FILE', `data file path must be a URI with a scheme: ${f.filePath}`);
    if (seen.has(f.filePath)) throw new IcebergError('INVALID_DATA_FILE', `data file listed twice: ${f.filePath}`);
    seen.add(f.filePath);
    if (f.recordCount < 0n || f.fileSizeInBytes < 0n) throw new IcebergError('INVALID_DATA_FILE', `data file ${f.filePath}: negative counts`);
    checkPartition(bound, f);
  }
}

/**
 * Snapshot-summary properties: fixed, or computed from the base metadata of each commit attempt
 * (so that progress recorded in the summary merges with what concurrent writers committed). The
 * function may throw a non-retryable IcebergError to abort the append (its files are removed).
 */
export type SnapshotProperties = Readonly<Record<string, string>> | ((base: import('../spec/table-metadata.js').TableMetadata) => Promise<Readonly<Record<string, string>>>);

/**
 * Appends data files to a table in one snapshot whose summary carries `snapshotProperties`
 * (e.g. `loglake.offsets-file`), retrying on commit conflicts.
 * @throws IcebergError INVALID_DATA_FILE for bad descriptors; COMMIT_RETRIES_EXHAUSTED (retryable)
 * after `maxAttempts`; COMMIT_STATE_UNKNOWN when the catalog outcome is unknown (files are kept);
 * NO_SUCH_TABLE; INVALID_METADATA when the table was replaced (uuid changed) meanwhile.
 */
export async function appendFiles(
  catalog: Catalog,
  identifier: TableIdentifier,
  files: readonly DataFile[],
  snapshotProperties: SnapshotProperties = {},
  options: AppendFilesOptions = {},
): Promise<AppendResult> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 10);
  const baseDelay = options.baseDelayMs ?? 20;
  const maxDelay = options.maxDelayMs ?? 2000;
  const now = options.now ?? Date.now;
  const deadline = options.timeBudgetMs === undefined ? Infinity : Date.now() + options.timeBudgetMs;

  let table = await catalog.loadTable(identifier);
  const tableUuid = table.metadata['table-uuid'];
  const schema = currentSchema(table.metadata);
  const spec = defaultSpec(table.metadata);
  const bound = bindPartitionSpec(spec, schema);
  validateFiles(files, bound);
  const io = table.io;
  const dir = metadataDirOf(table.metadata);
  const commitUuid = newUuid();

  let snapshotId = newSnapshotId(table.metadata.snapshots.map((s) => s['snapshot-id']));
  let manifestPath: string | undefined;
  let pending: Omit<ManifestFile, 'sequenceNumber' | 'minSequenceNumber'> | undefined;
  const writeManifest = async (): Promise<void> => {
    if (files.length === 0) return;
    if (manifestPath) await io.delete(manifestPath);
    const bytes = encodeManifest({
      schema,
      spec,
      entries: files.map((dataFile) => ({ status: ENTRY_STATUS.ADDED, snapshotId, sequenceNumber: null, fileSequenceNumber: null, dataFile })),
    });
    manifestPath = `${dir}/${commitUuid}-m0-${snapshotId}.avro`;
    await io.write(manifestPath, bytes);
    pending = {
      manifestPath,
      manifestLength: BigInt(bytes.length),
      partitionSpecId: spec['spec-id'],
      content: 0,
      addedSnapshotId: snapshotId,
      addedFilesCount: files.length,
      existingFilesCount: 0,
      deletedFilesCount: 0,
      addedRowsCount: files.reduce((a, f) => a + f.recordCount, 0n),
      existingRowsCount: 0n,
      deletedRowsCount: 0n,
      partitions: summarizePartitions(bound, files.map((f) => f.partition)),
    };
  };
  await writeManifest();

  let retries = 0;
  let lastError: IcebergError | undefined;
  let attempts = 0;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    attempts = attempt;
    if (attempt > 1) {
      table = await catalog.loadTable(identifier);
      if (table.metadata['table-uuid'] !== tableUuid) {
        if (manifestPath) await io.delete(manifestPath);
        throw new IcebergError('INVALID_METADATA', `table ${formatIdentifier(identifier)} was replaced during the commit (uuid changed)`);
      }
      if (table.metadata.snapshots.some((s) => s['snapshot-id'] === snapshotId)) {
        snapshotId = newSnapshotId(table.metadata.snapshots.map((s) => s['snapshot-id']));
        await writeManifest();
      }
    }
    const base = table.metadata;
    let properties: Readonly<Record<string, string>>;
    try {
      properties = typeof snapshotProperties === 'function' ? await snapshotProperties(base) : snapshotProperties;
    } catch (e) {
      if (manifestPath) await io.delete(manifestPath);
      throw e;
    }
    const parent = currentSnapshot(base);
    const seq = base['last-sequence-number'] + 1n;
    const carried = parent ? decodeManifestList(await io.read(parent['manifest-list'])).manifests : [];
    const manifests: ManifestFile[] = pending ? [{ ...pending, sequenceNumber: seq, minSequenceNumber: seq }, ...carried] : carried;
    const listPath = `${dir}/snap-${snapshotId}-${attempt}-${commitUuid}.avro`;
    await io.write(listPath, encodeManifestList({
      snapshotId,
      parentSnapshotId: parent?.['snapshot-id'],
      sequenceNumber: seq,
      manifests,
    }));
    const summary = buildAppendSummary({
      added: files,
      parentSummary: parent?.summary,
      hasParent: parent !== undefined,
      properties,
      manifestsCreated: pending ? 1 : 0,
      manifestsKept: carried.length,
    });
    const snapshot: Snapshot = {
      'snapshot-id': snapshotId,
      ...(parent ? { 'parent-snapshot-id': parent['snapshot-id'] } : {}),
      'sequence-number': seq,
      'timestamp-ms': Math.max(now(), base['last-updated-ms']),
      'manifest-list': listPath,
      summary,
      'schema-id': base['current-schema-id'],
    };
    const next = TableMetadataBuilder.fromBase(base, table.metadataLocation).addSnapshot(snapshot).setBranchSnapshot(snapshotId).build(now());
    try {
      const committed = await catalog.commitTable(identifier, table.metadataLocation, next);
      return {
        table: committed,
        snapshotId,
        sequenceNumber: seq,
        metadataLocation: committed.metadataLocation,
        manifestPath,
        manifestListPath: listPath,
        retries,
      };
    } catch (e) {
      if (!(e instanceof IcebergError) || e.code === 'COMMIT_STATE_UNKNOWN') throw e; // keep every file: it may be referenced
      await io.delete(listPath);
      if (!e.retryable) {
        if (manifestPath) await io.delete(manifestPath);
        throw e;
      }
      lastError = e;
      if (Date.now() >= deadline) break;
      if (attempt < maxAttempts) {
        retries++;
        options.onRetry?.(retries, e);
        const cap = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
        await sleepMs(Math.random() * cap);
      }
    }
  }
  if (manifestPath) await io.delete(manifestPath);
  throw new IcebergError('COMMIT_RETRIES_EXHAUSTED', `append to ${formatIdentifier(identifier)} failed after ${attempts} attempts`, {
    cause: lastError, retryable: true, context: { table: formatIdentifier(identifier), attempts },
  });
}
