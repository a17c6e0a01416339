/** addColumnsToMetadata: id allocation, one schema version per call, idempotence, refusals. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { V1_0_COLUMNS as COLUMNS, V1_0_LAST_COLUMN_ID as LAST_COLUMN_ID } from '../../../schema/canonical.js';
import { canonicalIcebergSchema } from './canonical-schema.js';
import { loglakePartitionSpec } from './partition-spec.js';
import { addColumnsToMetadata } from './schema-evolution.js';
import { TableMetadataBuilder } from './table-metadata-builder.js';
import { currentSchema } from './table-metadata.js';

const schema = canonicalIcebergSchema(0, COLUMNS);
const base = TableMetadataBuilder.newTable({ location: 'file:///wh/t', schema, partitionSpec: loglakePartitionSpec(schema) }).build(1_000);
const LOC = 'file:///wh/t/metadata/00000-0b8c2d3e-1f2a-4b5c-8d9e-0a1b2c3d4e5f.metadata.json';

test('several columns become ONE new schema; ids continue after last-column-id; canonical ids above it are kept', () => {
  const r = addColumnsToMetadata(base, LOC, [
    { name: 'template_id', type: 'string', id: 49, since: '1.1', doc: 'd' },
    { name: 'template_score', type: 'double', id: 2000, since: '1.1', doc: 'd' },
    { name: 'after', type: 'int', id: 3, since: '1.1', doc: 'd' },
  ], 5_000)!;
  assert.equal(r.schemaId, 1);
  assert.deepEqual(r.added.map((f) => [f.name, f.id]), [['template_id', LAST_COLUMN_ID + 1], ['template_score', 2000], ['after', 2001]]);
  assert.equal(r.metadata['last-column-id'], 2001);
  assert.equal(r.metadata['current-schema-id'], 1);
  assert.equal(r.metadata.schemas.length, 2);
  assert.equal(currentSchema(r.metadata).fields.length, COLUMNS.length + 3);
  assert.ok(r.added.every((f) => !f.required));
  assert.deepEqual(r.metadata['metadata-log'], [{ 'metadata-file': LOC, 'timestamp-ms': 1_000 }]);
  assert.equal(r.metadata['last-updated-ms'], 5_000);
});

test('nothing to add gives undefined; a type change, a duplicate name are refused', () => {
  assert.equal(addColumnsToMetadata(base, LOC, [COLUMNS[2]!, COLUMNS[41]!]), undefined);
  assert.throws(() => addColumnsToMetadata(base, LOC, [{ ...COLUMNS[2]!, type: 'int' }]), /exists as string/);
  assert.throws(() => addColumnsToMetadata(base, LOC, [{ ...COLUMNS[41]!, type: 'string' }]), /exists as map<string,string>/);
  const c = { name: 'x', type: 'string', id: 1, since: '1.1', doc: '' } as const;
  assert.throws(() => addColumnsToMetadata(base, LOC, [c, c]), /listed twice/);
});
