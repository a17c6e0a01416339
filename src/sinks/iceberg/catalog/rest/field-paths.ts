/**
 * Field ids by name path (`labels.key`, `labels.value`, `tags.element`), to compare the schema a
 * writer sent with the one a REST catalog assigned: Java's and PyIceberg's create route give every
 * field a fresh id, so the ids that Parquet files carry must be read back, never assumed.
 * Pure: no IO.
 */
import type { IcebergType, Schema } from '../../spec/schema.js';

/** `path → "id:type"` for every field of a schema, nested ones included. */
export function fieldIdsByPath(schema: Schema): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (prefix: string, t: IcebergType): void => {
    if (typeof t === 'string') return;
    if (t.type === 'struct') {
      for (const f of t.fields) {
        const p = prefix === '' ? f.name : `${prefix}.${f.name}`;
        out.set(p, `${f.id}:${typeof f.type === 'string' ? f.type : f.type.type}`);
        visit(p, f.type);
      }
    } else if (t.type === 'list') {
      out.set(`${prefix}.element`, `${t['element-id']}:${typeof t.element === 'string' ? t.element : t.element.type}`);
      visit(`${prefix}.element`, t.element);
    } else {
      out.set(`${prefix}.key`, `${t['key-id']}:${typeof t.key === 'string' ? t.key : t.key.type}`);
      out.set(`${prefix}.value`, `${t['value-id']}:${typeof t.value === 'string' ? t.value : t.value.type}`);
      visit(`${prefix}.key`, t.key);
      visit(`${prefix}.value`, t.value);
    }
  };
  visit('', schema);
  return out;
}

/** Paths whose id or type differ between `wanted` and `actual` (a path missing in `actual` differs). */
export function differingFieldPaths(wanted: Schema, actual: Schema): string[] {
  const a = fieldIdsByPath(actual);
  return [...fieldIdsByPath(wanted)].filter(([p, v]) => a.get(p) !== v).map(([p]) => p);
}
