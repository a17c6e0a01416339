/**
 * The Avro schemas of v2 manifests (`manifest_entry`) and manifest lists (`manifest_file`), exactly
 * as Java's V2Metadata writes them: field ids on every field, element ids on every array, int-keyed
 * maps as `array<k<id>_v<id>>` with `logicalType: map`, nested records named `r<field-id>`
 * (`r2` data_file, `r102` partition, `r508` field_summary), optional fields as `["null", T]` with
 * default null. Java and PyIceberg resolve these columns by id.
 * Pure: no IO.
 */
import { IcebergError } from './iceberg-error.js';
import type { BoundPartitionField } from './partition-spec.js';
import type { PrimitiveType } from './schema.js';

type AvroSchema = string | Record<string, unknown> | readonly unknown[];

function opt(name: string, type: AvroSchema, fieldId: number): Record<string, unknown> {
  return { name, type: ['null', type], default: null, 'field-id': fieldId };
}

function req(name: string, type: AvroSchema, fieldId: number): Record<string, unknown> {
  return { name, type, 'field-id': fieldId };
}

function intMap(name: string, fieldId: number, keyId: number, valueId: number, valueType: 'long' | 'bytes'): Record<string, unknown> {
  return opt(name, {
    type: 'array',
    logicalType: 'map',
    items: {
      type: 'record',
      name: `k${keyId}_v${valueId}`,
      fields: [req('key', 'int', keyId), req('value', valueType, valueId)],
    },
  }, fieldId);
}

/** Avro type of a partition value for a partition result type. */
export function avroTypeOfPrimitive(t: PrimitiveType): AvroSchema {
  switch (t) {
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
      return t;
    case 'binary':
      return 'bytes';
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'time':
      return { type: 'long', logicalType: 'time-micros' };
    case 'timestamp':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': false };
    case 'timestamptz':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': true };
    case 'uuid':
      throw new IcebergError('INVALID_ARGUMENT', 'uuid partition values are not supported');
  }
}

/** The `r102` partition record for a bound spec: one optional field per partition field, id = partition field id. */
export function partitionRecordSchema(bound: readonly BoundPartitionField[]): Record<string, unknown> {
  return {
    type: 'record',
    name: 'r102',
    fields: bound.map((b) => opt(b.field.name, avroTypeOfPrimitive(b.resultType), b.field['field-id'])),
  };
}

/** The v2 `data_file` record (`r2`), in Java's field order. */
export function dataFileSchema(bound: readonly BoundPartitionField[]): Record<string, unknown> {
  return {
    type: 'record',
    name: 'r2',
    fields: [
      req('content', 'int', 134),
      req('file_path', 'string', 100),
      req('file_format', 'string', 101),
      req('partition', partitionRecordSchema(bound), 102),
      req('record_count', 'long', 103),
      req('file_size_in_bytes', 'long', 104),
      intMap('column_sizes', 108, 117, 118, 'long'),
      intMap('value_counts', 109, 119, 120, 'long'),
      intMap('null_value_counts', 110, 121, 122, 'long'),
      intMap('nan_value_counts', 137, 138, 139, 'long'),
      intMap('lower_bounds', 125, 126, 127, 'bytes'),
      intMap('upper_bounds', 128, 129, 130, 'bytes'),
      opt('key_metadata', 'bytes', 131),
      opt('split_offsets', { type: 'array', items: 'long', 'element-id': 133 }, 132),
      opt('equality_ids', { type: 'array', items: 'int', 'element-id': 136 }, 135),
      opt('sort_order_id', 'int', 140),
      opt('referenced_data_file', 'string', 143),
    ],
  };
}

/** The v2 `manifest_entry` schema for a partition spec. */
export function manifestEntrySchema(bound: readonly BoundPartitionField[]): Record<string, unknown> {
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      req('status', 'int', 0),
      opt('snapshot_id', 'long', 1),
      opt('sequence_number', 'long', 3),
      opt('file_sequence_number', 'long', 4),
      req('data_file', dataFileSchema(bound), 2),
    ],
  };
}

/** The v2 `manifest_file` schema of manifest lists. */
export const MANIFEST_FILE_SCHEMA: Readonly<Record<string, unknown>> = Object.freeze({
  type: 'record',
  name: 'manifest_file',
  fields: [
    req('manifest_path', 'string', 500),
    req('manifest_length', 'long', 501),
    req('partition_spec_id', 'int', 502),
    req('content', 'int', 517),
    req('sequence_number', 'long', 515),
    req('min_sequence_number', 'long', 516),
    req('added_snapshot_id', 'long', 503),
    req('added_files_count', 'int', 504),
    req('existing_files_count', 'int', 505),
    req('deleted_files_count', 'int', 506),
    req('added_rows_count', 'long', 512),
    req('existing_rows_count', 'long', 513),
    req('deleted_rows_count', 'long', 514),
    opt('partitions', {
      type: 'array',
      items: {
        type: 'record',
        name: 'r508',
        fields: [
          req('contains_null', 'boolean', 509),
          opt('contains_nan', 'boolean', 518),
          opt('lower_bound', 'bytes', 510),
          opt('upper_bound', 'bytes', 511),
        ],
      },
      'element-id': 508,
    }, 507),
    opt('key_metadata', 'bytes', 519),
  ],
});
