/**
 * Iceberg schemas and types in their JSON shape (spec Appendix C), plus helpers to walk them.
 * Pure: no IO.
 */
import { IcebergError } from './iceberg-error.js';

/** Iceberg primitive type names used by loglake (a subset of the spec). */
export type PrimitiveType =
  | 'boolean'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'string'
  | 'uuid'
  | 'binary';

/** `map<K,V>` in its JSON form. */
export interface MapType {
  readonly type: 'map';
  readonly 'key-id': number;
  readonly key: IcebergType;
  readonly 'value-id': number;
  readonly 'value-required': boolean;
  readonly value: IcebergType;
}

/** `list<E>` in its JSON form. */
export interface ListType {
  readonly type: 'list';
  readonly 'element-id': number;
  readonly 'element-required': boolean;
  readonly element: IcebergType;
}

/** `struct<...>` in its JSON form. */
export interface StructType {
  readonly type: 'struct';
  readonly fields: readonly NestedField[];
}

/** Any Iceberg type. */
export type IcebergType = PrimitiveType | MapType | ListType | StructType;

/** A struct field. */
export interface NestedField {
  readonly id: number;
  readonly name: string;
  readonly required: boolean;
  readonly type: IcebergType;
  readonly doc?: string;
}

/** A table schema: a struct with a `schema-id`. */
export interface Schema {
  readonly type: 'struct';
  readonly 'schema-id': number;
  readonly 'identifier-field-ids'?: readonly number[];
  readonly fields: readonly NestedField[];
}

const PRIMITIVES: ReadonlySet<string> = new Set([
  'boolean', 'int', 'long', 'float', 'double', 'date', 'time', 'timestamp', 'timestamptz', 'string', 'uuid', 'binary',
]);

/** Whether `t` is a primitive type name. */
export function isPrimitiveType(t: IcebergType): t is PrimitiveType {
  return typeof t === 'string' && PRIMITIVES.has(t);
}

/** Every field id of a type, nested ones included (struct fields, list elements, map keys/values). */
export function collectFieldIds(type: IcebergType | Schema, out: number[] = []): number[] {
  if (typeof type === 'string') return out;
  switch (type.type) {
    case 'struct':
      for (const f of type.fields) {
        out.push(f.id);
        collectFieldIds(f.type, out);
      }
      return out;
    case 'list':
      out.push(type['element-id']);
      collectFieldIds(type.element, out);
      return out;
    case 'map':
      out.push(type['key-id'], type['value-id']);
      collectFieldIds(type.key, out);
      collectFieldIds(type.value, out);
      return out;
  }
}

/** Highest field id used in a schema (0 for an empty schema). */
export function maxFieldId(schema: Schema): number {
  return collectFieldIds(schema).reduce((a, b) => Math.max(a, b), 0);
}

/**
 * Index of every field id in the schema to the type stored there. Top-level and nested ids alike:
 * a map's key and value ids map to the key and value types.
 */
export function indexFieldTypes(schema: Schema): Map<number, IcebergType> {
  const out = new Map<number, IcebergType>();
  const visit = (t: IcebergType): void => {
    if (typeof t === 'string') return;
    if (t.type === 'struct') {
      for (const f of t.fields) {
        out.set(f.id, f.type);
        visit(f.type);
      }
    } else if (t.type === 'list') {
      out.set(t['element-id'], t.element);
      visit(t.element);
    } else {
      out.set(t['key-id'], t.key);
      out.set(t['value-id'], t.value);
      visit(t.key);
      visit(t.value);
    }
  };
  visit(schema);
  return out;
}

/** The top-level field with the given id, or undefined. */
export function findField(schema: Schema, id: number): NestedField | undefined {
  return schema.fields.find((f) => f.id === id);
}

/** The top-level field with the given name, or undefined. */
export function findFieldByName(schema: Schema, name: string): NestedField | undefined {
  return schema.fields.find((f) => f.name === name);
}

/**
 * Checks a schema: unique field ids (nested included), unique top-level names, known primitive types.
 * @throws IcebergError INVALID_METADATA
 */
export function validateSchema(schema: Schema): void {
  const ids = collectFieldIds(schema);
  const seen = new Set<number>();
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0) throw new IcebergError('INVALID_METADATA', `schema field id is not a non-negative int: ${id}`);
    if (seen.has(id)) throw new IcebergError('INVALID_METADATA', `schema ${schema['schema-id']} has duplicate field id ${id}`);
    seen.add(id);
  }
  const names = new Set<string>();
  for (const f of schema.fields) {
    if (names.has(f.name)) throw new IcebergError('INVALID_METADATA', `schema ${schema['schema-id']} has duplicate column name: ${f.name}`);
    names.add(f.name);
  }
  const checkType = (t: IcebergType): void => {
    if (typeof t === 'string') {
      if (!PRIMITIVES.has(t)) throw new IcebergError('INVALID_METADATA', `unsupported Iceberg type: ${t}`);
      return;
    }
    if (t.type === 'struct') t.fields.forEach((f) => checkType(f.type));
    else if (t.type === 'list') checkType(t.element);
    else if (t.type === 'map') {
      checkType(t.key);
      checkType(t.value);
    } else throw new IcebergError('INVALID_METADATA', `unsupported Iceberg type: ${JSON.stringify(t)}`);
  };
  checkType(schema);
}
