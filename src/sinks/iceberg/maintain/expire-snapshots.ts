/**
 * Snapshot expiry: drop old snapshots from the table metadata (committed through the catalog CAS
 * with retry), then delete the files only they reached.
 *
 * A snapshot is kept when any of these holds:
 * - it is the current snapshot, or the head of any ref (branch or tag);
 * - it is one of the `retainLast` newest snapshots of the current ancestry;
 * - its timestamp is at or after `olderThanMs`;
 * - it carries a `loglake.` summary key that no newer snapshot carries: for every such key, the
 *   newest carrier in the current ancestry is kept together with every ancestor between it and the
 *   current snapshot (so `readCommittedProperty`, which stops at the first missing parent, still
 *   finds it); for keys no ancestor carries, the newest carrier anywhere is kept.
 * snapshot-log keeps only the entries after the last expired one (Java's rule), refs are untouched.
 *
 * After the commit: manifest lists of expired snapshots, manifests no kept snapshot lists, and data
 * files that appear in those manifests but in no live (ADDED/EXISTING) entry of a kept snapshot's
 * manifests are deleted. Metadata JSON files are left to `removeOrphanFiles`. Nothing is deleted when
 * the commit outcome is unknown.
 */
import type { Catalog, Table, TableIdentifier } from '../catalog/catalog.js';
import { decodeManifest, ENTRY_STATUS } from '../spec/manifest.js';
import { TableMetadataBuilder } from '../spec/table-metadata-builder.js';
import { snapshotAncestry } from '../spec/table-metadata.js';
import type { Snapshot, SnapshotLogEntry, TableMetadata } from '../spec/table-metadata.js';
import { commitWithRetry } from './commit-with-retry.js';
import type { MaintenanceCommitOptions } from './commit-with-retry.js';
import { locationKey, readManifestFiles, readSnapshotManifests } from './snapshot-files.js';

/** Options of {@link expireSnapshots}. */
export interface ExpireSnapshotsOptions extends MaintenanceCommitOptions {
  /** Snapshots committed before this time (ms since epoch) may expire. */
  readonly olderThanMs: number;
  /** How many of the newest snapshots of the current ancestry are always kept. Default 1 (minimum 1). */
  readonly retainLast?: number;
}

/** Files deleted by {@link expireSnapshots}. */
export interface ExpiredFiles {
  readonly manifestLists: readonly string[];
  readonly manifests: readonly string[];
  readonly dataFiles: readonly string[];
  /** Locations whose deletion failed (left for removeOrphanFiles). */
  readonly failed: readonly string[];
}

/** Outcome of {@link expireSnapshots}. */
export interface ExpireSnapshotsResult {
  readonly table: Table;
  readonly committed: boolean;
  readonly expiredSnapshotIds: readonly bigint[];
  readonly deleted: ExpiredFiles;
  readonly retries: number;
}

/**
 * The ids of the snapshots to expire under the rules of the module comment (pure).
 * @param retainLast at least 1.
 */
export function snapshotsToExpire(m: TableMetadata, olderThanMs: number, retainLast = 1): bigint[] {
  const keep = new Set<bigint>();
  const cur = m['current-snapshot-id'];
  if (cur !== undefined) keep.add(cur);
  for (const ref of Object.values(m.refs)) keep.add(ref['snapshot-id']);
  const ancestry = snapshotAncestry(m, cur);
  for (const s of ancestry.slice(0, Math.max(1, retainLast))) keep.add(s['snapshot-id']);
  for (const s of m.snapshots) if (s['timestamp-ms'] >= olderThanMs) keep.add(s['snapshot-id']);

  const keys = new Set<string>();
  for (const s of m.snapshots) for (const k of Object.keys(s.summary)) if (k.startsWith('loglake.')) keys.add(k);
  for (const key of keys) {
    const depth = ancestry.findIndex((s) => s.summary[key] !== undefined);
    if (depth >= 0) {
      for (const s of ancestry.slice(0, depth + 1)) keep.add(s['snapshot-id']);
      continue;
    }
    let newest: Snapshot | undefined;
    for (const s of m.snapshots) {
      if (s.summary[key] !== undefined && (!newest || s['sequence-number'] > newest['sequence-number'])) newest = s;
    }
    if (newest) keep.add(newest['snapshot-id']);
  }
  return m.snapshots.filter((s) => !keep.has(s['snapshot-id'])).map((s) => s['snapshot-id']);
}

/**
 * The metadata without the `expired` snapshots (pure; metadata-log is not touched). snapshot-log
 * keeps only the entries after the last entry of a removed snapshot, so it stays a continuous
 * history (Java's rule).
 */
export function metadataWithoutSnapshots(m: TableMetadata, expired: ReadonlySet<bigint>): TableMetadata {
  const snapshots = m.snapshots.filter((s) => !expired.has(s['snapshot-id']));
  const ids = new Set(snapshots.map((s) => s['snapshot-id']));
  let log: SnapshotLogEntry[] = [];
  for (const e of m['snapshot-log']) {
    if (ids.has(e['snapshot-id'])) log.push(e);
    else log = [];
  }
  return { ...m, snapshots, 'snapshot-log': log };
}

/**
 * Expires snapshots (see the module comment) and deletes the files only they reached.
 * @throws IcebergError NO_SUCH_TABLE; COMMIT_RETRIES_EXHAUSTED; COMMIT_STATE_UNKNOWN (nothing deleted);
 * NOT_FOUND / INVALID_AVRO when a kept snapshot's manifests cannot be read (the expiry is committed
 * then, but nothing is deleted; removeOrphanFiles collects the files later).
 */
export async function expireSnapshots(catalog: Catalog, identifier: TableIdentifier, options: ExpireSnapshotsOptions): Promise<ExpireSnapshotsResult> {
  const now = options.now ?? Date.now;
  const out = await commitWithRetry(catalog, identifier, async (table) => {
    const ids = snapshotsToExpire(table.metadata, options.olderThanMs, options.retainLast ?? 1);
    if (ids.length === 0) return { metadata: undefined, value: [] as bigint[] };
    const next = TableMetadataBuilder.fromBase(metadataWithoutSnapshots(table.metadata, new Set(ids)), table.metadataLocation).build(now());
    return { metadata: next, value: ids };
  }, options);
  const none: ExpiredFiles = { manifestLists: [], manifests: [], dataFiles: [], failed: [] };
  if (!out.committed) return { table: out.table, committed: false, expiredSnapshotIds: [], deleted: none, retries: out.retries };

  const io = out.table.io;
  const expiredSet = new Set(out.value);
  const expired = out.base.metadata.snapshots.filter((s) => expiredSet.has(s['snapshot-id']));
  const kept = out.table.metadata.snapshots;

  // What kept snapshots reach.
  const keptLists = new Set(kept.map((s) => locationKey(s['manifest-list'])));
  const keptManifests = new Set<string>();
  const liveData = new Set<string>();
  const seenManifests = new Set<string>();
  for (const s of kept) {
    for (const m of await readSnapshotManifests(io, s)) {
      const key = locationKey(m.file.manifestPath);
      keptManifests.add(key);
      if (seenManifests.has(key)) continue;
      seenManifests.add(key);
      for (const r of m.entries) if (r.entry.status !== ENTRY_STATUS.DELETED) liveData.add(locationKey(r.entry.dataFile.filePath));
    }
  }

  // What only expired snapshots reach.
  const lists: string[] = [];
  const manifests = new Map<string, string>();
  for (const s of expired) {
    if (!keptLists.has(locationKey(s['manifest-list']))) lists.push(s['manifest-list']);
    let rows;
    try {
      rows = await readManifestFiles(io, s);
    } catch {
      continue; // list already gone: nothing more to learn from it
    }
    for (const mf of rows) {
      const key = locationKey(mf.manifestPath);
      if (!keptManifests.has(key)) manifests.set(key, mf.manifestPath);
    }
  }
  const dataFiles = new Map<string, string>();
  for (const path of manifests.values()) {
    let entries;
    try {
      entries = decodeManifest(await io.read(path)).entries.map((e) => e.dataFile.filePath);
    } catch {
      continue;
    }
    for (const p of entries) {
      const key = locationKey(p);
      if (!liveData.has(key)) dataFiles.set(key, p);
    }
  }

  const failed: string[] = [];
  const del = async (locs: Iterable<string>): Promise<string[]> => {
    const done: string[] = [];
    for (const l of locs) {
      try {
        await io.delete(l);
        done.push(l);
      } catch {
        failed.push(l);
      }
    }
    return done;
  };
  const deleted: ExpiredFiles = {
    dataFiles: await del(dataFiles.values()),
    manifests: await del(manifests.values()),
    manifestLists: await del(lists),
    failed,
  };
  return { table: out.table, committed: true, expiredSnapshotIds: out.value, deleted, retries: out.retries };
}
