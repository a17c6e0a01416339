/**
 * Iceberg v2 spec model: schemas, partition specs and transforms, table metadata (model, builder,
 * JSON), snapshots and summaries, manifests and manifest lists (Avro), bounds (Appendix D).
 * Pure: no file, network or catalog access. May import `schema/` and `core/` only.
 */
export * from './iceberg-error.js';
export * from './schema.js';
export * from './canonical-schema.js';
export * from './transforms.js';
export * from './partition-spec.js';
export * from './bounds.js';
export * from './ids.js';
export * from './table-metadata.js';
export * from './validate-table-metadata.js';
export * from './metadata-json.js';
export * from './table-metadata-builder.js';
export * from './snapshot-summary.js';
export * from './avro-container.js';
export * from './avro-schemas.js';
export * from './manifest.js';
export * from './manifest-list.js';
export * from './schema-evolution.js';
