/**
 * Test support: writes a Parquet file with every canonical column, each CAST to its exact type and
 * carrying its Iceberg field id (DuckDB `COPY ... (FIELD_IDS {...})`), the way the Parquet sink is
 * expected to. Not used by production code.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { V1_0_COLUMNS as COLUMNS, MAP_FIELD_IDS } from '../../../schema/canonical.js';
import type { ColumnDef, ColumnType } from '../../../schema/canonical.js';

/** A row: column name → value (timestamps as BigInt µs, maps as plain objects); absent = NULL. */
export type CanonicalRow = Readonly<Record<string, string | number | bigint | null | Readonly<Record<string, string>>>>;

function duckType(t: ColumnType): string {
  switch (t) {
    case 'timestamptz': return 'TIMESTAMPTZ';
    case 'string': return 'VARCHAR';
    case 'int': return 'INTEGER';
    case 'long': return 'BIGINT';
    case 'double': return 'DOUBLE';
    case 'map': return 'MAP(VARCHAR, VARCHAR)';
  }
}

function str(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function literal(c: ColumnDef, v: CanonicalRow[string] | undefined): string {
  if (v === null || v === undefined) return `CAST(NULL AS ${duckType(c.type)})`;
  switch (c.type) {
    case 'timestamptz': return `make_timestamptz(CAST(${String(v)} AS BIGINT))`;
    case 'string': return `CAST(${str(String(v))} AS VARCHAR)`;
    case 'int': return `CAST(${String(v)} AS INTEGER)`;
    case 'long': return `CAST(${String(v)} AS BIGINT)`;
    case 'double': {
      const n = Number(v);
      const text = Number.isNaN(n) ? "'NaN'" : n === Infinity ? "'Infinity'" : n === -Infinity ? "'-Infinity'" : Object.is(n, -0) ? "'-0.0'" : `'${n}'`;
      return `CAST(${text} AS DOUBLE)`;
    }
    case 'map': {
      const entries = Object.entries(v as Record<string, string>);
      if (entries.length === 0) return 'CAST(MAP {} AS MAP(VARCHAR, VARCHAR))';
      return `CAST(MAP {${entries.map(([k, x]) => `${str(k)}: ${str(x)}`).join(', ')}} AS MAP(VARCHAR, VARCHAR))`;
    }
  }
}

/** The DuckDB `FIELD_IDS` clause for the given columns. */
export function duckdbFieldIds(columns: readonly ColumnDef[] = COLUMNS): string {
  return '{' + columns.map((c) => {
    const q = `"${c.name}"`;
    if (c.type !== 'map') return `${q}: ${c.id}`;
    const [k, v] = MAP_FIELD_IDS[c.name]!;
    return `${q}: {__duckdb_field_id: ${c.id}, key: ${k}, value: ${v}}`;
  }).join(', ') + '}';
}

/**
 * Writes `rows` to a Parquet file at `path` with the canonical columns (or `columns`).
 * @param rowGroupSize rows per row group (DuckDB ROW_GROUP_SIZE), to exercise several row groups.
 */
export async function writeCanonicalParquet(path: string, rows: readonly CanonicalRow[], columns: readonly ColumnDef[] = COLUMNS, rowGroupSize?: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone='UTC'");
    const selects = rows.map((r) => 'SELECT ' + columns.map((c) => `${literal(c, r[c.name])} AS "${c.name}"`).join(', '));
    const opts = [`FORMAT parquet`, `FIELD_IDS ${duckdbFieldIds(columns)}`];
    if (rowGroupSize) opts.push(`ROW_GROUP_SIZE ${rowGroupSize}`);
    await conn.run(`COPY (${selects.join(' UNION ALL ')}) TO ${str(path)} (${opts.join(', ')})`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
