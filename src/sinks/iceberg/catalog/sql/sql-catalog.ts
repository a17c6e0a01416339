/**
 * A SQL catalog with the layout of Java's JdbcCatalog (schema V1) and PyIceberg's SqlCatalog:
 * `iceberg_tables` (with `iceberg_type` = 'TABLE') and `iceberg_namespace_properties` (a namespace
 * exists when it has the ('exists', 'true') row). Spark (`type=jdbc`) and PyIceberg (`type=sql`)
 * configured with the same `catalog_name` see the same tables.
 *
 * Commit = write the next metadata file, then
 * `UPDATE iceberg_tables SET metadata_location = new, previous_metadata_location = old
 *  WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = old`;
 * exactly one updated row is success, zero is a CommitConflictError.
 */
import type { FileIO } from '../../io/file-io.js';
import { CommitConflictError, IcebergError } from '../../spec/iceberg-error.js';
import { metadataFileName, parseMetadataVersion } from '../../spec/ids.js';
import { parseTableMetadata, serializeTableMetadata } from '../../spec/metadata-json.js';
import { TableMetadataBuilder } from '../../spec/table-metadata-builder.js';
import { metadataDirOf } from '../../spec/table-metadata.js';
import type { TableMetadata } from '../../spec/table-metadata.js';
import { validateTableMetadata } from '../../spec/validate-table-metadata.js';
import { formatIdentifier } from '../catalog.js';
import type { Catalog, CreateTableOptions, Namespace, Table, TableIdentifier } from '../catalog.js';
import type { SqlDriver } from './sql-driver.js';

/** Default catalog name (the `catalog_name` column). */
export const DEFAULT_CATALOG_NAME = 'loglake';

/** Options of {@link SqlCatalog.open}. */
export interface SqlCatalogOptions {
  /** The `catalog_name` column value; must equal the name Spark/PyIceberg use. Default `loglake`. */
  readonly name?: string;
  /** Warehouse root URI (`file:///...`, `s3://bucket/prefix`); default table locations go below it. */
  readonly warehouse: string;
  /** FileIO for metadata files. */
  readonly io: FileIO;
}

const CREATE_TABLES = `CREATE TABLE IF NOT EXISTS iceberg_tables (
  catalog_name VARCHAR(255) NOT NULL,
  table_namespace VARCHAR(255) NOT NULL,
  table_name VARCHAR(255) NOT NULL,
  metadata_location VARCHAR(1000),
  previous_metadata_location VARCHAR(1000),
  iceberg_type VARCHAR(5),
  PRIMARY KEY (catalog_name, table_namespace, table_name))`;

const CREATE_NS = `CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
  catalog_name VARCHAR(255) NOT NULL,
  namespace VARCHAR(255) NOT NULL,
  property_key VARCHAR(255) NOT NULL,
  property_value VARCHAR(1000) NOT NULL,
  PRIMARY KEY (catalog_name, namespace, property_key))`;

function nsString(ns: Namespace): string {
  if (ns.length === 0 || ns.some((l) => l === '' || l.includes('.'))) {
    throw new IcebergError('INVALID_ARGUMENT', `invalid namespace: ${JSON.stringify(ns)} (levels must be non-empty and contain no '.')`);
  }
  return ns.join('.');
}

function checkName(name: string): void {
  if (name === '' || name.includes('/') || name.includes('.')) throw new IcebergError('INVALID_ARGUMENT', `invalid table name: ${JSON.stringify(name)}`);
}

/** JdbcCatalog-compatible catalog over SQLite or PostgreSQL. */
export class SqlCatalog implements Catalog {
  readonly name: string;
  readonly io: FileIO;
  private readonly driver: SqlDriver;
  private readonly warehouse: string;
  /** Whether `iceberg_tables` has the V1 `iceberg_type` column (a Java V0 catalog lacks it). */
  private hasTypeColumn = true;

  private constructor(driver: SqlDriver, options: SqlCatalogOptions) {
    this.driver = driver;
    this.name = options.name ?? DEFAULT_CATALOG_NAME;
    this.io = options.io;
    this.warehouse = options.warehouse.replace(/\/+$/, '');
  }

  /**
   * Opens a catalog on a driver, creating the two catalog tables when absent.
   * @throws IcebergError CATALOG_UNAVAILABLE when the database cannot be initialised.
   */
  static async open(driver: SqlDriver, options: SqlCatalogOptions): Promise<SqlCatalog> {
    const c = new SqlCatalog(driver, options);
    await c.initialize();
    return c;
  }

  private async initialize(): Promise<void> {
    for (const ddl of [CREATE_TABLES, CREATE_NS]) {
      try {
        await this.driver.execute(ddl);
      } catch (e) {
        // Two processes creating the tables at once: PostgreSQL may report 23505/42P07; the table exists then.
        const code = String((e as { code?: unknown }).code ?? '');
        if (code !== '23505' && code !== '42P07' && this.driver.classifyError(e) !== 'unique-violation') {
          throw new IcebergError('CATALOG_UNAVAILABLE', `cannot initialise SQL catalog: ${(e as Error).message}`, { cause: e });
        }
      }
    }
    const cols = this.driver.dialect === 'sqlite'
      ? await this.driver.query<{ name: string }>("SELECT name FROM pragma_table_info('iceberg_tables')")
      : await this.driver.query<{ name: string }>(
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'iceberg_tables' AND table_schema = current_schema()");
    this.hasTypeColumn = cols.some((c) => String(c.name).toLowerCase() === 'iceberg_type');
  }

  private typeFilter(): string {
    return this.hasTypeColumn ? " AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)" : '';
  }

  /** Creates a namespace with its ('exists','true') row and properties. */
  async createNamespace(namespace: Namespace, properties: Readonly<Record<string, string>> = {}): Promise<void> {
    const ns = nsString(namespace);
    if (await this.namespaceExists(namespace)) throw new IcebergError('NAMESPACE_EXISTS', `namespace already exists: ${ns}`);
    const props: Record<string, string> = { exists: 'true', ...properties };
    try {
      for (const [k, v] of Object.entries(props)) {
        await this.driver.execute(
          'INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)',
          [this.name, ns, k, v]);
      }
    } catch (e) {
      if (this.driver.classifyError(e) === 'unique-violation') throw new IcebergError('NAMESPACE_EXISTS', `namespace already exists: ${ns}`, { cause: e });
      throw this.wrap(e, 'create namespace');
    }
  }

  /** Whether a namespace has a properties row or holds a table (Java's rule). */
  async namespaceExists(namespace: Namespace): Promise<boolean> {
    const ns = nsString(namespace);
    const rows = await this.driver.query(
      `SELECT 1 AS x FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?
       UNION ALL SELECT 1 AS x FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?`,
      [this.name, ns, this.name, ns]);
    return rows.length > 0;
  }

  /** All namespaces of this catalog. */
  async listNamespaces(): Promise<Namespace[]> {
    const rows = await this.driver.query<{ ns: string }>(
      `SELECT namespace AS ns FROM iceberg_namespace_properties WHERE catalog_name = ?
       UNION SELECT table_namespace AS ns FROM iceberg_tables WHERE catalog_name = ?`,
      [this.name, this.name]);
    return rows.map((r) => String(r.ns)).sort().map((s) => s.split('.'));
  }

  /** Tables of a namespace. */
  async listTables(namespace: Namespace): Promise<TableIdentifier[]> {
    const ns = nsString(namespace);
    if (!(await this.namespaceExists(namespace))) throw new IcebergError('NO_SUCH_NAMESPACE', `namespace does not exist: ${ns}`);
    const rows = await this.driver.query<{ table_name: string }>(
      `SELECT table_name FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?${this.typeFilter()} ORDER BY table_name`,
      [this.name, ns]);
    return rows.map((r) => ({ namespace: [...namespace], name: String(r.table_name) }));
  }

  /** Creates a table: metadata 00000 first, then the catalog row (a duplicate row removes the file again). */
  async createTable(identifier: TableIdentifier, options: CreateTableOptions): Promise<Table> {
    const ns = nsString(identifier.namespace);
    checkName(identifier.name);
    if (!(await this.namespaceExists(identifier.namespace))) throw new IcebergError('NO_SUCH_NAMESPACE', `namespace does not exist: ${ns}`);
    if ((await this.currentLocation(identifier)) !== undefined) {
      throw new IcebergError('TABLE_EXISTS', `table already exists: ${formatIdentifier(identifier)}`);
    }
    const location = options.location ?? `${this.warehouse}/${identifier.namespace.join('/')}/${identifier.name}`;
    const metadata = TableMetadataBuilder.newTable({
      location,
      schema: options.schema,
      partitionSpec: options.partitionSpec,
      sortOrder: options.sortOrder,
      properties: options.properties,
    }).build();
    const metadataLocation = `${metadataDirOf(metadata)}/${metadataFileName(0)}`;
    await this.io.write(metadataLocation, Buffer.from(serializeTableMetadata(metadata), 'utf8'));
    try {
      const cols = this.hasTypeColumn ? ', iceberg_type' : '';
      const vals = this.hasTypeColumn ? ", 'TABLE'" : '';
      await this.driver.execute(
        `INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location${cols})
         VALUES (?, ?, ?, ?, NULL${vals})`,
        [this.name, ns, identifier.name, metadataLocation]);
    } catch (e) {
      const kind = this.driver.classifyError(e);
      if (kind !== 'connection') await this.io.delete(metadataLocation);
      if (kind === 'unique-violation') throw new IcebergError('TABLE_EXISTS', `table already exists: ${formatIdentifier(identifier)}`, { cause: e });
      throw this.wrap(e, 'create table');
    }
    return { identifier, metadataLocation, metadata, io: this.io };
  }

  private async currentLocation(identifier: TableIdentifier): Promise<string | undefined> {
    const rows = await this.driver.query<{ metadata_location: string | null }>(
      `SELECT metadata_location FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?${this.typeFilter()}`,
      [this.name, nsString(identifier.namespace), identifier.name]);
    const loc = rows[0]?.metadata_location;
    return loc === null || loc === undefined ? undefined : String(loc);
  }

  /** The current metadata location recorded in the catalog row. */
  async metadataLocationOf(identifier: TableIdentifier): Promise<string> {
    const loc = await this.currentLocation(identifier);
    if (loc === undefined) throw new IcebergError('NO_SUCH_TABLE', `table does not exist: ${formatIdentifier(identifier)}`);
    return loc;
  }

  /** Loads a table's current metadata. */
  async loadTable(identifier: TableIdentifier): Promise<Table> {
    const metadataLocation = await this.currentLocation(identifier);
    if (metadataLocation === undefined) throw new IcebergError('NO_SUCH_TABLE', `table does not exist: ${formatIdentifier(identifier)}`);
    const text = (await this.io.read(metadataLocation)).toString('utf8');
    const metadata = parseTableMetadata(text);
    return { identifier, metadataLocation, metadata, io: this.io };
  }

  /** Writes the next metadata file and swaps the pointer with a conditional UPDATE. */
  async commitTable(identifier: TableIdentifier, baseMetadataLocation: string, newMetadata: TableMetadata): Promise<Table> {
    const ns = nsString(identifier.namespace);
    validateTableMetadata(newMetadata);
    const baseVersion = parseMetadataVersion(baseMetadataLocation) ?? newMetadata['metadata-log'].length - 1;
    const metadataLocation = `${metadataDirOf(newMetadata)}/${metadataFileName(baseVersion + 1)}`;
    await this.io.write(metadataLocation, Buffer.from(serializeTableMetadata(newMetadata), 'utf8'));
    let updated: number;
    try {
      updated = await this.driver.execute(
        `UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?
         WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ?${this.typeFilter()}`,
        [metadataLocation, baseMetadataLocation, this.name, ns, identifier.name, baseMetadataLocation]);
    } catch (e) {
      const kind = this.driver.classifyError(e);
      const context = { table: formatIdentifier(identifier), metadataLocation };
      if (kind === 'connection') {
        throw new IcebergError('COMMIT_STATE_UNKNOWN', `commit of ${formatIdentifier(identifier)} may or may not have been applied: ${(e as Error).message}`, { cause: e, context });
      }
      await this.io.delete(metadataLocation);
      if (kind === 'busy') throw new IcebergError('CATALOG_BUSY', `catalog is locked, commit not applied: ${(e as Error).message}`, { cause: e, context, retryable: true });
      throw this.wrap(e, 'commit');
    }
    if (updated === 1) return { identifier, metadataLocation, metadata: newMetadata, io: this.io };
    await this.io.delete(metadataLocation);
    const current = await this.currentLocation(identifier);
    if (current === undefined) throw new IcebergError('NO_SUCH_TABLE', `table does not exist: ${formatIdentifier(identifier)}`);
    throw new CommitConflictError(
      `commit conflict on ${formatIdentifier(identifier)}: base ${baseMetadataLocation} is no longer current (now ${current})`,
      { context: { table: formatIdentifier(identifier), base: baseMetadataLocation, current } });
  }

  /** Closes the driver. */
  async close(): Promise<void> {
    await this.io.close?.();
    await this.driver.close();
  }

  private wrap(e: unknown, op: string): IcebergError {
    if (e instanceof IcebergError) return e;
    const kind = this.driver.classifyError(e);
    return new IcebergError(kind === 'busy' ? 'CATALOG_BUSY' : 'CATALOG_UNAVAILABLE', `${op} failed: ${(e as Error).message}`, {
      cause: e, retryable: kind === 'busy',
    });
  }
}
