import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manifestEntrySchema, MANIFEST_FILE_SCHEMA } from './avro-schemas.js';
import { canonicalIcebergSchema } from './canonical-schema.js';
import { decodeManifest, encodeManifest } from './manifest.js';
import { bindPartitionSpec, loglakePartitionSpec } from './partition-spec.js';

type F = { name: string; 'field-id': number; type: unknown };
const ids = (rec: unknown): [string, number][] => (rec as { fields: F[] }).fields.map((f) => [f.name, f['field-id']]);
const opt = (t: unknown): Record<string, unknown> => (Array.isArray(t) ? t[1] : t) as Record<string, unknown>;

const schema = canonicalIcebergSchema();
const spec = loglakePartitionSpec(schema);
const entry = manifestEntrySchema(bindPartitionSpec(spec, schema)) as { name: string; fields: F[] };

test('manifest_entry: names, ids and order exactly as Java V2Metadata', () => {
  assert.equal(entry.name, 'manifest_entry');
  assert.deepEqual(ids(entry), [['status', 0], ['snapshot_id', 1], ['sequence_number', 3], ['file_sequence_number', 4], ['data_file', 2]]);
  const df = entry.fields[4]!.type as { name: string; fields: F[] };
  assert.equal(df.name, 'r2');
  assert.deepEqual(ids(df), [
    ['content', 134], ['file_path', 100], ['file_format', 101], ['partition', 102], ['record_count', 103], ['file_size_in_bytes', 104],
    ['column_sizes', 108], ['value_counts', 109], ['null_value_counts', 110], ['nan_value_counts', 137], ['lower_bounds', 125],
    ['upper_bounds', 128], ['key_metadata', 131], ['split_offsets', 132], ['equality_ids', 135], ['sort_order_id', 140], ['referenced_data_file', 143],
  ]);
  const part = df.fields[3]!.type as { name: string; fields: F[] };
  assert.equal(part.name, 'r102');
  assert.deepEqual(ids(part), [['service', 1000], ['ts_hour', 1001]]);
  assert.deepEqual(part.fields.map((f) => f.type), [['null', 'string'], ['null', 'int']]);
  const cs = opt(df.fields[6]!.type);
  assert.deepEqual(cs, { type: 'array', logicalType: 'map', items: { type: 'record', name: 'k117_v118', fields: [{ name: 'key', type: 'int', 'field-id': 117 }, { name: 'value', type: 'long', 'field-id': 118 }] } });
  assert.equal((opt(df.fields[10]!.type).items as { name: string }).name, 'k126_v127');
  assert.equal(opt(df.fields[13]!.type)['element-id'], 133);
  assert.equal(opt(df.fields[14]!.type)['element-id'], 136);
  for (const f of df.fields) if (Array.isArray(f.type)) assert.equal((f as unknown as { default: unknown }).default, null, f.name);
});

test('manifest_file: names, ids and order exactly as Java V2Metadata', () => {
  assert.equal(MANIFEST_FILE_SCHEMA.name, 'manifest_file');
  assert.deepEqual(ids(MANIFEST_FILE_SCHEMA), [
    ['manifest_path', 500], ['manifest_length', 501], ['partition_spec_id', 502], ['content', 517], ['sequence_number', 515],
    ['min_sequence_number', 516], ['added_snapshot_id', 503], ['added_files_count', 504], ['existing_files_count', 505],
    ['deleted_files_count', 506], ['added_rows_count', 512], ['existing_rows_count', 513], ['deleted_rows_count', 514],
    ['partitions', 507], ['key_metadata', 519],
  ]);
  const parts = opt((MANIFEST_FILE_SCHEMA.fields as F[])[13]!.type);
  assert.equal(parts['element-id'], 508);
  const r508 = parts.items as { name: string };
  assert.equal(r508.name, 'r508');
  assert.deepEqual(ids(r508), [['contains_null', 509], ['contains_nan', 518], ['lower_bound', 510], ['upper_bound', 511]]);
});

test('manifest key-value metadata and entry round trip', () => {
  const bytes = encodeManifest({
    schema,
    spec,
    entries: [{
      status: 1, snapshotId: (1n << 62n) + 7n, sequenceNumber: null, fileSequenceNumber: null,
      dataFile: {
        content: 0, filePath: 'file:///d/a.parquet', fileFormat: 'PARQUET', partition: { service: 'api', ts_hour: -1 },
        recordCount: 2n, fileSizeInBytes: 100n, valueCounts: new Map([[1, 2n]]), lowerBounds: new Map([[3, Buffer.from('api')]]),
        splitOffsets: [4n],
      },
    }],
  });
  const d = decodeManifest(bytes);
  assert.equal(d.metadata['format-version'], '2');
  assert.equal(d.metadata.content, 'data');
  assert.equal(d.metadata['schema-id'], '0');
  assert.equal(d.metadata['partition-spec-id'], '0');
  assert.deepEqual(JSON.parse(d.metadata['partition-spec']!), spec.fields);
  assert.equal(JSON.parse(d.metadata.schema!)['schema-id'], 0);
  assert.equal(d.metadata['avro.codec'], 'deflate');
  const e = d.entries[0]!;
  assert.equal(e.snapshotId, (1n << 62n) + 7n);
  assert.equal(e.sequenceNumber, null);
  assert.deepEqual({ ...e.dataFile.partition }, { service: 'api', ts_hour: -1 });
  assert.equal(e.dataFile.valueCounts!.get(1), 2n);
  assert.deepEqual(e.dataFile.splitOffsets, [4n]);
  assert.equal(e.dataFile.columnSizes, undefined);
});
