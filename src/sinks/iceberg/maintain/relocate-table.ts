/**
 * Relocation of a table whose files were copied or moved as a whole (e.g. `cp -a wh-A wh-B`):
 * Iceberg v2 stores absolute URIs everywhere (table location, manifest-list, manifest_path,
 * data_file.file_path, metadata-log), so the copy's metadata still names the original's files. This
 * writes, for every snapshot, a new manifest list and new manifests whose paths point below the new
 * root (data files are not touched: they are the same bytes at the same relative paths), and
 * commits new table metadata (location, manifest lists, metadata-log, path-valued properties and
 * snapshot-summary values mapped) through the catalog's compare-and-swap. Files are written under
 * new names, so a crash before the commit leaves only unreferenced files (orphans) in the new root
 * and changes nothing else; nothing outside the new root is ever written.
 *
 * The caller arranges for reads of the old root to be served from the new one (LocalFileIO.mapReads)
 * when the old root no longer exists.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Catalog, TableIdentifier } from '../catalog/catalog.js';
import { fileUriToPath } from '../io/local-file-io.js';
import { decodeAvroContainer, encodeAvroContainer } from '../spec/avro-container.js';
import { IcebergError } from '../spec/iceberg-error.js';
import { metadataDirOf } from '../spec/table-metadata.js';
import type { Snapshot, TableMetadata } from '../spec/table-metadata.js';

/** Result of {@link relocateTable}. */
export interface RelocateResult {
  /** False when the table already lived under the new root. */
  readonly relocated: boolean;
  readonly manifestLists: number;
  readonly manifests: number;
  readonly metadataLocation: string;
}

/** A function mapping a location under `from` to the same relative location under `to` (others unchanged). */
export function locationMapper(from: string, to: string): (location: string) => string {
  const f = resolve(from);
  const t = resolve(to);
  return (loc: string): string => {
    let p: string;
    try {
      if (!loc.startsWith('file:') && !loc.startsWith('/')) return loc;
      p = fileUriToPath(loc);
    } catch {
      return loc;
    }
    if (p !== f && !p.startsWith(f + '/')) return loc;
    return 'file://' + t + p.slice(f.length);
  };
}

function newName(location: string, dir: string): string {
  const base = location.slice(location.lastIndexOf('/') + 1).replace(/\.avro$/, '');
  return `${dir}/${base}-relocated-${randomUUID().slice(0, 8)}.avro`;
}

function mapValues(o: Readonly<Record<string, string>>, map: (s: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, map(v)]));
}

/**
 * Rewrites `identifier`'s metadata so that every path under `from` points to the same place under
 * `to`, and commits it through the catalog (one CAS; a conflict is reported, not retried).
 * @throws IcebergError INVALID_ARGUMENT when the table's location is under neither root.
 */
export async function relocateTable(catalog: Catalog, identifier: TableIdentifier, from: string, to: string): Promise<RelocateResult> {
  const table = await catalog.loadTable(identifier);
  const m = table.metadata;
  const map = locationMapper(from, to);
  const newLocation = map(m.location);
  if (newLocation === m.location) {
    if (fileUriToPath(m.location).startsWith(resolve(to) + '/')) return { relocated: false, manifestLists: 0, manifests: 0, metadataLocation: table.metadataLocation };
    throw new IcebergError('INVALID_ARGUMENT', `table location ${m.location} lies under neither ${from} nor ${to}`);
  }
  const io = table.io;
  const newMetaDir = map(metadataDirOf(m));
  const manifests = new Map<string, { path: string; length: bigint }>();
  const rewriteManifest = async (path: string): Promise<{ path: string; length: bigint }> => {
    const done = manifests.get(path);
    if (done) return done;
    const d = decodeAvroContainer(await io.read(path));
    const records = d.records.map((r) => {
      const e = r as Record<string, unknown>;
      const df = e.data_file as Record<string, unknown>;
      return { ...e, data_file: { ...df, file_path: map(String(df.file_path)), referenced_data_file: typeof df.referenced_data_file === 'string' ? map(df.referenced_data_file) : df.referenced_data_file ?? null } };
    });
    const buf = encodeAvroContainer(d.schema, records, { codec: d.metadata['avro.codec'] === 'null' ? 'null' : 'deflate', metadata: userMeta(d.metadata) });
    const out = { path: newName(path, newMetaDir), length: BigInt(buf.length) };
    await io.write(out.path, buf);
    manifests.set(path, out);
    return out;
  };
  const snapshots: Snapshot[] = [];
  for (const s of m.snapshots) {
    const d = decodeAvroContainer(await io.read(s['manifest-list']));
    const rows = [];
    for (const r of d.records) {
      const row = r as Record<string, unknown>;
      const nm = await rewriteManifest(String(row.manifest_path));
      rows.push({ ...row, manifest_path: nm.path, manifest_length: nm.length });
    }
    const buf = encodeAvroContainer(d.schema, rows, { codec: d.metadata['avro.codec'] === 'null' ? 'null' : 'deflate', metadata: userMeta(d.metadata) });
    const listPath = newName(s['manifest-list'], newMetaDir);
    await io.write(listPath, buf);
    snapshots.push({ ...s, 'manifest-list': listPath, summary: { ...mapValues(s.summary, map), operation: s.summary.operation } as Snapshot['summary'] });
  }
  const next: TableMetadata = {
    ...m,
    location: newLocation,
    properties: mapValues(m.properties, map),
    snapshots,
    'metadata-log': [...m['metadata-log'].map((e) => ({ ...e, 'metadata-file': map(e['metadata-file']) })),
      { 'metadata-file': map(table.metadataLocation), 'timestamp-ms': m['last-updated-ms'] }],
    'last-updated-ms': Math.max(Date.now(), m['last-updated-ms']),
  };
  const committed = await catalog.commitTable(identifier, table.metadataLocation, next);
  return { relocated: true, manifestLists: snapshots.length, manifests: manifests.size, metadataLocation: committed.metadataLocation };
}

function userMeta(meta: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).filter(([k]) => !k.startsWith('avro.')));
}
