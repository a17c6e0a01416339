/**
 * The Iceberg schema of the canonical log table, derived from `schema/canonical.ts`: field ids come
 * from COLUMNS and MAP_FIELD_IDS, every field is optional (DuckDB and most writers emit OPTIONAL
 * Parquet columns; see notes/iceberg.md gotcha 2).
 */
import { COLUMNS, MAP_FIELD_IDS } from '../../../schema/canonical.js';
import type { ColumnDef, ColumnType } from '../../../schema/canonical.js';
import { IcebergError } from './iceberg-error.js';
import type { IcebergType, NestedField, Schema } from './schema.js';

/**
 * Iceberg type for a canonical column type. Maps are `map<string,string>` with optional values and
 * the key/value ids from MAP_FIELD_IDS.
 * @throws IcebergError INVALID_ARGUMENT when a map column has no key/value ids.
 */
export function icebergTypeOf(type: ColumnType, mapIds?: readonly [number, number]): IcebergType {
  switch (type) {
    case 'timestamptz':
    case 'string':
    case 'int':
    case 'long':
    case 'double':
      return type;
    case 'map':
      if (!mapIds) throw new IcebergError('INVALID_ARGUMENT', 'map column needs key/value field ids');
      return { type: 'map', 'key-id': mapIds[0], key: 'string', 'value-id': mapIds[1], 'value-required': false, value: 'string' };
  }
}

/** One optional Iceberg field for a canonical column definition. */
export function fieldFromColumn(col: ColumnDef): NestedField {
  const type = icebergTypeOf(col.type, MAP_FIELD_IDS[col.name]);
  return { id: col.id, name: col.name, required: false, type, doc: col.doc };
}

/**
 * The canonical schema as an Iceberg schema (`schema-id` 0 unless given), all fields optional.
 * @param columns defaults to COLUMNS; pass a subset or a newer list for tests and evolution.
 */
export function canonicalIcebergSchema(schemaId = 0, columns: readonly ColumnDef[] = COLUMNS): Schema {
  return { type: 'struct', 'schema-id': schemaId, fields: columns.map(fieldFromColumn) };
}
