/**
 * Partition specs (JSON shape, spec Appendix C) and loglake's default spec:
 * `identity(service)` as field 1000 `service` and `hour(ts)` as field 1001 `ts_hour`.
 * Pure: no IO.
 */
import { IcebergError } from './iceberg-error.js';
import { findField, findFieldByName, isPrimitiveType } from './schema.js';
import type { IcebergType, PrimitiveType, Schema } from './schema.js';
import { applyTransform, parseTransform, transformResultType } from './transforms.js';
import type { PartitionValue, TransformName } from './transforms.js';

/** One partition field. */
export interface PartitionField {
  readonly 'source-id': number;
  readonly 'field-id': number;
  readonly name: string;
  readonly transform: string;
}

/** A partition spec. */
export interface PartitionSpec {
  readonly 'spec-id': number;
  readonly fields: readonly PartitionField[];
}

/** A partition field resolved against a schema. */
export interface BoundPartitionField {
  readonly field: PartitionField;
  readonly transform: TransformName;
  readonly sourceName: string;
  readonly sourceType: PrimitiveType;
  readonly resultType: PrimitiveType;
}

/** Partition values keyed by partition field name (e.g. `{service: 'api', ts_hour: 473352}`). */
export type PartitionTuple = Readonly<Record<string, PartitionValue>>;

/** First id of partition fields (v1 convention kept by v2 writers). */
export const PARTITION_FIELD_ID_START = 1000;

/** The unpartitioned spec. */
export const UNPARTITIONED_SPEC: PartitionSpec = { 'spec-id': 0, fields: [] };

/**
 * loglake's spec: identity(service) → `service` (1000), hour(ts) → `ts_hour` (1001).
 * @throws IcebergError INVALID_ARGUMENT when the schema lacks `service` or `ts`.
 */
export function loglakePartitionSpec(schema: Schema, specId = 0): PartitionSpec {
  const service = findFieldByName(schema, 'service');
  const ts = findFieldByName(schema, 'ts');
  if (!service || !ts) throw new IcebergError('INVALID_ARGUMENT', 'schema needs `service` and `ts` columns for the loglake partition spec');
  return {
    'spec-id': specId,
    fields: [
      { 'source-id': service.id, 'field-id': PARTITION_FIELD_ID_START, name: 'service', transform: 'identity' },
      { 'source-id': ts.id, 'field-id': PARTITION_FIELD_ID_START + 1, name: 'ts_hour', transform: 'hour' },
    ],
  };
}

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Resolves a spec against a schema: source fields exist and are primitive, the transform fits the
 * source type, names are unique valid Avro names.
 * @throws IcebergError INVALID_METADATA
 */
export function bindPartitionSpec(spec: PartitionSpec, schema: Schema): BoundPartitionField[] {
  const names = new Set<string>();
  return spec.fields.map((field) => {
    const source = findField(schema, field['source-id']);
    if (!source) throw new IcebergError('INVALID_METADATA', `partition field ${field.name}: source id ${field['source-id']} is not a top-level column`);
    if (!isPrimitiveType(source.type)) throw new IcebergError('INVALID_METADATA', `partition field ${field.name}: source ${source.name} is not primitive`);
    const transform = parseTransform(field.transform);
    const result: IcebergType | undefined = transformResultType(transform, source.type);
    if (result === undefined || !isPrimitiveType(result)) {
      throw new IcebergError('INVALID_METADATA', `partition field ${field.name}: transform ${field.transform} does not apply to ${String(source.type)}`);
    }
    if (!AVRO_NAME.test(field.name) || names.has(field.name)) {
      throw new IcebergError('INVALID_METADATA', `partition field name is invalid or duplicate: ${field.name}`);
    }
    names.add(field.name);
    return { field, transform, sourceName: source.name, sourceType: source.type, resultType: result };
  });
}

/**
 * The partition tuple of one row given its source values by source field id.
 */
export function partitionTupleOf(bound: readonly BoundPartitionField[], sourceValues: ReadonlyMap<number, PartitionValue>): PartitionTuple {
  const out: Record<string, PartitionValue> = {};
  for (const b of bound) {
    out[b.field.name] = applyTransform(b.transform, b.sourceType, sourceValues.get(b.field['source-id']) ?? null);
  }
  return out;
}

/** Highest partition field id of a spec, or PARTITION_FIELD_ID_START - 1 for an unpartitioned spec. */
export function maxPartitionFieldId(spec: PartitionSpec): number {
  return spec.fields.reduce((a, f) => Math.max(a, f['field-id']), PARTITION_FIELD_ID_START - 1);
}
