/**
 * The processing-metadata table in Iceberg mode (see processing-metadata.ts): the run's rows
 * appended to `<namespace>.spark_logs_processing_metadata`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  canonicalIcebergSchema, appendFiles, parquetDataFiles, pathToFileUri, fileUriToPath, isLocalLocation, IcebergError, type Catalog, type TableIdentifier,
} from '../sinks/iceberg/index.js';
import { warehouseUri } from './commit-target.js';
import { PROCESSING_TABLE, PROCESSING_COLUMNS, writeProcessingParquet, type SparkAppStatus } from './processing-metadata.js';

/** Iceberg mode: appends the run's rows to `<namespace>.spark_logs_processing_metadata` (created when missing). */
export async function appendProcessingForIceberg(rows: SparkAppStatus[], catalog: Catalog, namespace: string, warehouse: string, runId: string): Promise<void> {
  if (rows.length === 0) return;
  const ident: TableIdentifier = { namespace: [namespace], name: PROCESSING_TABLE };
  let table;
  try {
    table = await catalog.loadTable(ident);
  } catch (e) {
    if (!(e instanceof IcebergError) || e.code !== 'NO_SUCH_TABLE') throw e;
    try {
      table = await catalog.createTable(ident, {
        schema: canonicalIcebergSchema(0, PROCESSING_COLUMNS),
        partitionSpec: { 'spec-id': 0, fields: [] },
        location: `${warehouseUri(warehouse)}/iceberg/${namespace}.db/${PROCESSING_TABLE}`,
      });
    } catch (e2) {
      if (!(e2 instanceof IcebergError) || e2.code !== 'TABLE_EXISTS') throw e2;
      table = await catalog.loadTable(ident);
    }
  }
  const name = `part-${runId}.parquet`;
  if (isLocalLocation(table.metadata.location)) {
    const dir = join(fileUriToPath(table.metadata.location), 'data');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    await writeProcessingParquet(rows, path);
    const files = await parquetDataFiles(table.metadata, [pathToFileUri(path)]);
    await appendFiles(catalog, ident, files, { 'loglake.run-id': runId });
    return;
  }
  // remote table (S3): written locally, described, uploaded, then committed
  const stage = mkdtempSync(join(tmpdir(), 'loglake-processing-'));
  try {
    const path = join(stage, name);
    await writeProcessingParquet(rows, path);
    const location = `${table.metadata.location}/data/${name}`;
    const [file] = await parquetDataFiles(table.metadata, [pathToFileUri(path)]);
    await table.io.upload(location, path);
    await appendFiles(catalog, ident, [{ ...file!, filePath: location }], { 'loglake.run-id': runId });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
