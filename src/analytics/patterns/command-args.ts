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

import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeOut } from '../../core/write-out.js';
import { isS3Uri } from '../../core/s3/uri.js';
import { openWarehouse } from '../sql/lake.js';
import { defaultCacheDir } from '../sql/remote-files.js';
import { templateStateLocation } from '../../enrich/templates/state-store.js';
import { REST_CATALOG_FLAG_OPTIONS, restCatalogFlags, type RestCatalogFlags } from '../../table/catalog-connect.js';
import type { DuckDBConnection } from '@duckdb/node-api';

export { writeOut };

/** The flags every analytics command takes to find an Iceberg table (and its S3 files). */
export const LAKE_FLAGS = {
  catalog: { type: 'string' }, namespace: { type: 'string' }, 'cache-dir': { type: 'string' }, ...REST_CATALOG_FLAG_OPTIONS,
} as const;

/** Which lake to open: the warehouse (directory or `s3://…`) and, for Iceberg, its catalog. */
export interface LakeTarget {
  readonly warehouse: string;
  readonly catalog?: string;
  readonly namespace?: string;
  readonly cacheDir?: string;
  /** REST catalog settings (`--catalog-*`) when `catalog` is `http(s)://…`. */
  readonly catalogRest?: RestCatalogFlags;
}

/** The {@link LakeTarget} of parsed flags (`--warehouse` required). */
export function lakeTarget(command: string, values: Readonly<Record<string, unknown>>): LakeTarget {
  const w = requireWarehouse(command, values.warehouse);
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

/** Parses a positive integer flag. */
export function intFlag(command: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${command}: --${name} must be a non-negative integer, got ${String(v)}`);
  return n;
}
