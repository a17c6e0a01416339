/**
 * The Iceberg v2 sink core: `spec` (pure model and encodings), `io` (FileIO), `catalog` (SQL
 * catalogs with compare-and-swap commits), `write` (DataFiles from Parquet, fast append with retry,
 * committed properties, live-file listing). Dependency direction: write → catalog → io → spec.
 * `testing/` holds test support only and is not exported.
 */
export * from './spec/index.js';
export * from './io/index.js';
export * from './catalog/index.js';
export * from './write/index.js';
export * from './maintain/index.js';
