/**
 * removeOrphanFiles on a SQLite catalog: stray data files, manifests, manifest lists and metadata
 * JSON older than the cut-off are deleted; everything referenced (metadata-log files included) and
 * every recent file stays, even when all referenced files are old; python3-avro verifier passes.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { openSqliteCatalog } from '../catalog/sql/open-sql-catalog.js';
import type { SqlCatalog } from '../catalog/sql/sql-catalog.js';
import { fileUriToPath } from '../io/local-file-io.js';
import { metadataFileName } from '../spec/ids.js';
import { metadataDirOf } from '../spec/table-metadata.js';
import { buildSampleTable } from '../testing/sample-table.js';
import { removeOrphanFiles } from './remove-orphan-files.js';
import { tableRows, verifyTable } from './testing/table-checks.js';

let dir: string;
let catalog: SqlCatalog;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglake-orphans-'));
  catalog = await openSqliteCatalog({ warehouse: dir });
});

after(async () => {
  await catalog?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Sets the modification time of every file under `root` to `ms`. */
function ageAll(root: string, ms: number): void {
  const walk = (d: string): void => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else utimesSync(p, ms / 1000, ms / 1000);
    }
  };
  walk(root);
}

test('old unreferenced files are deleted, referenced and recent ones kept', async () => {
  const s = await buildSampleTable(catalog, 'events');
  await buildSampleTable(catalog, 'events_clone'); // a neighbour table: its files are not ours to judge
  const t = await catalog.loadTable(s.identifier);
  const location = fileUriToPath(t.metadata.location);
  const metaDir = fileUriToPath(metadataDirOf(t.metadata));
  const rowsBefore = await tableRows(catalog, s.identifier);

  const dataFile = fileUriToPath(s.paths[0]![0]!);
  const strayData = join(dirname(dataFile), 'crashed-writer.parquet');
  copyFileSync(dataFile, strayData);
  const strayManifest = join(metaDir, 'f00dcafe-m0-1.avro');
  copyFileSync(fileUriToPath(s.appends[0]!.manifestPath!), strayManifest);
  const strayList = join(metaDir, 'snap-1-1-f00dcafe.avro');
  copyFileSync(fileUriToPath(s.appends[0]!.manifestListPath), strayList);
  const strayMetadata = join(metaDir, metadataFileName(42));
  copyFileSync(fileUriToPath(t.metadataLocation), strayMetadata);
  const hint = join(metaDir, 'version-hint.text');
  writeFileSync(hint, '2');
  const outside = join(location, 'README.txt'); // not under data/ or metadata/: never scanned
  writeFileSync(outside, 'x');

  const hourAgo = Date.now() - 3_600_000;
  ageAll(location, hourAgo); // every file of the table is old now, referenced or not
  const fresh = join(dirname(dataFile), 'in-flight.parquet');
  copyFileSync(dataFile, fresh);

  const dry = await removeOrphanFiles(catalog, s.identifier, { olderThanMs: Date.now() - 60_000, dryRun: true });
  assert.deepEqual([...dry.deleted].map(fileUriToPath).sort(), [strayData, strayList, strayManifest, strayMetadata].sort());
  assert.ok(existsSync(strayData), 'dry run deletes nothing');

  const r = await removeOrphanFiles(catalog, s.identifier, { olderThanMs: Date.now() - 60_000 });
  assert.deepEqual([...r.deleted].map(fileUriToPath).sort(), [strayData, strayList, strayManifest, strayMetadata].sort());
  assert.deepEqual(r.tooRecent.map(fileUriToPath), [fresh]);
  for (const p of [strayData, strayList, strayManifest, strayMetadata]) assert.ok(!existsSync(p));
  for (const p of [fresh, hint, outside, join(dir, 'catalog.db')]) assert.ok(existsSync(p), p);
  for (const e of t.metadata['metadata-log']) assert.ok(existsSync(fileUriToPath(e['metadata-file'])), 'metadata-log files are kept');
  assert.ok(existsSync(fileUriToPath(t.metadataLocation)));
  assert.ok(r.scanned >= 14);

  assert.deepEqual(await tableRows(catalog, s.identifier), rowsBefore);
  // time travel to the first snapshot still works: its list, manifest and files are referenced
  assert.equal((await tableRows(catalog, s.identifier, s.appends[0]!.snapshotId)).rows.length, 5);
  const { status, report } = await verifyTable(catalog, s.identifier, dir);
  assert.deepEqual(report.errors, []);
  assert.equal(status, 0);
  assert.deepEqual(report.warnings.filter((w) => /does not exist/.test(w)), []);

  // the neighbour table is intact
  assert.equal((await tableRows(catalog, { namespace: ['logs'], name: 'events_clone' })).rows.length, 8);
  mkdirSync(join(location, 'data', 'empty-dir'), { recursive: true });
  const again = await removeOrphanFiles(catalog, s.identifier, { olderThanMs: Date.now() - 60_000 });
  assert.deepEqual(again.deleted, []);
});
