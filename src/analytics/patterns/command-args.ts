/**
 * Shared flag handling for the analytics commands: node:util parseArgs (strict), bad flags →
 * UsageError, and stream writing with backpressure.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../core/errors.js';

/** Parses `argv` strictly; any parse error becomes a {@link UsageError} naming the command. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message}`);
  }
}

/** The required --warehouse value. */
export function requireWarehouse(command: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`${command}: --warehouse <dir> is required`);
  return v;
}

/** Parses --format. */
export function formatFlag(command: string, v: unknown): 'text' | 'json' {
  const f = (v as string | undefined) ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(`${command}: --format must be text or json, got ${f}`);
  return f;
}

import { writeOut } from '../../core/write-out.js';
import { openWarehouse, type OpenWarehouseOptions } from '../sql/lake.js';
import { REST_CATALOG_FLAG_OPTIONS, restCatalogFlags } from '../../table/catalog-connect.js';
import type { DuckDBConnection } from '@duckdb/node-api';

export { writeOut };

/** parseArgs options naming the warehouse's Iceberg catalog: `--catalog`, `--namespace`, `--catalog-*`. */
export const LAKE_FLAG_OPTIONS = { catalog: { type: 'string' }, namespace: { type: 'string' }, ...REST_CATALOG_FLAG_OPTIONS } as const;

/** A warehouse and how to open it. */
export interface LakeRef {
  readonly warehouse: string;
  readonly options: OpenWarehouseOptions;
}

/** The lake named by `--warehouse` and the {@link LAKE_FLAG_OPTIONS}. */
export function lakeRef(command: string, values: Readonly<Record<string, unknown>>): LakeRef {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? values[k] as string : undefined);
  return { warehouse: requireWarehouse(command, values.warehouse), options: { catalog: str('catalog'), namespace: str('namespace'), catalogRest: restCatalogFlags(values) } };
}

/**
 * The common tail of the analytics commands: opens the warehouse (Parquet or Iceberg), runs the
 * analysis, prints it as JSON or rendered text, closes the lake; returns the exit code.
 */
export async function runOnLake<R>(
  lake: string | LakeRef, out: NodeJS.WritableStream, format: 'text' | 'json',
  run: (con: DuckDBConnection) => Promise<R>, render: (r: R) => string, toJson: (r: R) => unknown = (r) => r,
): Promise<number> {
  const { con, close } = typeof lake === 'string' ? await openWarehouse(lake) : await openWarehouse(lake.warehouse, lake.options);
  try {
    const r = await run(con);
    await writeOut(out, format === 'json' ? JSON.stringify(toJson(r), null, 2) + '\n' : render(r));
  } finally {
    close();
  }
  return 0;
}

/** Parses a positive integer flag. */
export function intFlag(command: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${command}: --${name} must be a non-negative integer, got ${String(v)}`);
  return n;
}
