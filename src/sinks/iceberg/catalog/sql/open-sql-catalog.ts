/**
 * Factories for the two SQL catalog flavours: an embedded SQLite file (default: `catalog.db` in a
 * local warehouse) and PostgreSQL.
 */
import { join } from 'node:path';
import { fileIOFor } from '../../io/index.js';
import { fileUriToPath, pathToFileUri } from '../../io/local-file-io.js';
import type { FileIO } from '../../io/file-io.js';
import type pg from 'pg';
import { PostgresDriver } from './postgres-driver.js';
import { SqlCatalog } from './sql-catalog.js';
import { SqliteDriver } from './sqlite-driver.js';

/** Options of {@link openSqliteCatalog}. */
export interface SqliteCatalogOptions {
  /** Warehouse root: a local path or `file://` URI. */
  readonly warehouse: string;
  /** SQLite file; default `<warehouse>/catalog.db`. */
  readonly path?: string;
  /** `catalog_name`; default `loglake`. */
  readonly name?: string;
  /** Default: FileIO for the warehouse scheme. */
  readonly io?: FileIO;
  /** Lock wait in ms; default 10 000. */
  readonly busyTimeoutMs?: number;
}

/** Opens (creating when absent) a SQLite catalog. */
export async function openSqliteCatalog(options: SqliteCatalogOptions): Promise<SqlCatalog> {
  const warehouse = options.warehouse.includes('://') || options.warehouse.startsWith('file:') ? options.warehouse : pathToFileUri(options.warehouse);
  const path = options.path ?? join(fileUriToPath(warehouse), 'catalog.db');
  const driver = new SqliteDriver(path, { busyTimeoutMs: options.busyTimeoutMs });
  return SqlCatalog.open(driver, { name: options.name, warehouse, io: options.io ?? fileIOFor(warehouse) });
}

/** Options of {@link openPostgresCatalog}. */
export interface PostgresCatalogOptions {
  /** Warehouse root URI. */
  readonly warehouse: string;
  /** `postgresql://...`; or pass `pool`. */
  readonly connectionString?: string;
  readonly pool?: pg.Pool;
  /** `catalog_name`; default `loglake`. */
  readonly name?: string;
  readonly io?: FileIO;
}

/** Opens a PostgreSQL catalog, creating the catalog tables when absent. */
export async function openPostgresCatalog(options: PostgresCatalogOptions): Promise<SqlCatalog> {
  const warehouse = options.warehouse.includes(':') ? options.warehouse : pathToFileUri(options.warehouse);
  const driver = new PostgresDriver({ connectionString: options.connectionString, pool: options.pool });
  try {
    return await SqlCatalog.open(driver, { name: options.name, warehouse, io: options.io ?? fileIOFor(warehouse) });
  } catch (e) {
    await driver.close();
    throw e;
  }
}
