/**
 * SQL over the lake with embedded DuckDB: a `logs` view over the committed Parquet files (hive
 * partitions service/date/hour, so filters on them prune files), a `quarantine` view, and the
 * seed's 14-column `spark_logs` view.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WarehouseState } from '../../state/warehouse-state.js';
import { LoglakeError } from '../../core/errors.js';
import { COLUMNS } from '../../schema/canonical.js';
import { PROCESSING_TABLE, PROCESSING_COLUMNS } from '../../table/processing-metadata.js';
import { isS3Uri } from '../../core/s3/uri.js';
import type { RemoteFiles } from './remote-files.js';
import { rowFilter, partitionMayMatch, type RowFilterOptions } from './row-filter.js';

function sqlList(paths: string[]): string {
  return '[' + paths.map((p) => `'${p.replace(/'/g, "''")}'`).join(', ') + ']';
}

/** The seed's Spark table as a view over the canonical table (names and meaning as the seed). */
export const SPARK_LOGS_VIEW = `
CREATE OR REPLACE VIEW spark_logs AS
SELECT ts AS "timestamp", severity AS log_level, message, pod AS pod_name, namespace AS namespace_name,
       labels['app'] AS app, COALESCE(labels['spark-app-selector'], spark_app_id) AS spark_app_selector,
       labels['queue'] AS queue, COALESCE(labels['spark-app-name'], spark_app_name) AS spark_app_name,
       COALESCE(labels['spark-role'], spark_role) AS spark_role, labels['spark-version'] AS spark_version,
       labels['submission-id'] AS submission_id, container AS container_name, image AS container_image
FROM logs
WHERE spark_app_id IS NOT NULL OR labels['spark-app-selector'] IS NOT NULL OR labels['spark-role'] IS NOT NULL`;

export interface OpenWarehouseOptions {
  /** parquet, iceberg, or auto (default): iceberg when the warehouse has a catalog and no Parquet commit log, or --catalog is given. */
  tableFormat?: 'parquet' | 'iceberg' | 'auto';
  catalog?: string;
  /** REST catalog settings (`--catalog-*`) when `catalog` is `http(s)://…`. */
  catalogRest?: import('../../table/catalog-connect.js').RestCatalogFlags;
  namespace?: string;
  snapshotId?: bigint;
  asOfMs?: number;
  services?: string[];
  fromMicros?: number;
  toMicros?: number;
  /** Local cache for files of an S3 warehouse when DuckDB httpfs is unavailable. */
  cacheDir?: string;
  /** Where the one line saying how S3 files are read goes (default: stderr). */
  onNote?: (line: string) => void;
}

export interface OpenedLake {
  con: DuckDBConnection;
  close: () => void;
  format: 'parquet' | 'iceberg';
  /** Iceberg: the snapshot read and how many data files the logs view scans. */
  snapshotId?: bigint;
  files?: number;
}

/** Opens the warehouse in either table format with the `logs`, `quarantine` and `spark_logs` views. */
export async function openWarehouse(warehouse: string, o: OpenWarehouseOptions = {}): Promise<OpenedLake> {
  const remote = isS3Uri(warehouse);
  if (!remote && !existsSync(warehouse)) throw new LoglakeError('INPUT_NOT_FOUND', `warehouse not found: ${warehouse}`);
  let format = o.tableFormat ?? 'auto';
  if (remote) {
    if (format === 'parquet') throw new LoglakeError('USAGE', 'an S3 warehouse holds Iceberg tables only (--table-format iceberg)');
    format = 'iceberg';
  } else if (format === 'auto') {
    format = o.catalog || (existsSync(join(warehouse, 'catalog.db')) && !existsSync(join(warehouse, '_loglake', 'state.json'))) ? 'iceberg' : 'parquet';
  }
  if (format === 'parquet') {
    if (o.snapshotId !== undefined || o.asOfMs !== undefined) throw new LoglakeError('USAGE', '--snapshot / --as-of need an Iceberg warehouse');
    return { ...(await openLake(warehouse, { services: o.services, fromMicros: o.fromMicros, toMicros: o.toMicros })), format: 'parquet' };
  }
  const { openCatalog, readOffsets, warehouseUri } = await import('../../table/commit-target.js');
  const { openIcebergLake } = await import('./iceberg-lake.js');
  const catalog = await openCatalog(warehouse, o.catalog, undefined, o.catalogRest);
  try {
    // a copied or moved warehouse (not yet relocated) is read from its own files
    const { readCopiedWarehouse } = await import('../../table/warehouse-location.js');
    await readCopiedWarehouse(catalog, warehouse);
    const ident = { namespace: [o.namespace ?? 'loglake'], name: 'logs' };
    let table;
    try {
      table = await catalog.loadTable(ident);
    } catch (e) {
      throw new LoglakeError('INPUT_NOT_FOUND', `no Iceberg table ${ident.namespace.join('.')}.logs in the catalog of ${warehouse}: ${(e as Error).message}`);
    }
    const lake = await openIcebergLake(catalog, ident, {
      snapshotId: o.snapshotId, asOfMs: o.asOfMs, services: o.services, fromMicros: o.fromMicros, toMicros: o.toMicros, cacheDir: o.cacheDir,
    });
    try {
      const offsets = await readOffsets(table);
      await defineProcessingView(lake.con, catalog, ident.namespace[0]!, lake.remote);
      const wh = warehouseUri(warehouse);
      const qfiles = offsets.quarantine_files.map((f) => ({ uri: remote ? `${wh}/${f.path}` : join(warehouse, f.path), size: f.bytes || undefined }));
      const qpaths = await lake.remote.resolve(qfiles);
      const q = qfiles.map((f) => qpaths.get(f.uri)!);
      // cached copies lose their date= directory: hive columns only where the path still has them
      await lake.con.run(q.length > 0
        ? `CREATE OR REPLACE VIEW quarantine AS SELECT * FROM read_parquet(${sqlList(q)}, hive_partitioning = ${lake.remote.path !== 'cache'})`
        : EMPTY_QUARANTINE);
      const note = lake.remote.summary();
      if (note) (o.onNote ?? ((l: string) => process.stderr.write(l + '\n')))(note);
    } catch (e) {
      lake.close();
      throw e;
    }
    return { con: lake.con, close: () => lake.close(), format: 'iceberg', snapshotId: lake.snapshotId, files: lake.files };
  } finally {
    await catalog.close();
  }
}

const EMPTY_PROCESSING = `CREATE OR REPLACE VIEW ${PROCESSING_TABLE} AS SELECT ${PROCESSING_COLUMNS.map((c) => `NULL::${duckType(c.type)} AS ${c.name}`).join(', ')} WHERE false`;

/** Defines the processing-metadata view from its Iceberg table (empty when it does not exist yet). */
async function defineProcessingView(
  con: DuckDBConnection, catalog: import('../../sinks/iceberg/index.js').Catalog, namespace: string, remote: RemoteFiles,
): Promise<void> {
  const { listLiveDataFiles } = await import('../../sinks/iceberg/index.js');
  let live: { uri: string; size: bigint }[] = [];
  try {
    const t = await catalog.loadTable({ namespace: [namespace], name: PROCESSING_TABLE });
    const { LocalFileIO, pathToFileUri } = await import('../../sinks/iceberg/index.js');
    // a copied or moved warehouse (not yet relocated) is read from its own files
    live = (await listLiveDataFiles(t)).map((f) => ({ uri: t.io instanceof LocalFileIO ? pathToFileUri(t.io.readPath(f.filePath)) : f.filePath, size: f.fileSizeInBytes }));
  } catch {
    live = [];
  }
  const paths = await remote.resolve(live);
  const files = live.map((f) => paths.get(f.uri)!);
  await con.run(files.length > 0 ? `CREATE OR REPLACE VIEW ${PROCESSING_TABLE} AS SELECT * FROM read_parquet(${sqlList(files)}, hive_partitioning = false)` : EMPTY_PROCESSING);
}

const EMPTY_QUARANTINE = `CREATE OR REPLACE VIEW quarantine AS SELECT NULL::VARCHAR AS source_path, NULL::BIGINT AS source_offset, NULL::VARCHAR AS reason, NULL::VARCHAR AS stage, NULL::INTEGER AS raw_length, NULL::VARCHAR AS raw_text, NULL::BLOB AS raw WHERE false`;

/**
 * Opens DuckDB with the Parquet dataset's views defined. With `filter` (query's --service, --since,
 * --until) the `logs` view (and so `spark_logs`) holds exactly the matching rows: files are pruned
 * by their `service=`/`date=`/`hour=` directories, then rows are filtered.
 */
export async function openLake(warehouse: string, filter: RowFilterOptions = {}): Promise<{ con: DuckDBConnection; close: () => void }> {
  if (!existsSync(warehouse)) throw new LoglakeError('INPUT_NOT_FOUND', `warehouse not found: ${warehouse}`);
  const state = WarehouseState.open(warehouse);
  const data = state.committedFiles('data').filter((p) => partitionMayMatch(p, filter));
  const quarantine = state.committedFiles('quarantine');
  const { DuckDBInstance } = await import('@duckdb/node-api'); // loaded on use: `ingest` never pays for it
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run("SET TimeZone = 'UTC'");
  if (data.length > 0) {
    await con.run(`CREATE OR REPLACE VIEW logs AS SELECT * FROM read_parquet(${sqlList(data)}, hive_partitioning = true, union_by_name = true)${rowFilter(filter)}`);
  } else {
    const cols = COLUMNS.map((c) => `NULL::${duckType(c.type)} AS ${c.name}`).join(', ');
    await con.run(`CREATE OR REPLACE VIEW logs AS SELECT ${cols}, NULL::VARCHAR AS date, NULL::BIGINT AS hour WHERE false`);
  }
  if (quarantine.length > 0) {
    await con.run(`CREATE OR REPLACE VIEW quarantine AS SELECT * FROM read_parquet(${sqlList(quarantine)}, hive_partitioning = true)`);
  } else {
    await con.run(EMPTY_QUARANTINE);
  }
  await con.run(SPARK_LOGS_VIEW);
  const processing = state.committedFiles('processing');
  await con.run(processing.length > 0
    ? `CREATE OR REPLACE VIEW ${PROCESSING_TABLE} AS SELECT * FROM read_parquet(${sqlList(processing)}, hive_partitioning = false)`
    : EMPTY_PROCESSING);
  return { con, close: () => { con.closeSync(); db.closeSync(); } };
}

function duckType(t: string): string {
  switch (t) {
    case 'timestamptz': return 'TIMESTAMPTZ';
    case 'int': return 'INTEGER';
    case 'long': return 'BIGINT';
    case 'double': return 'DOUBLE';
    case 'map': return 'MAP(VARCHAR, VARCHAR)';
    default: return 'VARCHAR';
  }
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

/**
 * Runs one SQL statement and returns all rows as JS values (timestamps as ISO strings).
 * @param params values bound to `$name` placeholders (never concatenated into the SQL)
 */
export async function query(con: DuckDBConnection, sql: string, params?: Record<string, string | number | boolean | null>): Promise<QueryResult> {
  let reader;
  try {
    reader = params ? await con.runAndReadAll(sql, params) : await con.runAndReadAll(sql);
  } catch (e) {
    throw new LoglakeError('QUERY_FAILED', `query failed: ${(e as Error).message.split('\n')[0]}`);
  }
  const columns = reader.columnNames();
  const rows = reader.getRowsJS().map((r) => r.map(plain));
  return { columns, rows };
}

/** A DuckDB JS value as plain JSON-able data (timestamps → ISO strings, safe bigints → numbers). */
export function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

/** Renders a result as an aligned text table, CSV or JSON lines. */
export function formatResult(r: QueryResult, format: 'table' | 'csv' | 'json'): string {
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  if (format === 'json') return r.rows.map((row) => JSON.stringify(Object.fromEntries(r.columns.map((c, i) => [c, row[i] ?? null])))).join('\n');
  if (format === 'csv') {
    const q = (s: string): string => (/[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
    return [r.columns.map(q).join(','), ...r.rows.map((row) => row.map((v) => q(cell(v))).join(','))].join('\n');
  }
  const MAXW = 80;
  const texts = r.rows.map((row) => row.map((v) => {
    const s = cell(v).replace(/\n/g, '⏎');
    return s.length > MAXW ? s.slice(0, MAXW - 1) + '…' : s;
  }));
  const widths = r.columns.map((c, i) => Math.max(c.length, ...texts.map((t) => t[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join(' │ ').trimEnd();
  const sep = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(r.columns), sep, ...texts.map(line), `(${r.rows.length} row${r.rows.length === 1 ? '' : 's'})`].join('\n');
}
