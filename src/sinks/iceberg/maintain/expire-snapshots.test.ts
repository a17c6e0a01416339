/**
 * expireSnapshots: the retention rules (pure), then on a SQLite catalog after a compaction: old
 * snapshots leave the metadata, files only they reached are deleted, everything the kept snapshots
 * reach stays, rows and committed offsets are unchanged, python3-avro verifier passes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openSqliteCatalog } from '../catalog/sql/open-sql-catalog.js';
import type { SqlCatalog } from '../catalog/sql/sql-catalog.js';
import { fileUriToPath } from '../io/local-file-io.js';
import { decodeManifestList } from '../spec/manifest-list.js';
import type { Snapshot, TableMetadata } from '../spec/table-metadata.js';
import { snapshotAncestry } from '../spec/table-metadata.js';
import { buildSampleTable, HOUR_10, micros } from '../testing/sample-table.js';
import { writeCanonicalParquet } from '../testing/write-canonical-parquet.js';
import { appendFiles } from '../write/append-files.js';
import { dataFileLocation } from '../write/data-file-location.js';
import { parquetDataFiles } from '../write/parquet-data-file.js';
import { readCommittedProperty } from '../write/read-committed-property.js';
import { compactTable } from './compact-table.js';
import { expireSnapshots, metadataWithoutSnapshots, snapshotsToExpire } from './expire-snapshots.js';
import { tableRows, verifyTable } from './testing/table-checks.js';

let dir: string;
let catalog: SqlCatalog;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglake-expire-'));
  catalog = await openSqliteCatalog({ warehouse: dir });
});

after(async () => {
  await catalog?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A metadata stub with a linear history 1 ← 2 ← … ← n (timestamps 1000·id) and the given summaries. */
function history(summaries: Record<string, string>[], refs: Record<string, bigint> = {}): TableMetadata {
  const snapshots: Snapshot[] = summaries.map((s, i) => ({
    'snapshot-id': BigInt(i + 1),
    ...(i > 0 ? { 'parent-snapshot-id': BigInt(i) } : {}),
    'sequence-number': BigInt(i + 1),
    'timestamp-ms': 1000 * (i + 1),
    'manifest-list': `file:///t/metadata/snap-${i + 1}.avro`,
    summary: { operation: 'append', ...s },
  }));
  const cur = BigInt(summaries.length);
  return {
    'current-snapshot-id': cur,
    snapshots,
    refs: { main: { 'snapshot-id': cur, type: 'branch' }, ...Object.fromEntries(Object.entries(refs).map(([k, v]) => [k, { 'snapshot-id': v, type: 'tag' as const }])) },
  } as unknown as TableMetadata;
}

test('retention rules: current, refs, retainLast, age, and the newest carrier of each loglake. key with its path', () => {
  const o = { 'loglake.offsets': 'x' };
  // 1..5 all carry offsets: only the current one must stay
  assert.deepEqual(snapshotsToExpire(history([o, o, o, o, o]), 10_000), [1n, 2n, 3n, 4n]);
  assert.deepEqual(snapshotsToExpire(history([o, o, o, o, o]), 10_000, 3), [1n, 2n]);
  assert.deepEqual(snapshotsToExpire(history([o, o, o, o, o]), 3_000), [1n, 2n], 'snapshots at or after olderThanMs stay');
  assert.deepEqual(snapshotsToExpire(history([o, o, o, o, o], { audit: 2n }), 10_000), [1n, 3n, 4n], 'a tag keeps its snapshot');
  // offsets last carried by 2; 3..5 carry nothing (e.g. another engine's appends): 2..5 stay so the walk reaches 2
  assert.deepEqual(snapshotsToExpire(history([o, o, {}, {}, {}]), 10_000), [1n]);
  // two keys, the older one deeper
  assert.deepEqual(snapshotsToExpire(history([{ 'loglake.run': 'r' }, o, o, {}]), 10_000), []);
  assert.deepEqual(snapshotsToExpire(history([{}, { 'loglake.run': 'r' }, o, {}]), 10_000), [1n]);
  assert.deepEqual(snapshotsToExpire(history([{}, {}, {}]), 10_000), [1n, 2n]);
});

test('snapshot-log keeps only the entries after the last removed snapshot', () => {
  const m = { ...history([{}, {}, {}, {}], { audit: 1n }), 'snapshot-log': [1n, 2n, 3n, 4n].map((id) => ({ 'snapshot-id': id, 'timestamp-ms': Number(id) * 1000 })) } as TableMetadata;
  const out = metadataWithoutSnapshots(m, new Set([2n]));
  assert.deepEqual(out.snapshots.map((s) => s['snapshot-id']), [1n, 3n, 4n]);
  assert.deepEqual(out['snapshot-log'].map((e) => e['snapshot-id']), [3n, 4n], 'the entry of 1 precedes a gap: dropped');
});

test('after a compaction, expiry keeps only the current snapshot and deletes the files only older snapshots reached', async () => {
  const s = await buildSampleTable(catalog, 'events');
  let t = await catalog.loadTable(s.identifier);
  for (const i of [1, 2]) {
    const loc = dataFileLocation(t, { service: 'api', ts_hour: HOUR_10 }, `extra-${i}.parquet`);
    await writeCanonicalParquet(fileUriToPath(loc), [{ ts: micros('2024-01-01T10:30:00Z'), service: 'api', message: `extra ${i}`, source_offset: BigInt(600 + i) }]);
    t = (await appendFiles(catalog, s.identifier, await parquetDataFiles(t.metadata, [loc]), { 'loglake.offsets': `{"file-a":${601 + i}}` })).table;
  }
  const compaction = await compactTable(catalog, s.identifier);
  t = compaction.table;
  const rowsBefore = await tableRows(catalog, s.identifier);
  const offsetsBefore = readCommittedProperty(t, 'loglake.offsets');
  const old = t.metadata.snapshots.filter((x) => x['snapshot-id'] !== t.metadata['current-snapshot-id']);
  assert.equal(old.length, 4);
  const oldLists = old.map((x) => x['manifest-list']);
  const currentList = decodeManifestList(await t.io.read(snapshotAncestry(t.metadata)[0]!['manifest-list'])).manifests.map((m) => m.manifestPath);

  // nothing is older than 0 ms: no commit
  const none = await expireSnapshots(catalog, s.identifier, { olderThanMs: 0 });
  assert.equal(none.committed, false);
  assert.equal((await catalog.loadTable(s.identifier)).metadataLocation, t.metadataLocation);

  const r = await expireSnapshots(catalog, s.identifier, { olderThanMs: Date.now() + 1, retainLast: 1 });
  assert.equal(r.committed, true);
  assert.deepEqual([...r.expiredSnapshotIds].sort(), old.map((x) => x['snapshot-id']).sort());
  const after = await catalog.loadTable(s.identifier);
  assert.deepEqual(after.metadata.snapshots.map((x) => x['snapshot-id']), [compaction.snapshotId]);
  assert.deepEqual(after.metadata['snapshot-log'].map((e) => e['snapshot-id']), [compaction.snapshotId]);
  assert.equal(after.metadata['current-snapshot-id'], compaction.snapshotId);

  assert.deepEqual([...r.deleted.manifestLists].sort(), [...oldLists].sort());
  for (const p of oldLists) assert.ok(!existsSync(fileUriToPath(p)), `manifest list ${p} deleted`);
  assert.deepEqual([...r.deleted.dataFiles].sort(), [...compaction.groups[0]!.removed].sort(), 'exactly the rewritten small files');
  for (const p of r.deleted.dataFiles) assert.ok(!existsSync(fileUriToPath(p)));
  assert.ok(r.deleted.manifests.length >= 1);
  for (const p of r.deleted.manifests) assert.ok(!currentList.includes(p), 'no manifest of the current snapshot is deleted');
  for (const p of currentList) assert.ok(existsSync(fileUriToPath(p)));
  assert.deepEqual(r.deleted.failed, []);

  assert.deepEqual(await tableRows(catalog, s.identifier), rowsBefore);
  assert.equal(readCommittedProperty(after, 'loglake.offsets'), offsetsBefore);
  const { status, report } = await verifyTable(catalog, s.identifier, dir);
  assert.deepEqual(report.errors, []);
  assert.equal(status, 0);
  assert.equal(report.stats.snapshots, 1);
});

test('the newest snapshot carrying loglake.offsets survives expiry even behind snapshots without it', async () => {
  const s = await buildSampleTable(catalog, 'carrier');
  await appendFiles(catalog, s.identifier, [], {}); // e.g. another engine's commit: no loglake keys
  await appendFiles(catalog, s.identifier, [], {});
  const t = await catalog.loadTable(s.identifier);
  const offsets = readCommittedProperty(t, 'loglake.offsets');
  assert.equal(t.metadata.snapshots.length, 4);
  const r = await expireSnapshots(catalog, s.identifier, { olderThanMs: Date.now() + 1, retainLast: 1 });
  assert.deepEqual(r.expiredSnapshotIds, [s.appends[0]!.snapshotId]);
  assert.deepEqual(r.deleted.dataFiles, [], 'the first append\'s files are still live');
  const after = await catalog.loadTable(s.identifier);
  assert.equal(after.metadata.snapshots.length, 3);
  assert.equal(readCommittedProperty(after, 'loglake.offsets'), offsets);
  assert.equal(readCommittedProperty(after, 'loglake.run'), 'run-1');
  assert.equal((await tableRows(catalog, s.identifier)).rows.length, 8);
  const { report } = await verifyTable(catalog, s.identifier, dir);
  assert.deepEqual(report.errors, []);
});
