/**
 * The catalog interface: namespaces, tables, and the atomic compare-and-swap of a table's metadata
 * pointer. Implementations: `sql/` (SQLite, PostgreSQL; JdbcCatalog / PyIceberg SqlCatalog layout).
 */
import type { FileIO } from '../io/file-io.js';
import type { PartitionSpec } from '../spec/partition-spec.js';
import type { Schema } from '../spec/schema.js';
import type { SortOrder, TableMetadata } from '../spec/table-metadata.js';

/** Namespace levels, e.g. `['logs']` or `['prod', 'logs']`. */
export type Namespace = readonly string[];

/** A table name inside a namespace. */
export interface TableIdentifier {
  readonly namespace: Namespace;
  readonly name: string;
}

/** A loaded table: where its current metadata lives, the metadata, and the FileIO to read its files. */
export interface Table {
  readonly identifier: TableIdentifier;
  readonly metadataLocation: string;
  readonly metadata: TableMetadata;
  readonly io: FileIO;
}

/** Options of {@link Catalog.createTable}. */
export interface CreateTableOptions {
  readonly schema: Schema;
  /** Defaults to unpartitioned. */
  readonly partitionSpec?: PartitionSpec;
  readonly sortOrder?: SortOrder;
  readonly properties?: Readonly<Record<string, string>>;
  /** Table location URI; defaults to `<warehouse>/<ns levels>/<table>`. */
  readonly location?: string;
}

/** A catalog of Iceberg tables. */
export interface Catalog {
  /** The catalog name (SQL catalogs: the `catalog_name` column). */
  readonly name: string;
  /** FileIO used for metadata files of this catalog's tables. */
  readonly io: FileIO;
  /** Creates a namespace. @throws IcebergError NAMESPACE_EXISTS */
  createNamespace(namespace: Namespace, properties?: Readonly<Record<string, string>>): Promise<void>;
  /** Whether a namespace exists. */
  namespaceExists(namespace: Namespace): Promise<boolean>;
  /** All namespaces. */
  listNamespaces(): Promise<Namespace[]>;
  /** Tables in a namespace, sorted by name. @throws IcebergError NO_SUCH_NAMESPACE */
  listTables(namespace: Namespace): Promise<TableIdentifier[]>;
  /**
   * Creates a table: writes metadata version 0, then registers it.
   * @throws IcebergError TABLE_EXISTS, NO_SUCH_NAMESPACE
   */
  createTable(identifier: TableIdentifier, options: CreateTableOptions): Promise<Table>;
  /** The table's current metadata location as the catalog records it (nothing is read). @throws IcebergError NO_SUCH_TABLE */
  metadataLocationOf(identifier: TableIdentifier): Promise<string>;
  /** Loads the current metadata. @throws IcebergError NO_SUCH_TABLE */
  loadTable(identifier: TableIdentifier): Promise<Table>;
  /**
   * Writes `newMetadata` as the next metadata file and swaps the table pointer from
   * `baseMetadataLocation` to it, atomically.
   * @throws CommitConflictError (retryable) when the pointer is no longer `baseMetadataLocation`;
   * IcebergError COMMIT_STATE_UNKNOWN when the outcome cannot be known (never clean up then);
   * NO_SUCH_TABLE.
   */
  commitTable(identifier: TableIdentifier, baseMetadataLocation: string, newMetadata: TableMetadata): Promise<Table>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** `ns1.ns2.table` for messages and logs. */
export function formatIdentifier(id: TableIdentifier): string {
  return [...id.namespace, id.name].join('.');
}
