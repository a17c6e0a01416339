/**
 * Iceberg type → DuckDB SQL type text, and the `FIELD_IDS` clause of DuckDB's Parquet `COPY`, for
 * the parts of loglake that read or rewrite Iceberg data files with DuckDB (compaction, the query
 * side). Pure: builds SQL text only.
 */
import { IcebergError } from '../spec/iceberg-error.js';
import type { IcebergType, NestedField, Schema } from '../spec/schema.js';

/**
 * DuckDB type for an Iceberg type (timestamptz → TIMESTAMPTZ, string → VARCHAR, map → MAP(K, V), ...).
 * @throws IcebergError INVALID_ARGUMENT for types loglake does not read with DuckDB (struct, fixed, decimal).
 */
export function duckdbTypeOf(t: IcebergType): string {
  if (typeof t === 'string') {
    switch (t) {
      case 'boolean': return 'BOOLEAN';
      case 'int': return 'INTEGER';
      case 'long': return 'BIGINT';
      case 'float': return 'FLOAT';
      case 'double': return 'DOUBLE';
      case 'date': return 'DATE';
      case 'time': return 'TIME';
      case 'timestamp': return 'TIMESTAMP';
      case 'timestamptz': return 'TIMESTAMPTZ';
      case 'string': return 'VARCHAR';
      case 'uuid': return 'UUID';
      case 'binary': return 'BLOB';
    }
  } else if (t.type === 'map') {
    return `MAP(${duckdbTypeOf(t.key)}, ${duckdbTypeOf(t.value)})`;
  } else if (t.type === 'list') {
    return `${duckdbTypeOf(t.element)}[]`;
  }
  throw new IcebergError('INVALID_ARGUMENT', `no DuckDB mapping for Iceberg type ${JSON.stringify(t)}`);
}

/** A double-quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function fieldIdEntry(f: NestedField): string {
  const t = f.type;
  const key = sqlIdent(f.name);
  if (typeof t === 'string') return `${key}: ${f.id}`;
  if (t.type === 'map') return `${key}: {__duckdb_field_id: ${f.id}, key: ${t['key-id']}, value: ${t['value-id']}}`;
  if (t.type === 'list') return `${key}: {__duckdb_field_id: ${f.id}, element: ${t['element-id']}}`;
  throw new IcebergError('INVALID_ARGUMENT', `no DuckDB FIELD_IDS mapping for column ${f.name}`);
}

/**
 * The `FIELD_IDS {...}` value of DuckDB's Parquet COPY for a schema's top-level fields (map key/value
 * and list element ids included), so written files carry the Iceberg field ids.
 */
export function duckdbFieldIds(schema: Schema): string {
  return '{' + schema.fields.map(fieldIdEntry).join(', ') + '}';
}
