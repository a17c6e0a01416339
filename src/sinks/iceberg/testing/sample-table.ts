/**
 * Test support: builds a small canonical log table with two appends, covering a NaN double, a
 * null service partition, a pre-epoch hour (-1), long strings (truncated bounds) and map columns.
 * Shared by the end-to-end, verifier and catalog tests. Not used by production code.
 */
import { V1_0_COLUMNS } from '../../../schema/canonical.js';
import { join } from 'node:path';
import type { Catalog, Table, TableIdentifier } from '../catalog/catalog.js';
import { fileUriToPath } from '../io/local-file-io.js';
import { canonicalIcebergSchema } from '../spec/canonical-schema.js';
import { loglakePartitionSpec } from '../spec/partition-spec.js';
import type { PartitionTuple } from '../spec/partition-spec.js';
import { appendFiles } from '../write/append-files.js';
import type { AppendResult } from '../write/append-files.js';
import { dataFileLocation } from '../write/data-file-location.js';
import { parquetDataFiles } from '../write/parquet-data-file.js';
import { writeCanonicalParquet } from './write-canonical-parquet.js';
import type { CanonicalRow } from './write-canonical-parquet.js';

/** µs since epoch of an ISO timestamp. */
export const micros = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;

/** Hour number of 2024-01-01T10:00Z. */
export const HOUR_10 = 473_362;

const LONG = 'connection reset by peer while reading response headers from upstream';

/** The files of the two appends: partition → rows. */
export const SAMPLE_APPENDS: readonly { readonly partition: PartitionTuple; readonly rows: readonly CanonicalRow[] }[][] = [
  [
    {
      partition: { service: 'api', ts_hour: HOUR_10 },
      rows: [
        { ts: micros('2024-01-01T10:05:00Z'), service: 'api', severity: 'INFO', severity_number: 9, message: 'GET /health 200', pg_duration_ms: 1.5, source_offset: 0n, labels: { app: 'api', tier: 'web' } },
        { ts: micros('2024-01-01T10:20:00Z'), service: 'api', severity: 'ERROR', severity_number: 17, message: LONG, pg_duration_ms: Number.NaN, source_offset: 120n, attributes: { user: 'u1' } },
        { ts: micros('2024-01-01T10:59:59.999999Z'), service: 'api', severity: null, message: 'zzz last', pg_duration_ms: -0, source_offset: 250n },
      ],
    },
    {
      partition: { service: 'worker', ts_hour: -1 },
      rows: [
        { ts: micros('1969-12-31T23:30:00Z'), service: 'worker', severity: 'WARN', severity_number: 13, message: 'pre-epoch', source_offset: 7n, spark_task_id: (1n << 62n) + 7n },
        { ts: micros('1969-12-31T23:45:00Z'), service: 'worker', severity: 'WARN', severity_number: 13, message: 'pre-epoch 2', source_offset: 8n },
      ],
    },
  ],
  [
    {
      partition: { service: 'api', ts_hour: HOUR_10 + 1 },
      rows: [
        { ts: micros('2024-01-01T11:00:00Z'), service: 'api', severity: 'INFO', severity_number: 9, message: 'GET / 200', pg_duration_ms: 3, source_offset: 300n },
        { ts: micros('2024-01-01T11:30:00Z'), service: 'api', severity: 'INFO', severity_number: 9, message: 'GET / 304', pg_duration_ms: 0, source_offset: 400n },
      ],
    },
    {
      partition: { service: null, ts_hour: HOUR_10 },
      rows: [
        { ts: micros('2024-01-01T10:10:00Z'), service: null, message: 'no service', source_offset: 500n },
      ],
    },
  ],
];

/** Offsets committed with each append. */
export const SAMPLE_OFFSETS = ['{"file-a":375}', '{"file-a":520}'] as const;

/** What {@link buildSampleTable} returns. */
export interface SampleTable {
  readonly identifier: TableIdentifier;
  readonly table: Table;
  readonly appends: readonly AppendResult[];
  /** Data file paths per append. */
  readonly paths: readonly (readonly string[])[];
}

/**
 * Creates namespace `logs` (if absent) and table `logs.<name>` in `catalog`, then commits the two
 * sample appends with `loglake.offsets` properties.
 */
export async function buildSampleTable(catalog: Catalog, name = 'events'): Promise<SampleTable> {
  const identifier: TableIdentifier = { namespace: ['logs'], name };
  if (!(await catalog.namespaceExists(['logs']))) await catalog.createNamespace(['logs']);
  const schema = canonicalIcebergSchema(0, V1_0_COLUMNS);
  let table = await catalog.createTable(identifier, { schema, partitionSpec: loglakePartitionSpec(schema) });
  const appends: AppendResult[] = [];
  const paths: string[][] = [];
  for (const [i, files] of SAMPLE_APPENDS.entries()) {
    const locs: string[] = [];
    for (const [j, f] of files.entries()) {
      const loc = dataFileLocation(table, f.partition, `append${i}-file${j}.parquet`);
      await writeCanonicalParquet(fileUriToPath(loc), f.rows);
      locs.push(loc);
    }
    const dataFiles = await parquetDataFiles(table.metadata, locs);
    const r = await appendFiles(catalog, identifier, dataFiles, { 'loglake.offsets': SAMPLE_OFFSETS[i]!, 'loglake.run': `run-${i}` });
    appends.push(r);
    paths.push(locs);
    table = r.table;
  }
  return { identifier, table, appends, paths };
}

/** A fresh path under the OS temp dir. */
export function tempPath(prefix: string): string {
  return join(process.env.TMPDIR ?? '/tmp', `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
}
