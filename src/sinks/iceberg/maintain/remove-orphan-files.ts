/**
 * Orphan file removal: delete files under the table's data and metadata directories that nothing in
 * the current metadata's reach references, and that are older than `olderThanMs`.
 *
 * Referenced (kept): the current metadata file and every metadata-log file, statistics files named
 * by the metadata, `version-hint.text`, every snapshot's manifest list, every manifest those lists
 * name, and every data file named by any entry (any status) of those manifests.
 * Only `<location>/data` (or `write.data.path`) and the metadata directory are scanned, never the
 * whole location (a warehouse-rooted table must not lose its catalog file).
 *
 * Safety: a file written by a commit still in flight is not referenced yet; `olderThanMs` must be
 * older than the longest write-to-commit span of any writer (Java's default is 3 days). The table
 * is loaded again after listing and both versions' references are kept, which narrows the window.
 * Modification times come from the table's FileIO (local mtime, S3 Last-Modified).
 */
import type { Catalog, Table, TableIdentifier } from '../catalog/catalog.js';
import { decodeManifest } from '../spec/manifest.js';
import { metadataDirOf } from '../spec/table-metadata.js';
import { locationKey, readManifestFiles } from './snapshot-files.js';

/** Options of {@link removeOrphanFiles}. */
export interface RemoveOrphanFilesOptions {
  /** Only files last modified before this time (ms since epoch) are deleted. */
  readonly olderThanMs: number;
  /** List what would be deleted without deleting. Default false. */
  readonly dryRun?: boolean;
  /**
   * Further locations the table reaches that Iceberg metadata does not name (e.g. files that a
   * snapshot-summary property's file points to); asked for each loaded version of the table.
   */
  readonly alsoReferenced?: (table: Table) => Promise<Iterable<string>>;
}

/** Outcome of {@link removeOrphanFiles}. */
export interface RemoveOrphanFilesResult {
  /** Orphans deleted (or, with dryRun, that would be). */
  readonly deleted: readonly string[];
  /** Orphans kept because they are newer than olderThanMs. */
  readonly tooRecent: readonly string[];
  /** How many files were scanned. */
  readonly scanned: number;
}

const NEVER_DELETE = new Set(['version-hint.text']);

/** Every location the table's current metadata reaches (as locationKey values). */
async function referenced(table: Table, out: Set<string>): Promise<void> {
  const m = table.metadata;
  const io = table.io;
  out.add(locationKey(table.metadataLocation));
  for (const e of m['metadata-log']) out.add(locationKey(e['metadata-file']));
  for (const key of ['statistics', 'partition-statistics'] as const) {
    for (const s of (m[key] ?? []) as { 'statistics-path'?: unknown }[]) {
      if (typeof s['statistics-path'] === 'string') out.add(locationKey(s['statistics-path']));
    }
  }
  const seen = new Set<string>();
  for (const snap of m.snapshots) {
    out.add(locationKey(snap['manifest-list']));
    // files named by snapshot-summary properties (e.g. loglake.offsets-file) are referenced too
    for (const v of Object.values(snap.summary ?? {})) {
      if (typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\//i.test(v)) out.add(locationKey(v));
    }
    for (const mf of await readManifestFiles(io, snap)) {
      const key = locationKey(mf.manifestPath);
      out.add(key);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const e of decodeManifest(await io.read(mf.manifestPath)).entries) out.add(locationKey(e.dataFile.filePath));
    }
  }
}

/**
 * Deletes unreferenced files older than `olderThanMs` under the table's data and metadata directories.
 * @throws IcebergError NO_SUCH_TABLE; NOT_FOUND / INVALID_AVRO when a manifest list or manifest of the
 * metadata cannot be read (nothing is deleted then).
 */
export async function removeOrphanFiles(catalog: Catalog, identifier: TableIdentifier, options: RemoveOrphanFilesOptions): Promise<RemoveOrphanFilesResult> {
  const first = await catalog.loadTable(identifier);
  const m = first.metadata;
  const dataDir = (m.properties['write.data.path'] ?? `${m.location}/data`).replace(/\/+$/, '');
  const roots = [...new Set([dataDir, metadataDirOf(m)])];
  const refs = new Set<string>();
  await referenced(first, refs);
  for (const l of (await options.alsoReferenced?.(first)) ?? []) refs.add(locationKey(l));
  const files = new Map<string, string>();
  for (const root of roots) for (const f of await first.io.list(root)) files.set(locationKey(f), f);
  // Commits that landed while we listed: keep what they reference too.
  const again = await catalog.loadTable(identifier);
  if (again.metadataLocation !== first.metadataLocation) {
    await referenced(again, refs);
    for (const l of (await options.alsoReferenced?.(again)) ?? []) refs.add(locationKey(l));
  }

  const deleted: string[] = [];
  const tooRecent: string[] = [];
  for (const [key, loc] of [...files.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (refs.has(key)) continue;
    const name = key.slice(key.lastIndexOf('/') + 1);
    if (NEVER_DELETE.has(name)) continue;
    const t = await first.io.modifiedMs(loc);
    if (t === undefined) continue; // vanished meanwhile
    if (t >= options.olderThanMs) {
      tooRecent.push(loc);
      continue;
    }
    if (!options.dryRun) await first.io.delete(loc);
    deleted.push(loc);
  }
  return { deleted, tooRecent, scanned: files.size };
}
