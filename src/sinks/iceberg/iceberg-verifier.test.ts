/**
 * Independent verification: every metadata file, manifest list and manifest we write is read by the
 * official Apache Avro Python library (python3-avro) in test/fixtures/iceberg/verify_iceberg.py,
 * which checks the rules of notes/iceberg.md §4. Negative cases prove the verifier can fail.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixturePath } from '../../core/paths.js';
import { ensurePythonAvro } from '../../../test/helpers/python-avro.js';
import { openSqliteCatalog } from './catalog/sql/open-sql-catalog.js';
import type { SqlCatalog } from './catalog/sql/sql-catalog.js';
import { fileUriToPath } from './io/local-file-io.js';
import { decodeAvroContainer, encodeAvroContainer } from './spec/avro-container.js';
import { metadataFileName } from './spec/ids.js';
import { decodeManifest, encodeManifest } from './spec/manifest.js';
import { decodeManifestList, encodeManifestList } from './spec/manifest-list.js';
import type { ManifestFile } from './spec/manifest-list.js';
import { parseJsonLossless, stringifyJsonLossless } from './spec/metadata-json.js';
import { currentSchema, defaultSpec, metadataDirOf } from './spec/table-metadata.js';
import { buildSampleTable } from './testing/sample-table.js';
import type { SampleTable } from './testing/sample-table.js';

interface VerifyReport {
  ok: boolean;
  errors: string[];
  warnings: string[];
  stats: Record<string, number>;
}

let dir: string;
let catalog: SqlCatalog;
let sample: SampleTable;
let python: string;
const script = fixturePath('iceberg', 'verify_iceberg.py');

function verify(metadataLocation: string, withCatalog = true): { status: number | null; report: VerifyReport } {
  const args = [script, '--metadata', fileUriToPath(metadataLocation)];
  if (withCatalog) args.push('--sqlite', join(dir, 'catalog.db'), '--catalog-name', 'loglake', '--namespace', 'logs', '--table', 'events');
  const r = spawnSync(python, args, { encoding: 'utf8' });
  let report: VerifyReport;
  try {
    report = JSON.parse(r.stdout) as VerifyReport;
  } catch {
    throw new Error(`verifier printed no JSON (status ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report };
}

type RawMeta = Record<string, unknown> & { snapshots: Record<string, unknown>[] };

/** Writes a modified copy of the current metadata under a new version and returns its location. */
async function brokenMetadata(mutate: (m: RawMeta) => void | Promise<void>): Promise<string> {
  const t = await catalog.loadTable(sample.identifier);
  const raw = parseJsonLossless((await t.io.read(t.metadataLocation)).toString('utf8')) as RawMeta;
  await mutate(raw);
  const loc = `${metadataDirOf(t.metadata)}/${metadataFileName(90 + Math.floor(Math.random() * 9))}`;
  await t.io.write(loc, Buffer.from(stringifyJsonLossless(raw, 2)), { overwrite: true });
  return loc;
}

/** Rewrites snapshot `index`'s manifest list with `edit` applied to its rows. */
async function withManifestList(m: RawMeta, index: number, edit: (rows: ManifestFile[]) => Promise<ManifestFile[]> | ManifestFile[]): Promise<void> {
  const t = await catalog.loadTable(sample.identifier);
  const snap = m.snapshots[index]!;
  const list = decodeManifestList(await t.io.read(String(snap['manifest-list'])));
  const rows = await edit(list.manifests);
  const loc = String(snap['manifest-list']).replace(/\.avro$/, `-broken-${Math.random().toString(36).slice(2, 8)}.avro`);
  await t.io.write(loc, encodeManifestList({
    snapshotId: BigInt(snap['snapshot-id'] as bigint),
    parentSnapshotId: snap['parent-snapshot-id'] === undefined ? undefined : BigInt(snap['parent-snapshot-id'] as bigint),
    sequenceNumber: BigInt(snap['sequence-number'] as bigint),
    manifests: rows,
  }));
  snap['manifest-list'] = loc;
}

before(async () => {
  python = ensurePythonAvro().python;
  dir = mkdtempSync(join(tmpdir(), 'loglake-iceberg-verify-'));
  catalog = await openSqliteCatalog({ warehouse: dir });
  sample = await buildSampleTable(catalog);
});

after(async () => {
  await catalog?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('python3-avro verifier accepts every metadata version, manifest list and manifest we wrote', async () => {
  const t = await catalog.loadTable(sample.identifier);
  const { status, report } = verify(t.metadataLocation);
  assert.deepEqual(report.errors, []);
  assert.equal(status, 0);
  assert.equal(report.ok, true);
  assert.equal(report.stats.snapshots, 2);
  assert.equal(report.stats.manifest_lists, 2);
  assert.equal(report.stats.manifests, 3); // 1 in the first list, 2 in the second
  assert.equal(report.stats.data_files, 6); // 2 live in snapshot 1, 4 in snapshot 2
  assert.equal(report.stats.parquet_footers, 6);
  // Older versions verify too (without the catalog check: the catalog points at the newest).
  for (const e of t.metadata['metadata-log']) {
    const older = verify(e['metadata-file'], false);
    assert.deepEqual(older.report.errors, [], e['metadata-file']);
  }
});

test('verifier FAILS on a wrong manifest_length', async () => {
  const loc = await brokenMetadata((m) => withManifestList(m, 1, (rows) => rows.map((r, i) => (i === 0 ? { ...r, manifestLength: r.manifestLength + 1n } : r))));
  const { status, report } = verify(loc, false);
  assert.equal(status, 1);
  assert.ok(report.errors.some((e) => /manifest_length \d+ != real size/.test(e)), report.errors.join('\n'));
});

test('verifier FAILS when a partition value is not transform(bounds) (hour by truncation)', async () => {
  const loc = await brokenMetadata((m) => withManifestList(m, 0, async (rows) => {
    const t = await catalog.loadTable(sample.identifier);
    const decoded = decodeManifest(await t.io.read(rows[0]!.manifestPath));
    const entries = decoded.entries.map((e) => (e.dataFile.partition.ts_hour === -1
      ? { ...e, dataFile: { ...e.dataFile, partition: { ...e.dataFile.partition, ts_hour: 0 } } } // truncation toward zero
      : e));
    const bytes = encodeManifest({ schema: currentSchema(t.metadata), spec: defaultSpec(t.metadata), entries });
    const path = rows[0]!.manifestPath.replace(/\.avro$/, '-trunc.avro');
    await t.io.write(path, bytes, { overwrite: true });
    return [{ ...rows[0]!, manifestPath: path, manifestLength: BigInt(bytes.length) }];
  }));
  const { status, report } = verify(loc, false);
  assert.equal(status, 1);
  assert.ok(report.errors.some((e) => /partition value ts_hour=0 but transform\(lower\)=-1/.test(e)), report.errors.join('\n'));
});

test('verifier FAILS when partition summaries lie (contains_null, bounds)', async () => {
  const loc = await brokenMetadata((m) => withManifestList(m, 1, (rows) => rows.map((r, i) => (i === 0 ? {
    ...r,
    partitions: [{ ...r.partitions![0]!, containsNull: false }, { ...r.partitions![1]!, upperBound: r.partitions![1]!.lowerBound }],
  } : r))));
  const { status, report } = verify(loc, false);
  assert.equal(status, 1);
  const all = report.errors.join('\n');
  assert.match(all, /summary of service contains_null=False but values say True/);
  assert.match(all, /summary bounds of ts_hour .* do not bracket/);
});

test('verifier FAILS on a manifest without field-ids', async () => {
  const loc = await brokenMetadata((m) => withManifestList(m, 0, async (rows) => {
    const t = await catalog.loadTable(sample.identifier);
    const d = decodeAvroContainer(await t.io.read(rows[0]!.manifestPath));
    const schema = structuredClone(d.schema) as { fields: { name: string; type: { fields: Record<string, unknown>[] } }[] };
    const dataFile = schema.fields.find((f) => f.name === 'data_file')!;
    delete dataFile.type.fields.find((f) => f.name === 'record_count')!['field-id'];
    const meta = Object.fromEntries(Object.entries(d.metadata).filter(([k]) => !k.startsWith('avro.')));
    const bytes = encodeAvroContainer(schema, d.records, { metadata: meta });
    const path = rows[0]!.manifestPath.replace(/\.avro$/, '-noids.avro');
    await t.io.write(path, bytes, { overwrite: true });
    return [{ ...rows[0]!, manifestPath: path, manifestLength: BigInt(bytes.length) }];
  }));
  const { status, report } = verify(loc, false);
  assert.equal(status, 1);
  assert.ok(report.errors.some((e) => /missing field-id on field record_count/.test(e)), report.errors.join('\n'));
});

test('verifier FAILS on metadata JSON rule breaks: refs.main, non-string summary, sequence numbers, catalog pointer', async () => {
  const loc = await brokenMetadata((m) => {
    const first = m.snapshots[0]!;
    (m.refs as Record<string, { 'snapshot-id': unknown }>).main!['snapshot-id'] = first['snapshot-id'];
    (m.snapshots[1]!.summary as Record<string, unknown>)['added-records'] = 3;
    m.snapshots[1]!['sequence-number'] = 1n;
  });
  const { status, report } = verify(loc, true);
  assert.equal(status, 1);
  const all = report.errors.join('\n');
  assert.match(all, /refs\.main \(\d+\) != current-snapshot-id/);
  assert.match(all, /summary value added-records is not a string/);
  assert.match(all, /sequence-number does not increase over its parent/);
  assert.match(all, /catalog: metadata_location .* != verified file/);
});
