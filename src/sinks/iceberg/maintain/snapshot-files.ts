/**
 * Reading what a snapshot tracks: its manifest list, every manifest and every entry with the
 * sequence numbers and snapshot id made explicit (ADDED entries inherit them from the manifest list,
 * spec "Sequence Number Inheritance"). Used by compaction, expiry and orphan removal.
 */
import type { FileIO } from '../io/file-io.js';
import { fileUriToPath } from '../io/local-file-io.js';
import { decodeManifest } from '../spec/manifest.js';
import type { ManifestEntry } from '../spec/manifest.js';
import { decodeManifestList } from '../spec/manifest-list.js';
import type { ManifestFile } from '../spec/manifest-list.js';
import type { Snapshot } from '../spec/table-metadata.js';

/** A manifest entry with inherited values resolved. */
export interface ResolvedEntry {
  readonly entry: ManifestEntry;
  /** Data sequence number (explicit, or inherited from the manifest). */
  readonly dataSequenceNumber: bigint;
  /** File sequence number (explicit, or inherited from the manifest). */
  readonly fileSequenceNumber: bigint;
  /** Snapshot that added the file (explicit, or the manifest's added_snapshot_id). */
  readonly snapshotId: bigint;
}

/** A manifest of a snapshot with its resolved entries. */
export interface ResolvedManifest {
  readonly file: ManifestFile;
  readonly entries: readonly ResolvedEntry[];
}

/** Resolves an entry's inherited sequence numbers and snapshot id against its manifest-list row. */
export function resolveEntry(mf: ManifestFile, e: ManifestEntry): ResolvedEntry {
  return {
    entry: e,
    dataSequenceNumber: e.sequenceNumber ?? mf.sequenceNumber,
    fileSequenceNumber: e.fileSequenceNumber ?? e.sequenceNumber ?? mf.sequenceNumber,
    snapshotId: e.snapshotId ?? mf.addedSnapshotId,
  };
}

/** The manifest-list rows of a snapshot. @throws IcebergError NOT_FOUND / INVALID_AVRO */
export async function readManifestFiles(io: FileIO, snapshot: Snapshot): Promise<ManifestFile[]> {
  return decodeManifestList(await io.read(snapshot['manifest-list'])).manifests;
}

/** Every manifest of a snapshot with resolved entries. @throws IcebergError NOT_FOUND / INVALID_AVRO */
export async function readSnapshotManifests(io: FileIO, snapshot: Snapshot): Promise<ResolvedManifest[]> {
  const out: ResolvedManifest[] = [];
  for (const mf of await readManifestFiles(io, snapshot)) {
    const d = decodeManifest(await io.read(mf.manifestPath));
    out.push({ file: mf, entries: d.entries.map((e) => resolveEntry(mf, e)) });
  }
  return out;
}

/**
 * A comparable key for a location: `file:` URIs and absolute paths map to the resolved local path
 * (so `file:/x`, `file:///x` and `/x` are one file); other URIs are kept as they are.
 */
export function locationKey(location: string): string {
  if (location.startsWith('file:') || location.startsWith('/')) {
    try {
      return fileUriToPath(location);
    } catch {
      return location;
    }
  }
  return location;
}
