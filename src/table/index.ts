/**
 * The lake's tables as both ingest and analytics see them: the commit targets (hive Parquet
 * dataset with its commit log, Iceberg table through a catalog), the catalog bootstrap, the
 * committed-offsets document and the processing-metadata table.
 *
 * Sits below `pipeline/` and `analytics/` (both may import it); imports only `state/`, `sinks/`,
 * `schema/` and `core/`.
 */
export { ParquetTarget, IcebergTarget, openCatalog, readOffsets, offsetsDocuments, ensureTable, OFFSETS_PROPERTY, type CommitTarget, type CommitInfo, type OffsetsDoc, type IcebergTargetOptions } from './commit-target.js';
export { PROCESSING_TABLE, PROCESSING_COLUMNS, writeProcessingForParquet, SparkAppTracker, type SparkAppStatus } from './processing-metadata.js';
export { appendProcessingForIceberg } from './processing-iceberg.js';
