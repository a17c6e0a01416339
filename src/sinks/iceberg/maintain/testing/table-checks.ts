/**
 * Test support for the maintenance tests: run the independent python3-avro verifier
 * (test/fixtures/iceberg/verify_iceberg.py, the same script as iceberg-verifier.test.ts) on a
 * table's current metadata and SQLite catalog row, and read a table's rows with DuckDB straight from
 * the listed live files (independent of the compaction code). Not used by production code.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ensurePythonAvro } from '../../../../../test/helpers/python-avro.js';
import { fixturePath } from '../../../../core/paths.js';
import type { Catalog, TableIdentifier } from '../../catalog/catalog.js';
import { fileUriToPath } from '../../io/local-file-io.js';
import { listLiveDataFiles } from '../../write/list-live-data-files.js';

/** The verifier's JSON report. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly stats: Readonly<Record<string, number>>;
}

let python: string | undefined;

/**
 * Verifies the table's current metadata file, every manifest list, manifest and data file it reaches,
 * and its row in `<warehouse>/catalog.db`.
 */
export async function verifyTable(catalog: Catalog, identifier: TableIdentifier, warehouse: string): Promise<{ status: number | null; report: VerifyReport }> {
  python ??= ensurePythonAvro().python;
  const t = await catalog.loadTable(identifier);
  const args = [fixturePath('iceberg', 'verify_iceberg.py'), '--metadata', fileUriToPath(t.metadataLocation),
    '--sqlite', join(warehouse, 'catalog.db'), '--catalog-name', catalog.name,
    '--namespace', identifier.namespace.join('.'), '--table', identifier.name];
  const r = spawnSync(python, args, { encoding: 'utf8' });
  try {
    return { status: r.status, report: JSON.parse(r.stdout) as VerifyReport };
  } catch {
    throw new Error(`verifier printed no JSON (status ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
}

/** Rows of a snapshot (default current) as sorted `source_offset|message|service` strings, plus the file count. */
export async function tableRows(catalog: Catalog, identifier: TableIdentifier, snapshotId?: bigint): Promise<{ rows: string[]; files: number }> {
  const t = await catalog.loadTable(identifier);
  const live = await listLiveDataFiles(t, snapshotId === undefined ? {} : { snapshotId });
  if (live.length === 0) return { rows: [], files: 0 };
  const list = live.map((f) => `'${fileUriToPath(f.filePath).replace(/'/g, "''")}'`).join(', ');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run("SET TimeZone = 'UTC'");
    const r = await con.runAndReadAll(`SELECT concat_ws('|', coalesce(CAST(source_offset AS VARCHAR), '∅'), coalesce(message, '∅'),
        coalesce(service, '∅'), coalesce(CAST(epoch_us(ts) AS VARCHAR), '∅'), coalesce(CAST(pg_duration_ms AS VARCHAR), '∅'),
        coalesce(CAST(labels AS VARCHAR), '∅')) AS k
      FROM read_parquet([${list}], union_by_name = true, hive_partitioning = false) ORDER BY k`);
    return { rows: (r.getRowObjectsJS() as { k: string }[]).map((x) => x.k), files: live.length };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

/**
 * A catalog that runs `interfere` (e.g. a concurrent append through the real catalog) just before the
 * first `commitTable`, so that commit meets a moved pointer and the caller has to reload and retry.
 */
export function interferingCatalog(catalog: Catalog, interfere: () => Promise<void>): Catalog & { readonly commits: number } {
  let commits = 0;
  const wrapped: Catalog & { commits: number } = {
    get name() { return catalog.name; },
    get io() { return catalog.io; },
    get commits() { return commits; },
    createNamespace: (ns, p) => catalog.createNamespace(ns, p),
    namespaceExists: (ns) => catalog.namespaceExists(ns),
    listNamespaces: () => catalog.listNamespaces(),
    listTables: (ns) => catalog.listTables(ns),
    createTable: (id, o) => catalog.createTable(id, o),
    metadataLocationOf: (id) => catalog.metadataLocationOf(id),
    loadTable: (id) => catalog.loadTable(id),
    commitTable: async (id, base, next) => {
      if (commits++ === 0) await interfere();
      return catalog.commitTable(id, base, next);
    },
    close: () => catalog.close(),
  };
  return wrapped;
}
