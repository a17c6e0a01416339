/**
 * Shared flag handling for the analytics commands: the option table of config/ (strict, bad
 * flags → UsageError), the lake an analysis runs on (local or S3, any catalog), and stream
 * writing with backpressure.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeOut } from '../../core/write-out.js';
import { isS3Uri } from '../../core/s3/uri.js';
import { openWarehouse } from '../sql/lake.js';
import { defaultCacheDir } from '../sql/remote-files.js';
import { templateStateLocation } from '../../enrich/templates/state-store.js';
import { restCatalogFlags, type RestCatalogFlags } from '../../table/catalog-connect.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseCommandLine, type CommandSpec, type OptionValues } from '../../config/option-table.js';

/** Parses `argv` with the command's option table (config/commands.ts); bad flags → UsageError. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): { values: OptionValues } {
  return parseCommandLine(spec, argv);
}

/** The --format value (text or json; validated by the table). */
export function formatFlag(v: unknown): 'text' | 'json' {
  return (v as 'text' | 'json' | undefined) ?? 'text';
}

export { writeOut };

/** Which lake to open: the warehouse (directory or `s3://…`) and, for Iceberg, its catalog. */
export interface LakeTarget {
  readonly warehouse: string;
  readonly catalog?: string;
  readonly namespace?: string;
  readonly cacheDir?: string;
  /** REST catalog settings (`--catalog-*`) when `catalog` is `http(s)://…`. */
  readonly catalogRest?: RestCatalogFlags;
}

/** The {@link LakeTarget} of parsed flags (`--warehouse` is required by the option table). */
export function lakeTarget(values: Readonly<Record<string, unknown>>): LakeTarget {
  const w = String(values.warehouse);
  const catalogRest = restCatalogFlags(values);
  return {
    ...(catalogRest ? { catalogRest } : {}),
    warehouse: isS3Uri(w) ? w : resolve(w),
    ...(typeof values.catalog === 'string' ? { catalog: values.catalog } : {}),
    ...(typeof values.namespace === 'string' ? { namespace: values.namespace } : {}),
    ...(typeof values['cache-dir'] === 'string' ? { cacheDir: resolve(values['cache-dir']) } : {}),
  };
}

/**
 * Where an analysis keeps its files: the warehouse itself when local; for an S3 warehouse a local
 * work directory under the cache (derived tables: template assignments, features) plus the shared
 * template-miner state in the bucket.
 */
export interface AnalysisPlace {
  readonly warehouse: string;
  readonly statePath?: string;
}

function analysisPlace(t: LakeTarget): AnalysisPlace {
  if (!isS3Uri(t.warehouse)) return { warehouse: t.warehouse };
  const work = join(t.cacheDir ?? defaultCacheDir(), 'work', createHash('sha256').update(t.warehouse.replace(/\/+$/, '')).digest('hex').slice(0, 24));
  mkdirSync(work, { recursive: true });
  return { warehouse: work, statePath: templateStateLocation(t.warehouse) };
}

/**
 * The common tail of the analytics commands: opens the warehouse (Parquet or Iceberg, local or
 * S3), runs the analysis, prints it as JSON or rendered text, closes the lake; returns the exit code.
 */
export async function runOnLake<R>(
  target: LakeTarget, out: NodeJS.WritableStream, format: 'text' | 'json',
  run: (con: DuckDBConnection, place: AnalysisPlace) => Promise<R>, render: (r: R) => string, toJson: (r: R) => unknown = (r) => r,
): Promise<number> {
  const { con, close } = await openWarehouse(target.warehouse, { catalog: target.catalog, namespace: target.namespace, cacheDir: target.cacheDir, catalogRest: target.catalogRest });
  try {
    const r = await run(con, analysisPlace(target));
    await writeOut(out, format === 'json' ? JSON.stringify(toJson(r), null, 2) + '\n' : render(r));
  } finally {
    close();
  }
  return 0;
}
