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
import { openWarehouse } from '../sql/lake.js';
import type { DuckDBConnection } from '@duckdb/node-api';

export { writeOut };

/**
 * The common tail of the analytics commands: opens the warehouse (Parquet or Iceberg), runs the
 * analysis, prints it as JSON or rendered text, closes the lake; returns the exit code.
 */
export async function runOnLake<R>(
  warehouse: string, out: NodeJS.WritableStream, format: 'text' | 'json',
  run: (con: DuckDBConnection) => Promise<R>, render: (r: R) => string, toJson: (r: R) => unknown = (r) => r,
): Promise<number> {
  const { con, close } = await openWarehouse(warehouse);
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
