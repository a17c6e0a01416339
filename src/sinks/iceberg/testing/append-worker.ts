/**
 * Test support: a child process that appends one small data file to `logs.events` in a SQLite
 * catalog and prints `{"snapshotId": "...", "retries": n}`. Used to test commits from several
 * processes against one catalog file. Args: <warehouseDir> <catalogName> <tag> <offset>.
 */
import { openSqliteCatalog } from '../catalog/sql/open-sql-catalog.js';
import { fileUriToPath } from '../io/local-file-io.js';
import { appendFiles } from '../write/append-files.js';
import { dataFileLocation } from '../write/data-file-location.js';
import { parquetDataFiles } from '../write/parquet-data-file.js';
import { HOUR_10, micros } from './sample-table.js';
import { writeCanonicalParquet } from './write-canonical-parquet.js';

const [warehouse, name, tag, offset] = process.argv.slice(2);
if (!warehouse || !name || !tag || offset === undefined) throw new Error('usage: append-worker <warehouse> <catalog> <tag> <offset>');
const catalog = await openSqliteCatalog({ warehouse, name });
try {
  const id = { namespace: ['logs'], name: 'events' };
  const t = await catalog.loadTable(id);
  const loc = dataFileLocation(t, { service: 'api', ts_hour: HOUR_10 }, `${tag}.parquet`);
  await writeCanonicalParquet(fileUriToPath(loc), [{ ts: micros('2024-01-01T10:00:00Z'), service: 'api', message: tag, source_offset: BigInt(offset) }]);
  const files = await parquetDataFiles(t.metadata, [loc]);
  const r = await appendFiles(catalog, id, files, { 'loglake.offsets': JSON.stringify({ [tag]: Number(offset) }) }, { maxAttempts: 100, baseDelayMs: 5, maxDelayMs: 100 });
  process.stdout.write(JSON.stringify({ snapshotId: String(r.snapshotId), retries: r.retries }) + '\n');
} finally {
  await catalog.close();
}
