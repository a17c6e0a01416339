/**
 * Iceberg catalogs: the Catalog interface, the SQL implementation (SQLite, PostgreSQL) and the REST
 * client (`rest/`).
 * May import `iceberg/io` and `iceberg/spec`.
 */
export type { Catalog, CreateTableOptions, Namespace, Table, TableIdentifier } from './catalog.js';
export { formatIdentifier } from './catalog.js';
export type { SqlDriver, SqlErrorKind } from './sql/sql-driver.js';
export { SqliteDriver } from './sql/sqlite-driver.js';
export type { SqliteDriverOptions } from './sql/sqlite-driver.js';
export { PostgresDriver } from './sql/postgres-driver.js';
export type { PostgresDriverOptions } from './sql/postgres-driver.js';
export { SqlCatalog, DEFAULT_CATALOG_NAME } from './sql/sql-catalog.js';
export type { SqlCatalogOptions } from './sql/sql-catalog.js';
export { openSqliteCatalog, openPostgresCatalog } from './sql/open-sql-catalog.js';
export type { SqliteCatalogOptions, PostgresCatalogOptions } from './sql/open-sql-catalog.js';
export { RestCatalog } from './rest/rest-catalog.js';
export type { RestCatalogOptions } from './rest/rest-catalog.js';
export type { RestAuthConfig } from './rest/rest-auth.js';
export { fieldIdsByPath, differingFieldPaths } from './rest/field-paths.js';
