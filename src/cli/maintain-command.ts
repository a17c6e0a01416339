/**
 * `loglake maintain`: Iceberg table upkeep through the same catalog commit path as ingest —
 * compaction of small files per partition, snapshot expiry (never the snapshots that hold the
 * latest committed source offsets), and removal of orphan files (data, metadata and quarantine
 * files that no committed snapshot references, e.g. leftovers of a killed run).
 */
import { statSync, unlinkSync } from 'node:fs';
import { listFilesRecursive } from '../core/list-files.js';
import { join, relative, sep } from 'node:path';
import { parseCommandLine, MAINTAIN } from '../config/index.js';
import { LoglakeError } from '../core/errors.js';
import { openCatalog, readOffsets } from '../table/commit-target.js';
import { compactTable, expireSnapshots, removeOrphanFiles } from '../sinks/iceberg/index.js';

/** Runs the maintain command; returns the exit code. */
export async function maintainCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values: v } = parseCommandLine(MAINTAIN, argv);
  const warehouse = String(v.warehouse);
  const expireMs = (v['expire-older-than'] as number | undefined) ?? 7 * 86_400_000;
  const orphanMs = (v['orphans-older-than'] as number | undefined) ?? 3_600_000;
  const retainLast = (v['retain-last'] as number | undefined) ?? 5;
  const minFiles = (v['min-files'] as number | undefined) ?? 2;
  const targetFileBytes = (v['target-file-bytes'] as number | undefined) ?? 128 * 1024 * 1024;
  const catalog = await openCatalog(warehouse, v.catalog as string | undefined);
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
      for (const f of listFilesRecursive(join(warehouse, 'quarantine'))) {
        const rel = relative(warehouse, f).split(sep).join('/');
        if (!kept.has(rel) && statSync(f).mtimeMs < Date.now() - orphanMs) {
          unlinkSync(f);
          q++;
        }
      }
      out.write(`removed ${r.deleted.length + q} orphan file(s) (${r.tooRecent.length} newer than ${String(v['orphans-older-than'] ?? '1h')} kept)\n`);
    }
  } finally {
    await catalog.close();
  }
  return 0;
}
