/**
 * `loglake maintain`: Iceberg table upkeep through the same catalog commit path as ingest —
 * compaction of small files per partition, snapshot expiry (never the snapshots that hold the
 * latest committed source offsets), and removal of orphan files (data, metadata and quarantine
 * files that no committed snapshot references, e.g. leftovers of a killed run).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { refuseOutside, relocateWarehouse } from '../table/warehouse-location.js';
import { parseCommandLine, MAINTAIN } from '../config/index.js';
import { LoglakeError } from '../core/errors.js';
import { isS3Uri } from '../core/s3/uri.js';
import { openCatalog, readOffsets, offsetsDocuments, warehouseUri } from '../table/commit-target.js';
import { compactTable, expireSnapshots, removeOrphanFiles, fileIOFor } from '../sinks/iceberg/index.js';
import { restCatalogFlags } from '../table/catalog-connect.js';

/** Runs the maintain command; returns the exit code. */
export async function maintainCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values: v } = parseCommandLine(MAINTAIN, argv);
  const warehouse = isS3Uri(String(v.warehouse)) ? String(v.warehouse) : resolve(String(v.warehouse));
  const expireMs = (v['expire-older-than'] as number | undefined) ?? 7 * 86_400_000;
  const orphanMs = (v['orphans-older-than'] as number | undefined) ?? 3_600_000;
  const retainLast = (v['retain-last'] as number | undefined) ?? 5;
  const minFiles = (v['min-files'] as number | undefined) ?? 2;
  const targetFileBytes = (v['target-file-bytes'] as number | undefined) ?? 128 * 1024 * 1024;
  if (!isS3Uri(warehouse) && (!existsSync(warehouse) || !statSync(warehouse).isDirectory())) throw new LoglakeError('INPUT_NOT_FOUND', `warehouse not found: ${warehouse}`);
  const catalog = await openCatalog(warehouse, v.catalog as string | undefined, undefined, restCatalogFlags(v));
  try {
    if (v.relocate) {
      // a copied or moved warehouse: rewrite its tables' metadata to point here (through the catalog)
      const moved = await relocateWarehouse(catalog, warehouse);
      for (const m of moved) {
        out.write(`relocated ${m.table} from ${m.from} to ${warehouse} (${m.result.manifestLists} manifest lists, ${m.result.manifests} manifests rewritten; data files unchanged)\n`);
      }
      if (moved.length === 0) out.write(`relocate: every table already lives in ${warehouse}\n`);
    }
    // never write or delete outside the warehouse given (the original of a copied warehouse)
    await refuseOutside(catalog, warehouse, 'maintain');
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
      // the offsets documents older snapshots' chains still reach are not orphans
      const r = await removeOrphanFiles(catalog, ident, { olderThanMs: Date.now() - orphanMs, alsoReferenced: offsetsDocuments });
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
