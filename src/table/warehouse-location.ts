/**
 * Keeping every command inside the warehouse it was given. Iceberg metadata holds absolute paths,
 * so a copied or moved warehouse's catalog still names the original's files: writing through it
 * would change (and `maintain` would delete) files of another warehouse. Here:
 * - `tablesOutside`: the catalog's tables whose metadata lies outside the warehouse, with the root
 *   they were created under (loglake's layout `<root>/iceberg/<ns>.db/<table>`);
 * - `refuseOutside`: ingest and maintain stop with one line naming the way out (`--relocate`);
 * - `readCopiedWarehouse`: query reads such a warehouse from its own files (read-only mapping);
 * - `relocateWarehouse`: `maintain --relocate` rewrites the metadata to the warehouse through the
 *   catalog (relocate-table.ts), after which everything works on the copy alone.
 */
import { resolve } from 'node:path';
import { LoglakeError } from '../core/errors.js';
import { isUnder } from '../core/fs-errors.js';
import { fileUriToPath, LocalFileIO, relocateTable, formatIdentifier, type Catalog, type TableIdentifier, type RelocateResult } from '../sinks/iceberg/index.js';

/** A table whose current metadata lives outside the warehouse. */
export interface OutsideTable {
  readonly identifier: TableIdentifier;
  readonly metadataLocation: string;
  /** The warehouse root it was created under, when it follows loglake's layout. */
  readonly fromRoot: string | undefined;
}

function localPath(location: string): string | undefined {
  try {
    return fileUriToPath(location);
  } catch {
    return undefined; // not a local location (s3://…): not ours to judge here
  }
}

/** The catalog's tables (all namespaces) whose current metadata lies outside `warehouse`. */
export async function tablesOutside(catalog: Catalog, warehouse: string): Promise<OutsideTable[]> {
  const root = resolve(warehouse);
  const out: OutsideTable[] = [];
  for (const ns of await catalog.listNamespaces()) {
    let tables: TableIdentifier[] = [];
    try {
      tables = await catalog.listTables(ns);
    } catch {
      continue;
    }
    for (const ident of tables) {
      const loc = await catalog.metadataLocationOf(ident);
      const p = localPath(loc);
      if (p === undefined || isUnder(p, [root])) continue;
      // <root>/iceberg/<ns>.db/<table>/metadata/<file>
      const suffix = `/iceberg/${ident.namespace.join('.')}.db/${ident.name}/metadata/`;
      const i = p.lastIndexOf(suffix);
      out.push({ identifier: ident, metadataLocation: loc, fromRoot: i > 0 ? p.slice(0, i) : undefined });
    }
  }
  return out;
}

/**
 * Throws one clear line when a table of the catalog lives outside `warehouse` (nothing written yet).
 * `command` is what the user ran ("ingest", "maintain").
 */
export async function refuseOutside(catalog: Catalog, warehouse: string, command: string): Promise<void> {
  const outside = await tablesOutside(catalog, warehouse);
  if (outside.length === 0) return;
  const t = outside[0]!;
  const where = t.fromRoot ?? t.metadataLocation;
  const fix = t.fromRoot
    ? `run "loglake maintain --warehouse ${resolve(warehouse)} --relocate" to point its metadata at this warehouse`
    : 'it does not follow the loglake layout, so it cannot be relocated automatically';
  throw new LoglakeError('WAREHOUSE_UNWRITABLE',
    `${command} refused: the Iceberg table ${formatIdentifier(t.identifier)} of this catalog lives in ${where}, outside the warehouse ${resolve(warehouse)} (a copied or moved warehouse?); nothing was changed — ${fix}`);
}

/**
 * For reading a copied/moved warehouse before relocation: reads of the original root are served
 * from this warehouse's own files. Returns the original root, or undefined when nothing is outside.
 */
export async function readCopiedWarehouse(catalog: Catalog, warehouse: string): Promise<string | undefined> {
  const outside = (await tablesOutside(catalog, warehouse)).filter((t) => t.fromRoot !== undefined);
  if (outside.length === 0 || !(catalog.io instanceof LocalFileIO)) return undefined;
  const from = outside[0]!.fromRoot!;
  catalog.io.mapReads(from, warehouse);
  return from;
}

/** `maintain --relocate`: rewrites every table that lives outside `warehouse` to live in it. */
export async function relocateWarehouse(catalog: Catalog, warehouse: string): Promise<Array<{ table: string; from: string; result: RelocateResult }>> {
  const done: Array<{ table: string; from: string; result: RelocateResult }> = [];
  for (const t of await tablesOutside(catalog, warehouse)) {
    if (!t.fromRoot) {
      throw new LoglakeError('WAREHOUSE_UNWRITABLE', `cannot relocate ${formatIdentifier(t.identifier)}: its metadata ${t.metadataLocation} does not follow the loglake layout <warehouse>/iceberg/<ns>.db/<table>`);
    }
    if (catalog.io instanceof LocalFileIO) catalog.io.mapReads(t.fromRoot, warehouse);
    const result = await relocateTable(catalog, t.identifier, t.fromRoot, warehouse);
    done.push({ table: formatIdentifier(t.identifier), from: t.fromRoot, result });
  }
  return done;
}
