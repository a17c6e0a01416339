/**
 * Writing to and reading from Iceberg tables: DataFile descriptors from Parquet files, fast append
 * with retry on conflict, committed snapshot properties, live-file listing with partition pruning.
 * May import `iceberg/catalog`, `iceberg/io`, `iceberg/spec`.
 */
export { appendFiles } from './append-files.js';
export type { AppendFilesOptions, AppendResult, SnapshotProperties } from './append-files.js';
export { parquetDataFiles } from './parquet-data-file.js';
export type { ParquetDataFileOptions } from './parquet-data-file.js';
export { readCommittedProperty } from './read-committed-property.js';
export type { ReadCommittedPropertyOptions } from './read-committed-property.js';
export { listLiveDataFiles } from './list-live-data-files.js';
export type { ListLiveDataFilesOptions, LiveDataFile } from './list-live-data-files.js';
export { dataFileLocation } from './data-file-location.js';
