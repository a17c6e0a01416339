/**
 * Shared flag handling for the analytics commands: the option table of config/ (strict, bad
 * flags → UsageError), and stream writing with backpressure.
 */
import { parseCommandLine, type CommandSpec, type OptionValues } from '../../config/option-table.js';

/** Parses `argv` with the command's option table (config/commands.ts); bad flags → UsageError. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): { values: OptionValues } {
  return parseCommandLine(spec, argv);
}

/** The --format value (text or json; validated by the table). */
export function formatFlag(v: unknown): 'text' | 'json' {
  return (v as 'text' | 'json' | undefined) ?? 'text';
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
