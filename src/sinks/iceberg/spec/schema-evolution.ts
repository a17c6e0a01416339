/**
 * Schema evolution v1.1 as a pure metadata change: add optional columns at the end of the current
 * schema as ONE new schema version (new schema-id = max + 1, made current), with field ids above
 * last-column-id. Columns whose name already exists with the same type are skipped (idempotent).
 *
 * Field ids: a column's canonical id (`ColumnDef.id`, and `MAP_FIELD_IDS` for map key/value) is kept
 * when it is above last-column-id, so Parquet files written with canonical field ids match the
 * table; otherwise the next free id (last-column-id + 1, ...) is assigned and writers must take the
 * id from the table schema (see docs/iceberg.md "Schema evolution").
 * Pure: no IO. May import `schema/`.
 */
import { MAP_FIELD_IDS } from '../../../schema/canonical.js';
import type { ColumnDef } from '../../../schema/canonical.js';
import { IcebergError } from './iceberg-error.js';
import type { IcebergType, NestedField, Schema } from './schema.js';
import { validateSchema } from './schema.js';
import { TableMetadataBuilder } from './table-metadata-builder.js';
import { currentSchema } from './table-metadata.js';
import type { TableMetadata } from './table-metadata.js';

/** Outcome of {@link addColumnsToMetadata} when something was added. */
export interface SchemaEvolution {
  /** The next metadata version (base location appended to metadata-log, validated). */
  readonly metadata: TableMetadata;
  /** The fields added, with their assigned ids. */
  readonly added: readonly NestedField[];
  /** The new current schema id. */
  readonly schemaId: number;
}

function sameType(a: IcebergType, b: IcebergType): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a.type === 'map' && b.type === 'map') return sameType(a.key, b.key) && sameType(a.value, b.value);
  if (a.type === 'list' && b.type === 'list') return sameType(a.element, b.element);
  return false;
}

function describe(t: IcebergType): string {
  return typeof t === 'string' ? t : t.type === 'map' ? `map<${describe(t.key)},${describe(t.value)}>` : t.type === 'list' ? `list<${describe(t.element)}>` : t.type;
}

/** The Iceberg type a column definition asks for, with placeholder nested ids (for comparison). */
function requestedType(col: ColumnDef): IcebergType {
  if (col.type === 'map') return { type: 'map', 'key-id': -1, key: 'string', 'value-id': -1, 'value-required': false, value: 'string' };
  return col.type;
}

/**
 * Adds the columns that the current schema lacks, as one new schema version.
 * @param baseLocation where `base` is stored (appended to metadata-log).
 * @param nowMs clock for last-updated-ms.
 * @returns undefined when every column already exists with the same type (nothing to commit).
 * @throws IcebergError INVALID_ARGUMENT when a column exists with another type, or a name is given twice.
 */
export function addColumnsToMetadata(base: TableMetadata, baseLocation: string, columns: readonly ColumnDef[], nowMs: number = Date.now()): SchemaEvolution | undefined {
  const schema = currentSchema(base);
  const seen = new Set<string>();
  let last = base['last-column-id'];
  const alloc = (preferred: number | undefined): number => {
    last = preferred !== undefined && preferred > last ? preferred : last + 1;
    return last;
  };
  const added: NestedField[] = [];
  for (const col of columns) {
    if (seen.has(col.name)) throw new IcebergError('INVALID_ARGUMENT', `column listed twice: ${col.name}`);
    seen.add(col.name);
    const existing = schema.fields.find((f) => f.name === col.name);
    if (existing) {
      if (!sameType(existing.type, requestedType(col))) {
        throw new IcebergError('INVALID_ARGUMENT', `column ${col.name} exists as ${describe(existing.type)}, cannot add it as ${describe(requestedType(col))} (type changes need a v2 schema)`);
      }
      continue;
    }
    const id = alloc(col.id);
    let type: IcebergType;
    if (col.type === 'map') {
      const pref = MAP_FIELD_IDS[col.name];
      const k = alloc(pref?.[0]);
      const v = alloc(pref?.[1]);
      type = { type: 'map', 'key-id': k, key: 'string', 'value-id': v, 'value-required': false, value: 'string' };
    } else {
      type = col.type;
    }
    added.push({ id, name: col.name, required: false, type, doc: col.doc });
  }
  if (added.length === 0) return undefined;
  const schemaId = Math.max(...base.schemas.map((s) => s['schema-id'])) + 1;
  const next: Schema = { type: 'struct', 'schema-id': schemaId, fields: [...schema.fields, ...added] };
  if (schema['identifier-field-ids'] !== undefined) Object.assign(next, { 'identifier-field-ids': schema['identifier-field-ids'] });
  validateSchema(next);
  const evolved: TableMetadata = {
    ...base,
    schemas: [...base.schemas, next],
    'current-schema-id': schemaId,
    'last-column-id': last,
  };
  const metadata = TableMetadataBuilder.fromBase(evolved, baseLocation).build(nowMs);
  return { metadata, added, schemaId };
}
