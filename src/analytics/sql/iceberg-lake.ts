/**
 * SQL over an Iceberg table with embedded DuckDB, without DuckDB's iceberg extension: scan planning
 * is done here (manifest list → manifests → live data files of one snapshot, pruned by service and
 * event time), and DuckDB reads exactly those Parquet files.
 *
 * Views:
 * - `logs`: the columns of the table's current Iceberg schema (for time travel: the schema the
 *   snapshot was written with), in schema order, over the live data files
 *   (`union_by_name = true`, so files written before a schema evolution read NULL for new columns;
 *   a column no file has yet is a typed NULL). Hive partitioning is on when every file lives under
 *   `…/service=<value>/…` with the value equal to its manifest partition value, so that
 *   `WHERE service = …` prunes files inside DuckDB as well; otherwise it is off and the value stored
 *   in the file is read. With `services`/`fromMicros`/`toMicros` the view holds exactly the rows that
 *   match (files pruned through manifests, then rows filtered).
 * - `spark_logs`: the seed's 14 columns, the same SQL as `lake.ts`'s SPARK_LOGS_VIEW.
 * - `snapshots`: one row per snapshot in the metadata (id, parent, sequence number, commit time,
 *   operation, added/total records and files, whether it is current).
 *
 * Reads tables; imports `sinks/iceberg` (catalog, spec, write) only.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog, Table, TableIdentifier } from '../../sinks/iceberg/catalog/catalog.js';
import { fileUriToPath, LocalFileIO } from '../../sinks/iceberg/io/local-file-io.js';
import type { FileIO } from '../../sinks/iceberg/io/file-io.js';
import { duckdbTypeOf, sqlIdent, sqlString } from '../../sinks/iceberg/maintain/duckdb-types.js';
import { IcebergError } from '../../sinks/iceberg/spec/iceberg-error.js';
import { bindPartitionSpec } from '../../sinks/iceberg/spec/partition-spec.js';
import type { Schema } from '../../sinks/iceberg/spec/schema.js';
import { currentSchema, currentSnapshot, schemaById, snapshotById, specById } from '../../sinks/iceberg/spec/table-metadata.js';
import type { Snapshot, TableMetadata } from '../../sinks/iceberg/spec/table-metadata.js';
import { listLiveDataFiles } from '../../sinks/iceberg/write/list-live-data-files.js';
import type { LiveDataFile } from '../../sinks/iceberg/write/list-live-data-files.js';
import { SPARK_LOGS_VIEW } from './lake.js';
import { RemoteFiles } from './remote-files.js';
import { rowFilter } from './row-filter.js';

/** Options of {@link openIcebergLake}. `snapshotId` and `asOfMs` are exclusive. */
export interface IcebergLakeOptions {
  /** Read this snapshot (time travel by id). */
  readonly snapshotId?: bigint;
  /** Read the snapshot that was current at this time (ms since epoch, per snapshot-log). */
  readonly asOfMs?: number;
  /** Keep only these services (`null` selects rows without a service). */
  readonly services?: readonly (string | null)[];
  /** Keep only events at or after this time (µs since epoch, inclusive). */
  readonly fromMicros?: number | bigint;
  /** Keep only events before this time (µs since epoch, exclusive). */
  readonly toMicros?: number | bigint;
  /** Local cache for data files of a table in S3 when DuckDB httpfs is unavailable (see remote-files.ts). */
  readonly cacheDir?: string;
  /** Do not try DuckDB httpfs for S3 files (always use the cache). */
  readonly noHttpfs?: boolean;
}

/** An open DuckDB connection with the Iceberg views defined. */
export interface IcebergLake {
  readonly con: DuckDBConnection;
  /** Closes the connection and the in-memory DuckDB instance. */
  close(): void;
  /** The snapshot read, or undefined for a table without snapshots. */
  readonly snapshotId: bigint | undefined;
  /** Number of data files the `logs` view scans (after manifest pruning). */
  readonly files: number;
  /** Whether `logs` reads with hive partitioning (see the module comment). */
  readonly hivePartitioning: boolean;
  /** The Iceberg schema id the `logs` view exposes. */
  readonly schemaId: number;
  /** How files in S3 are read (also for other files of the same table's warehouse). */
  readonly remote: RemoteFiles;
}

function pickSnapshot(m: TableMetadata, o: IcebergLakeOptions): Snapshot | undefined {
  if (o.snapshotId !== undefined && o.asOfMs !== undefined) throw new IcebergError('INVALID_ARGUMENT', 'give snapshotId or asOfMs, not both');
  if (o.snapshotId !== undefined) {
    const s = snapshotById(m, o.snapshotId);
    if (!s) throw new IcebergError('NO_SUCH_SNAPSHOT', `snapshot ${o.snapshotId} does not exist`);
    return s;
  }
  if (o.asOfMs !== undefined) {
    let id: bigint | undefined;
    for (const e of m['snapshot-log']) if (e['timestamp-ms'] <= o.asOfMs) id = e['snapshot-id'];
    if (id === undefined) throw new IcebergError('NO_SUCH_SNAPSHOT', `no snapshot at or before ${o.asOfMs} ms`);
    const s = snapshotById(m, id);
    if (!s) throw new IcebergError('NO_SUCH_SNAPSHOT', `snapshot ${id} (current at ${o.asOfMs} ms) has expired`);
    return s;
  }
  return currentSnapshot(m);
}

/** Path DuckDB opens for a data file URI (local paths for `file:`, the URI otherwise). */
function readablePath(uri: string, io?: FileIO): string {
  if (!uri.startsWith('file:')) return uri;
  return io instanceof LocalFileIO ? io.readPath(uri) : fileUriToPath(uri); // a copied warehouse reads its own files
}

/** `k=v` directory segments of a path, values URL-decoded, as DuckDB's hive partitioning reads them. */
function hiveSegments(path: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  const dirs = path.split('/').slice(0, -1);
  for (const seg of dirs) {
    const eq = seg.indexOf('=');
    if (eq <= 0) continue;
    try {
      out.set(seg.slice(0, eq), decodeURIComponent(seg.slice(eq + 1)));
    } catch {
      return undefined;
    }
  }
  return out;
}

/**
 * Whether DuckDB's hive partitioning gives the same column values as the files: every file has the
 * same set of `k=v` keys, and every key that is also a view column is an identity partition field
 * whose path value equals the file's partition value (a path value `null`/`NULL` reads as NULL).
 */
function hiveIsSafe(m: TableMetadata, schema: Schema, files: readonly LiveDataFile[]): boolean {
  if (files.length === 0) return false;
  const columns = new Set(schema.fields.map((f) => f.name));
  let keys: string | undefined;
  for (const f of files) {
    const segs = hiveSegments(readablePath(f.filePath));
    if (!segs || segs.size === 0) return false;
    const k = [...segs.keys()].sort().join('\u0000');
    if (keys !== undefined && k !== keys) return false;
    keys = k;
    const spec = specById(m, f.specId);
    if (!spec) return false;
    const bound = bindPartitionSpec(spec, schema);
    for (const [key, raw] of segs) {
      if (!columns.has(key)) continue;
      const b = bound.find((x) => x.transform === 'identity' && x.sourceName === key && x.field.name === key);
      if (!b || b.sourceType !== 'string') return false;
      const expected = f.partition[key];
      if (raw === 'null' || raw === 'NULL') {
        if (expected !== null) return false;
      } else if (raw.toLowerCase() === 'null' || expected !== raw) return false;
    }
  }
  return true;
}

function bigintLiteral(v: string | undefined): string {
  return v !== undefined && /^-?\d+$/.test(v) ? `${v}::BIGINT` : 'NULL::BIGINT';
}

async function defineSnapshotsView(con: DuckDBConnection, m: TableMetadata): Promise<void> {
  const cols = `snapshot_id BIGINT, parent_id BIGINT, sequence_number BIGINT, committed_at TIMESTAMPTZ, operation VARCHAR,
    added_records BIGINT, deleted_records BIGINT, total_records BIGINT, added_data_files BIGINT, deleted_data_files BIGINT,
    total_data_files BIGINT, schema_id INTEGER, is_current BOOLEAN, manifest_list VARCHAR`;
  await con.run(`CREATE OR REPLACE TABLE __loglake_snapshots (${cols})`);
  const cur = m['current-snapshot-id'];
  const rows = m.snapshots.map((s) => {
    const sum = s.summary;
    return '(' + [
      `${s['snapshot-id']}::BIGINT`,
      s['parent-snapshot-id'] === undefined ? 'NULL::BIGINT' : `${s['parent-snapshot-id']}::BIGINT`,
      `${s['sequence-number']}::BIGINT`,
      `make_timestamptz(${BigInt(s['timestamp-ms']) * 1000n}::BIGINT)`,
      sqlString(sum.operation),
      bigintLiteral(sum['added-records']),
      bigintLiteral(sum['deleted-records']),
      bigintLiteral(sum['total-records']),
      bigintLiteral(sum['added-data-files']),
      bigintLiteral(sum['deleted-data-files']),
      bigintLiteral(sum['total-data-files']),
      s['schema-id'] === undefined ? 'NULL::INTEGER' : `${s['schema-id']}::INTEGER`,
      s['snapshot-id'] === cur ? 'true' : 'false',
      sqlString(s['manifest-list']),
    ].join(', ') + ')';
  });
  if (rows.length > 0) await con.run(`INSERT INTO __loglake_snapshots VALUES ${rows.join(', ')}`);
  await con.run('CREATE OR REPLACE VIEW snapshots AS SELECT * FROM __loglake_snapshots ORDER BY sequence_number');
}

/**
 * Opens an in-memory DuckDB with views `logs`, `spark_logs` and `snapshots` over one snapshot of an
 * Iceberg table (default: the current one).
 * @throws IcebergError NO_SUCH_TABLE; NO_SUCH_SNAPSHOT for an unknown id, a time before the first
 * snapshot, or an expired one; INVALID_ARGUMENT when both snapshotId and asOfMs are given.
 */
export async function openIcebergLake(catalog: Catalog, identifier: TableIdentifier, options: IcebergLakeOptions = {}): Promise<IcebergLake> {
  const table: Table = await catalog.loadTable(identifier);
  const m = table.metadata;
  const snap = pickSnapshot(m, options);
  // Current reads use the table's current schema; time travel uses the snapshot's (as Spark does).
  const travel = options.snapshotId !== undefined || options.asOfMs !== undefined;
  const schema = (travel && snap?.['schema-id'] !== undefined ? schemaById(m, snap['schema-id']) : undefined) ?? currentSchema(m);
  const files = snap
    ? await listLiveDataFiles(table, {
      snapshotId: snap['snapshot-id'],
      services: options.services,
      fromMicros: options.fromMicros === undefined ? undefined : BigInt(options.fromMicros),
      toMicros: options.toMicros === undefined ? undefined : BigInt(options.toMicros),
    })
    : [];
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const close = (): void => {
    con.closeSync();
    db.closeSync();
  };
  const remote = new RemoteFiles(con, { io: table.io, cacheDir: options.cacheDir, noHttpfs: options.noHttpfs });
  let hive = false;
  try {
    await con.run("SET TimeZone = 'UTC'");
    const paths = await remote.resolve(files.map((f) => ({ uri: f.filePath, size: f.fileSizeInBytes })));
    // cached copies have no partition directories: read the values stored in the files
    hive = remote.path !== 'cache' && hiveIsSafe(m, schema, files);
    if (files.length > 0) {
      const list = '[' + files.map((f) => sqlString(paths.get(f.filePath) ?? readablePath(f.filePath, table.io))).join(', ') + ']';
      const scan = `read_parquet(${list}, union_by_name = true, hive_partitioning = ${hive}${hive ? ', hive_types_autocast = false' : ''})`;
      const present = new Set(((await con.runAndReadAll(`DESCRIBE SELECT * FROM ${scan}`)).getRowObjectsJS() as { column_name: string }[]).map((r) => r.column_name));
      const select = schema.fields.map((f) => (present.has(f.name)
        ? `CAST(${sqlIdent(f.name)} AS ${duckdbTypeOf(f.type)}) AS ${sqlIdent(f.name)}`
        : `CAST(NULL AS ${duckdbTypeOf(f.type)}) AS ${sqlIdent(f.name)}`));
      await con.run(`CREATE OR REPLACE VIEW logs AS SELECT ${select.join(', ')} FROM ${scan}${rowFilter(options)}`);
    } else {
      const select = schema.fields.map((f) => `CAST(NULL AS ${duckdbTypeOf(f.type)}) AS ${sqlIdent(f.name)}`);
      await con.run(`CREATE OR REPLACE VIEW logs AS SELECT ${select.join(', ')} WHERE false`);
    }
    await con.run(SPARK_LOGS_VIEW);
    await defineSnapshotsView(con, m);
  } catch (e) {
    close();
    throw e;
  }
  return { con, close, snapshotId: snap?.['snapshot-id'], files: files.length, hivePartitioning: hive, schemaId: schema['schema-id'], remote };
}
