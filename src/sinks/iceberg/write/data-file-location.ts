/**
 * Where data files go: `<table>/data/<partition path>/<file>`, the partition path written like
 * Java does (`service=api/ts_hour=2024-01-01-10`, values URL-encoded).
 */
import type { Table } from '../catalog/catalog.js';
import { IcebergError } from '../spec/iceberg-error.js';
import { bindPartitionSpec } from '../spec/partition-spec.js';
import type { PartitionTuple } from '../spec/partition-spec.js';
import { currentSchema, defaultSpec } from '../spec/table-metadata.js';
import { partitionToHumanString } from '../spec/transforms.js';

/**
 * Location URI for a new data file of the given partition.
 * @param fileName e.g. `<source-fingerprint>-<offset>.parquet`; must not contain '/'.
 */
export function dataFileLocation(table: Table, partition: PartitionTuple, fileName: string): string {
  if (fileName === '' || fileName.includes('/')) throw new IcebergError('INVALID_ARGUMENT', `invalid data file name: ${fileName}`);
  const m = table.metadata;
  const bound = bindPartitionSpec(defaultSpec(m), currentSchema(m));
  const segs = bound.map((b) => {
    const v = partition[b.field.name];
    if (v === undefined) throw new IcebergError('INVALID_ARGUMENT', `partition lacks ${b.field.name}`);
    return `${b.field.name}=${encodeURIComponent(partitionToHumanString(b.transform, v))}`;
  });
  const dataDir = (m.properties['write.data.path'] ?? `${m.location}/data`).replace(/\/+$/, '');
  return [dataDir, ...segs, fileName].join('/');
}
