/**
 * `loglake maintain`: Iceberg table upkeep through the same catalog commit path as ingest —
 * compaction of small files per partition, snapshot expiry (never the snapshots that hold the
 * latest committed source offsets), and removal of orphan files (data, metadata and quarantine
 * files that no committed snapshot references, e.g. leftovers of a killed run).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, LoglakeError } from '../core/errors.js';
import { isS3Uri } from '../core/s3/uri.js';
import { openCatalog, readOffsets, warehouseUri } from '../table/commit-target.js';
import { compactTable, expireSnapshots, removeOrphanFiles, fileIOFor } from '../sinks/iceberg/index.js';
import { REST_CATALOG_FLAG_OPTIONS, restCatalogFlags } from '../table/catalog-connect.js';

const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function durationMs(flag: string, v: unknown, dflt: string): number {
  const s = String(v ?? dflt);
  const m = DURATION.exec(s);
  if (!m) throw new UsageError(`--${flag} must be a duration like 30m, 12h or 7d, got "${s}"`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** Runs the maintain command; returns the exit code. */
export async function maintainCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: false, strict: true, options: {
        warehouse: { type: 'string' }, catalog: { type: 'string' }, namespace: { type: 'string' }, debug: { type: 'boolean' }, ...REST_CATALOG_FLAG_OPTIONS,
        'no-compact': { type: 'boolean' }, 'no-expire': { type: 'boolean' }, 'no-orphans': { type: 'boolean' },
        'min-files': { type: 'string' }, 'target-file-bytes': { type: 'string' },
        'expire-older-than': { type: 'string' }, 'retain-last': { type: 'string' }, 'orphans-older-than': { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const v = parsed.values;
  if (!v.warehouse) throw new UsageError('maintain needs --warehouse <dir>');
  const warehouse = isS3Uri(String(v.warehouse)) ? String(v.warehouse) : resolve(String(v.warehouse));
  const expireMs = durationMs('expire-older-than', v['expire-older-than'], '7d');
  const orphanMs = durationMs('orphans-older-than', v['orphans-older-than'], '1h');
  const retainLast = Number(v['retain-last'] ?? 5);
  const minFiles = Number(v['min-files'] ?? 2);
  const targetFileBytes = Number(v['target-file-bytes'] ?? 128 * 1024 * 1024);
  for (const [k, n] of [['retain-last', retainLast], ['min-files', minFiles], ['target-file-bytes', targetFileBytes]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${k} must be a positive integer`);
  }
  const catalog = await openCatalog(warehouse, v.catalog as string | undefined, undefined, restCatalogFlags(v));
  try {
    const ident = { namespace: [String(v.namespace ?? 'loglake')], name: 'logs' };
    try {
      await catalog.loadTable(ident);
    } catch (e) {
      throw new LoglakeError('INPUT_NOT_FOUND', `no Iceberg table ${ident.namespace[0]}.logs in ${warehouse}: ${(e as Error).message}`);
    }
    if (!v['no-compact']) {
      const r = await compactTable(catalog, ident, { minFiles, targetFileBytes });
      const removed = r.groups.reduce((n, g) => n + g.removed.length, 0);
      out.write(r.committed
        ? `compacted ${removed} files into ${r.groups.length} in ${r.groups.length} partition(s) (snapshot ${String(r.snapshotId)}, ${r.retries} retries)\n`
        : 'compaction: nothing to do\n');
    }
    if (!v['no-expire']) {
      const r = await expireSnapshots(catalog, ident, { olderThanMs: Date.now() - expireMs, retainLast });
      out.write(`expired ${r.expiredSnapshotIds.length} snapshot(s); deleted ${r.deleted.manifestLists.length} manifest lists, ${r.deleted.manifests.length} manifests, ${r.deleted.dataFiles.length} data files\n`);
    }
    if (!v['no-orphans']) {
      const r = await removeOrphanFiles(catalog, ident, { olderThanMs: Date.now() - orphanMs });
      // quarantine files of runs that never committed
      const table = await catalog.loadTable(ident);
      const kept = new Set((await readOffsets(table)).quarantine_files.map((f) => f.path));
      let q = 0;
      const wh = warehouseUri(warehouse);
      const io = fileIOFor(`${wh}/quarantine`);
      try {
        for (const f of await io.list(`${wh}/quarantine`)) {
          const rel = f.slice(wh.length + 1);
          const t = kept.has(rel) ? undefined : await io.modifiedMs(f);
          if (t !== undefined && t < Date.now() - orphanMs) {
            await io.delete(f);
            q++;
          }
        }
      } finally {
        await io.close?.();
      }
      out.write(`removed ${r.deleted.length + q} orphan file(s) (${r.tooRecent.length} newer than ${String(v['orphans-older-than'] ?? '1h')} kept)\n`);
    }
  } finally {
    await catalog.close();
  }
  return 0;
}
