/**
 * Table maintenance for the Iceberg sink: schema evolution (add nullable columns), compaction of
 * small files (`replace` snapshots), snapshot expiry and orphan file removal. Every metadata change
 * goes through the catalog's compare-and-swap commit with reload-and-retry.
 * May import `iceberg/write`, `iceberg/catalog`, `iceberg/io`, `iceberg/spec`, `schema/`.
 * `testing/` holds test support only and is not exported.
 */
export { commitWithRetry } from './commit-with-retry.js';
export type { CommitAttempt, CommitOutcome, MaintenanceCommitOptions } from './commit-with-retry.js';
export { evolveSchema } from './evolve-schema.js';
export type { EvolveSchemaResult } from './evolve-schema.js';
export { compactTable, loglakeSummaryKeys, PARQUET_CODEC_PROPERTY, TARGET_FILE_SIZE_PROPERTY } from './compact-table.js';
export type { CompactionGroup, CompactTableOptions, CompactTableResult } from './compact-table.js';
export { expireSnapshots, metadataWithoutSnapshots, snapshotsToExpire } from './expire-snapshots.js';
export type { ExpiredFiles, ExpireSnapshotsOptions, ExpireSnapshotsResult } from './expire-snapshots.js';
export { removeOrphanFiles } from './remove-orphan-files.js';
export type { RemoveOrphanFilesOptions, RemoveOrphanFilesResult } from './remove-orphan-files.js';
export { duckdbFieldIds, duckdbTypeOf } from './duckdb-types.js';
export { locationKey, readSnapshotManifests, resolveEntry } from './snapshot-files.js';
export type { ResolvedEntry, ResolvedManifest } from './snapshot-files.js';
export { relocateTable, locationMapper } from './relocate-table.js';
export type { RelocateResult } from './relocate-table.js';
