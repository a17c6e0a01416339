import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LAST_COLUMN_ID } from '../../../schema/canonical.js';
import { canonicalIcebergSchema } from './canonical-schema.js';
import { isIcebergError } from './iceberg-error.js';
import { isMetadataFileName, metadataFileName, newSnapshotId, parseMetadataVersion } from './ids.js';
import { parseTableMetadata, serializeTableMetadata } from './metadata-json.js';
import { bindPartitionSpec, loglakePartitionSpec } from './partition-spec.js';
import { TableMetadataBuilder } from './table-metadata-builder.js';
import type { Snapshot, TableMetadata } from './table-metadata.js';
import { currentSchema, snapshotAncestry } from './table-metadata.js';
import { validateTableMetadata } from './validate-table-metadata.js';

const schema = canonicalIcebergSchema();
const spec = loglakePartitionSpec(schema);
const base = (): TableMetadata => TableMetadataBuilder.newTable({ location: 'file:///wh/logs/events/', schema, partitionSpec: spec }).build(1_000);
const snap = (id: bigint, seq: bigint, parent?: bigint, ts = 2_000): Snapshot => ({
  'snapshot-id': id,
  ...(parent === undefined ? {} : { 'parent-snapshot-id': parent }),
  'sequence-number': seq,
  'timestamp-ms': ts,
  'manifest-list': `file:///wh/logs/events/metadata/snap-${id}.avro`,
  summary: { operation: 'append', 'loglake.offsets': `{"seq":${seq}}` },
  'schema-id': 0,
});

test('canonical schema: all fields optional, map key/value ids, last-column-id = LAST_COLUMN_ID', () => {
  const m = base();
  assert.equal(m['last-column-id'], LAST_COLUMN_ID);
  assert.ok(currentSchema(m).fields.every((f) => !f.required));
  const labels = currentSchema(m).fields.find((f) => f.name === 'labels')!;
  assert.deepEqual(labels.type, { type: 'map', 'key-id': 1001, key: 'string', 'value-id': 1002, 'value-required': false, value: 'string' });
  assert.equal(currentSchema(m).fields.find((f) => f.name === 'ts')!.type, 'timestamptz');
  assert.equal(m.location, 'file:///wh/logs/events');
});

test('partition spec: identity(service)=1000 `service`, hour(ts)=1001 `ts_hour`', () => {
  assert.deepEqual(spec.fields, [
    { 'source-id': 3, 'field-id': 1000, name: 'service', transform: 'identity' },
    { 'source-id': 1, 'field-id': 1001, name: 'ts_hour', transform: 'hour' },
  ]);
  const bound = bindPartitionSpec(spec, schema);
  assert.deepEqual(bound.map((b) => b.resultType), ['string', 'int']);
  assert.equal(base()['last-partition-id'], 1001);
});

test('add snapshot + set main: current id, refs.main, snapshot-log, last-sequence-number, metadata-log', () => {
  const m0 = base();
  const m1 = TableMetadataBuilder.fromBase(m0, 'file:///wh/logs/events/metadata/00000-a.metadata.json').addSnapshot(snap(11n, 1n)).setBranchSnapshot(11n).build(5_000);
  assert.equal(m1['current-snapshot-id'], 11n);
  assert.deepEqual(m1.refs.main, { 'snapshot-id': 11n, type: 'branch' });
  assert.equal(m1['last-sequence-number'], 1n);
  assert.deepEqual(m1['snapshot-log'], [{ 'snapshot-id': 11n, 'timestamp-ms': 2_000 }]);
  assert.deepEqual(m1['metadata-log'], [{ 'metadata-file': 'file:///wh/logs/events/metadata/00000-a.metadata.json', 'timestamp-ms': 1_000 }]);
  const m2 = TableMetadataBuilder.fromBase(m1, 'file:///wh/logs/events/metadata/00001-b.metadata.json').addSnapshot(snap(22n, 2n, 11n, 3_000)).setBranchSnapshot(22n).build();
  assert.deepEqual(snapshotAncestry(m2).map((s) => s['snapshot-id']), [22n, 11n]);
  assert.equal(m2['metadata-log'].length, 2);
  assert.equal(m2['last-updated-ms'], 3_000);
  assert.deepEqual(parseTableMetadata(serializeTableMetadata(m2)), m2);
});

test('builder rejects a stale sequence number, a duplicate id, an unknown parent', () => {
  const m1 = TableMetadataBuilder.fromBase(base(), 'x').addSnapshot(snap(11n, 1n)).setBranchSnapshot(11n).build();
  assert.throws(() => TableMetadataBuilder.fromBase(m1).addSnapshot(snap(12n, 1n, 11n)), /sequence-number/);
  assert.throws(() => TableMetadataBuilder.fromBase(m1).addSnapshot(snap(11n, 2n, 11n)), /already exists/);
  assert.throws(() => TableMetadataBuilder.fromBase(m1).addSnapshot(snap(13n, 2n, 99n)), /does not exist/);
  assert.throws(() => TableMetadataBuilder.fromBase(m1).setBranchSnapshot(99n), /unknown snapshot/);
});

test('validation catches refs.main != current-snapshot-id and non-string summary values', () => {
  const m1 = TableMetadataBuilder.fromBase(base()).addSnapshot(snap(11n, 1n)).addSnapshot(snap(12n, 2n, 11n)).setBranchSnapshot(12n).build();
  const broken = { ...m1, refs: { main: { 'snapshot-id': 11n, type: 'branch' as const } } };
  assert.throws(() => validateTableMetadata(broken), (e: unknown) => isIcebergError(e, 'INVALID_METADATA') && /refs.main/.test((e as Error).message));
  const text = serializeTableMetadata(m1).replace('"operation": "append"', '"operation": "append", "n": 5');
  assert.throws(() => parseTableMetadata(text), /not a string/);
  assert.throws(() => parseTableMetadata(serializeTableMetadata(m1).replace('"format-version": 2', '"format-version": 3')), /format-version/);
});

test('addColumn evolves the schema with a new id above last-column-id', () => {
  const m1 = TableMetadataBuilder.fromBase(base()).addColumn('trace_flags', 'int', 'W3C trace flags').addColumn('extra', { type: 'map', key: 'string', value: 'string' }).build();
  assert.equal(m1.schemas.length, 3);
  assert.equal(m1['current-schema-id'], 2);
  const s = currentSchema(m1);
  assert.deepEqual(s.fields.at(-2), { id: LAST_COLUMN_ID + 1, name: 'trace_flags', required: false, type: 'int', doc: 'W3C trace flags' });
  assert.deepEqual(s.fields.at(-1)!.type, { type: 'map', 'key-id': LAST_COLUMN_ID + 3, key: 'string', 'value-id': LAST_COLUMN_ID + 4, 'value-required': false, value: 'string' });
  assert.equal(m1['last-column-id'], LAST_COLUMN_ID + 4);
  assert.deepEqual(m1.schemas[0], schema);
  assert.throws(() => TableMetadataBuilder.fromBase(m1).addColumn('ts', 'long'), /already exists/);
});

test('metadata-log is capped by write.metadata.previous-versions-max', () => {
  let m = TableMetadataBuilder.fromBase(base()).setProperties({ 'write.metadata.previous-versions-max': '2' }).build();
  for (let i = 0; i < 4; i++) m = TableMetadataBuilder.fromBase(m, `file:///wh/m/${i}.json`).build();
  assert.deepEqual(m['metadata-log'].map((e) => e['metadata-file']), ['file:///wh/m/2.json', 'file:///wh/m/3.json']);
});

test('ids: metadata file names, versions and positive unique snapshot ids', () => {
  const name = metadataFileName(7);
  assert.ok(isMetadataFileName(name), name);
  assert.match(name, /^00007-/);
  assert.equal(parseMetadataVersion(`file:///x/metadata/${name}`), 7);
  assert.equal(parseMetadataVersion('s3://b/t/metadata/v12.metadata.json'), 12);
  const ids = new Set(Array.from({ length: 200 }, () => newSnapshotId()));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.ok(id > 0n && id < 1n << 63n);
});

test('a table without snapshots is written with current-snapshot-id -1 (as Java) and read back as none', () => {
  const text = serializeTableMetadata(base());
  assert.match(text, /"current-snapshot-id": -1/);
  const back = parseTableMetadata(text);
  assert.equal(back['current-snapshot-id'], undefined);
  assert.deepEqual(back.refs, {});
});
