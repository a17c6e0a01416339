import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeAvroContainer, encodeAvroContainer } from './avro-container.js';
import { canonicalIcebergSchema } from './canonical-schema.js';
import { decodeManifestList, encodeManifestList } from './manifest-list.js';
import { parseJsonLossless, parseTableMetadata, serializeTableMetadata } from './metadata-json.js';
import { loglakePartitionSpec } from './partition-spec.js';
import { TableMetadataBuilder } from './table-metadata-builder.js';

const BIG = (1n << 62n) + 7n; // 4611686018427387911, not representable as a double

test('2^62+7 survives metadata JSON serialize → parse as a BigInt', () => {
  const schema = canonicalIcebergSchema();
  const m0 = TableMetadataBuilder.newTable({ location: 'file:///tmp/t', schema, partitionSpec: loglakePartitionSpec(schema) }).build(1_000);
  const m1 = TableMetadataBuilder.fromBase(m0, 'file:///tmp/t/metadata/00000-x.metadata.json')
    .addSnapshot({ 'snapshot-id': BIG, 'sequence-number': 1n, 'timestamp-ms': 2_000, 'manifest-list': 'file:///tmp/t/metadata/snap.avro', summary: { operation: 'append' } })
    .setBranchSnapshot(BIG)
    .build(2_000);
  const text = serializeTableMetadata(m1);
  assert.match(text, /"current-snapshot-id": 4611686018427387911\b/);
  assert.doesNotMatch(text, /4611686018427387904/);
  const back = parseTableMetadata(text);
  assert.equal(back['current-snapshot-id'], BIG);
  assert.equal(back.snapshots[0]!['snapshot-id'], BIG);
  assert.equal(back.refs.main!['snapshot-id'], BIG);
  assert.equal(back['snapshot-log'][0]!['snapshot-id'], BIG);
  assert.equal(serializeTableMetadata(back), text);
  assert.equal(parseJsonLossless('{"a": 9007199254740993}') instanceof Object, true);
  assert.equal((parseJsonLossless('{"a": 9007199254740993}') as { a: bigint }).a, 9007199254740993n);
});

test('2^62+7 survives an Avro long round trip (manifest list)', () => {
  const bytes = encodeManifestList({
    snapshotId: BIG,
    parentSnapshotId: BIG - 1n,
    sequenceNumber: 3n,
    manifests: [{
      manifestPath: 'file:///m.avro', manifestLength: 123n, partitionSpecId: 0, content: 0, sequenceNumber: 3n, minSequenceNumber: 1n,
      addedSnapshotId: BIG, addedFilesCount: 1, existingFilesCount: 0, deletedFilesCount: 0,
      addedRowsCount: 10n, existingRowsCount: 0n, deletedRowsCount: 0n, partitions: null,
    }],
  });
  const d = decodeManifestList(bytes);
  assert.equal(d.manifests[0]!.addedSnapshotId, BIG);
  assert.equal(d.metadata['snapshot-id'], '4611686018427387911');
  assert.equal(d.metadata['parent-snapshot-id'], '4611686018427387910');
  assert.equal(d.metadata['avro.codec'], 'deflate');
});

test('the Avro BigInt long type refuses plain numbers instead of losing precision', () => {
  const schema = { type: 'record', name: 'r', fields: [{ name: 'x', type: 'long', 'field-id': 1 }] };
  assert.throws(() => encodeAvroContainer(schema, [{ x: 1 }]), /does not match/);
  const back = decodeAvroContainer(encodeAvroContainer(schema, [{ x: -(1n << 63n) }, { x: (1n << 63n) - 1n }]));
  assert.deepEqual(back.records.map((r) => ({ ...(r as object) })), [{ x: -(1n << 63n) }, { x: (1n << 63n) - 1n }]);
  assert.deepEqual((back.schema.fields as { 'field-id': number }[])[0]!['field-id'], 1);
});
