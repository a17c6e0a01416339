/**
 * Builds Iceberg DataFile descriptors for Parquet files that are already written, by reading the
 * files themselves with DuckDB: the footer (`parquet_schema`, `parquet_metadata`) for field ids,
 * types, column sizes and row-group offsets; SQL aggregates for counts and bounds (DuckDB's footer
 * min/max are unusable when a double column holds NaN). Each file must hold exactly one partition.
 *
 * Metrics written:
 * - record_count, file_size_in_bytes, split_offsets (row-group starts)
 * - column_sizes for every leaf column with a field id (map key/value ids included)
 * - value_counts, null_value_counts for top-level primitive columns; nan_value_counts for doubles
 * - lower/upper bounds (Appendix D) for top-level primitive columns; strings truncated to 16 code
 *   points like Java's default `truncate(16)`, except partition source columns (kept full so the
 *   partition value always equals transform(bound)).
 */
import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { fileUriToPath, pathToFileUri } from '../io/local-file-io.js';
import { encodeBound, truncateLowerBound, truncateUpperBound } from '../spec/bounds.js';
import { IcebergError } from '../spec/iceberg-error.js';
import type { DataFile } from '../spec/manifest.js';
import { bindPartitionSpec } from '../spec/partition-spec.js';
import type { PartitionTuple } from '../spec/partition-spec.js';
import { isPrimitiveType } from '../spec/schema.js';
import type { IcebergType, NestedField, PrimitiveType, Schema } from '../spec/schema.js';
import { currentSchema, defaultSpec } from '../spec/table-metadata.js';
import type { TableMetadata } from '../spec/table-metadata.js';
import { applyTransform } from '../spec/transforms.js';
import type { PartitionValue } from '../spec/transforms.js';

/** Options of {@link parquetDataFiles}. */
export interface ParquetDataFileOptions {
  /** String bounds are truncated to this many code points (partition sources excepted). Default 16. */
  readonly truncateStringBoundsTo?: number;
}

interface SchemaRow {
  name: string;
  type: string | null;
  repetition_type: string | null;
  num_children: bigint | null;
  converted_type: string | null;
  field_id: bigint | null;
  logical_type: string | null;
}

interface ParquetNode {
  name: string;
  path: string;
  row: SchemaRow;
  children: ParquetNode[];
}

function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function ident(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function bad(location: string, msg: string): never {
  throw new IcebergError('INVALID_DATA_FILE', `data file ${location}: ${msg}`, { context: { location } });
}

function buildTree(rows: SchemaRow[]): ParquetNode[] {
  let i = 1;
  const read = (parentPath: string): ParquetNode => {
    const row = rows[i++]!;
    const path = parentPath ? `${parentPath}, ${row.name}` : row.name;
    const node: ParquetNode = { name: row.name, path, row, children: [] };
    const n = Number(row.num_children ?? 0);
    for (let k = 0; k < n; k++) node.children.push(read(path));
    return node;
  };
  const top: ParquetNode[] = [];
  const n = Number(rows[0]?.num_children ?? 0);
  for (let k = 0; k < n; k++) top.push(read(''));
  return top;
}

function primitiveMatches(t: PrimitiveType, row: SchemaRow): boolean {
  const lt = row.logical_type ?? '';
  const ct = row.converted_type ?? '';
  switch (t) {
    case 'boolean':
      return row.type === 'BOOLEAN';
    case 'int':
      return row.type === 'INT32' && (ct === '' || ct === 'INT_32') && !/Decimal|Date/i.test(lt);
    case 'long':
      return row.type === 'INT64' && (ct === '' || ct === 'INT_64') && !/Decimal|Timestamp|Time/i.test(lt);
    case 'float':
      return row.type === 'FLOAT';
    case 'double':
      return row.type === 'DOUBLE';
    case 'date':
      return row.type === 'INT32' && ct === 'DATE';
    case 'timestamptz':
      return row.type === 'INT64' && (/isAdjustedToUTC=(1|true)/i.test(lt) && /MICROS=Micro/i.test(lt) || (lt === '' && ct === 'TIMESTAMP_MICROS'));
    case 'timestamp':
      return row.type === 'INT64' && /isAdjustedToUTC=(0|false)/i.test(lt) && /MICROS=Micro/i.test(lt);
    case 'string':
      return row.type === 'BYTE_ARRAY' && (ct === 'UTF8' || /String/i.test(lt));
    case 'binary':
      return row.type === 'BYTE_ARRAY' && ct === '' && lt === '';
    default:
      return false;
  }
}

/** Leaf field ids of a node tree, checked against the Iceberg type at that position. */
function checkAndCollectLeaves(location: string, node: ParquetNode, field: NestedField, leaves: Map<string, number>): void {
  const t: IcebergType = field.type;
  if (isPrimitiveType(t)) {
    if (node.children.length > 0 || !primitiveMatches(t, node.row)) {
      bad(location, `column ${node.name} (field id ${field.id}) has Parquet type ${node.row.type}/${node.row.converted_type ?? ''}/${node.row.logical_type ?? ''}, which does not match Iceberg ${t}`);
    }
    leaves.set(node.path, field.id);
    return;
  }
  if (t.type === 'map') {
    const kv = node.children[0];
    const key = kv?.children.find((c) => c.name === 'key') ?? kv?.children[0];
    const value = kv?.children.find((c) => c.name === 'value') ?? kv?.children[1];
    if (!(node.row.converted_type === 'MAP' || /Map/i.test(node.row.logical_type ?? '')) || !key || !value) {
      bad(location, `column ${node.name} (field id ${field.id}) is not a Parquet MAP`);
    }
    for (const [n, id, ty] of [[key, t['key-id'], t.key], [value, t['value-id'], t.value]] as const) {
      if (Number(n.row.field_id ?? -1) !== id) bad(location, `map ${node.name}: ${n.name} has field id ${String(n.row.field_id)}, expected ${id}`);
      checkAndCollectLeaves(location, n, { id, name: n.name, required: false, type: ty }, leaves);
    }
    return;
  }
  bad(location, `column ${node.name}: Iceberg type ${t.type} is not supported by the metrics reader`);
}

/**
 * DataFile descriptors (metrics + partition tuple) for local Parquet files, against the table's
 * current schema and default partition spec.
 * @param locations local paths or `file://` URIs.
 * @throws IcebergError INVALID_DATA_FILE when a file lacks field ids, has a type that does not match
 * the schema, or spans more than one partition.
 */
export async function parquetDataFiles(metadata: TableMetadata, locations: readonly string[], options: ParquetDataFileOptions = {}): Promise<DataFile[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api'); // loaded on use (ingest start-up stays light)
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const out: DataFile[] = [];
    for (const loc of locations) out.push(await describeOne(conn, metadata, loc, options));
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function describeOne(conn: DuckDBConnection, metadata: TableMetadata, location: string, options: ParquetDataFileOptions): Promise<DataFile> {
  const schema: Schema = currentSchema(metadata);
  const bound = bindPartitionSpec(defaultSpec(metadata), schema);
  const truncateTo = options.truncateStringBoundsTo ?? 16;
  const path = fileUriToPath(location);
  const uri = pathToFileUri(path);
  const p = lit(path);

  let schemaRows: SchemaRow[];
  try {
    schemaRows = (await conn.runAndReadAll(
      `SELECT name, type, repetition_type, num_children, converted_type, field_id, logical_type FROM parquet_schema(${p})`)).getRowObjectsJS() as unknown as SchemaRow[];
  } catch (cause) {
    throw new IcebergError('INVALID_DATA_FILE', `data file ${location}: cannot read Parquet footer: ${(cause as Error).message}`, { cause });
  }
  const top = buildTree(schemaRows);
  const byId = new Map(schema.fields.map((f) => [f.id, f]));
  const leaves = new Map<string, number>();
  const columns: { node: ParquetNode; field: NestedField }[] = [];
  for (const node of top) {
    if (node.row.field_id === null || node.row.field_id === undefined) bad(location, `column ${node.name} has no Parquet field_id`);
    const field = byId.get(Number(node.row.field_id));
    if (!field) bad(location, `column ${node.name} has field id ${node.row.field_id}, which is not in schema ${schema['schema-id']}`);
    checkAndCollectLeaves(location, node, field, leaves);
    columns.push({ node, field });
  }

  // Footer: row groups, column sizes, split offsets.
  const meta = (await conn.runAndReadAll(
    `SELECT row_group_id, row_group_num_rows, path_in_schema, total_compressed_size, dictionary_page_offset, data_page_offset
       FROM parquet_metadata(${p})`)).getRowObjectsJS() as unknown as {
    row_group_id: bigint; row_group_num_rows: bigint; path_in_schema: string; total_compressed_size: bigint;
    dictionary_page_offset: bigint | null; data_page_offset: bigint | null;
  }[];
  const columnSizes = new Map<number, bigint>();
  const groupStart = new Map<bigint, bigint>();
  const groupRows = new Map<bigint, bigint>();
  for (const r of meta) {
    const id = leaves.get(r.path_in_schema);
    if (id !== undefined) columnSizes.set(id, (columnSizes.get(id) ?? 0n) + BigInt(r.total_compressed_size));
    const start = r.dictionary_page_offset !== null && r.dictionary_page_offset > 0n ? r.dictionary_page_offset : r.data_page_offset;
    if (start !== null) {
      const prev = groupStart.get(r.row_group_id);
      if (prev === undefined || start < prev) groupStart.set(r.row_group_id, BigInt(start));
    }
    groupRows.set(r.row_group_id, BigInt(r.row_group_num_rows));
  }
  const footerRows = [...groupRows.values()].reduce((a, b) => a + b, 0n);

  // Aggregates for counts and bounds.
  const prims = columns.filter((c) => isPrimitiveType(c.field.type));
  const exprs: string[] = ['count(*) AS n'];
  prims.forEach((c, i) => {
    const col = ident(c.node.name);
    const t = c.field.type as PrimitiveType;
    exprs.push(`count(${col}) AS nn${i}`);
    if (t === 'double' || t === 'float') {
      exprs.push(`count(*) FILTER (WHERE isnan(${col})) AS nan${i}`);
      exprs.push(`min(${col}) FILTER (WHERE NOT isnan(${col})) AS lo${i}`, `max(${col}) FILTER (WHERE NOT isnan(${col})) AS hi${i}`);
    } else if (t === 'timestamptz' || t === 'timestamp') {
      exprs.push(`epoch_us(min(${col})) AS lo${i}`, `epoch_us(max(${col})) AS hi${i}`);
    } else {
      exprs.push(`min(${col}) AS lo${i}`, `max(${col}) AS hi${i}`);
    }
  });
  const agg = (await conn.runAndReadAll(`SELECT ${exprs.join(', ')} FROM read_parquet(${p}, hive_partitioning = false)`)).getRowObjectsJS()[0] as Record<string, unknown>;
  const recordCount = BigInt(agg.n as bigint);
  if (recordCount !== footerRows) bad(location, `row count ${recordCount} differs from footer ${footerRows}`);

  const valueCounts = new Map<number, bigint>();
  const nullCounts = new Map<number, bigint>();
  const nanCounts = new Map<number, bigint>();
  const lower = new Map<number, Buffer>();
  const upper = new Map<number, Buffer>();
  const partitionSources = new Set(bound.map((b) => b.field['source-id']));
  const sourceStats = new Map<number, { nonNull: bigint; lo: PartitionValue; hi: PartitionValue }>();
  prims.forEach((c, i) => {
    const id = c.field.id;
    const t = c.field.type as PrimitiveType;
    const nonNull = BigInt(agg[`nn${i}`] as bigint);
    valueCounts.set(id, recordCount);
    nullCounts.set(id, recordCount - nonNull);
    if (t === 'double' || t === 'float') nanCounts.set(id, BigInt(agg[`nan${i}`] as bigint));
    let lo = agg[`lo${i}`] as PartitionValue | undefined;
    let hi = agg[`hi${i}`] as PartitionValue | undefined;
    if (lo === undefined) lo = null;
    if (hi === undefined) hi = null;
    if (t === 'long' || t === 'timestamptz' || t === 'timestamp') {
      lo = lo === null ? null : BigInt(lo as bigint | number);
      hi = hi === null ? null : BigInt(hi as bigint | number);
    }
    if (typeof lo === 'number' && lo === 0 && (t === 'double' || t === 'float')) lo = -0;
    if (typeof hi === 'number' && hi === 0 && (t === 'double' || t === 'float')) hi = 0;
    sourceStats.set(id, { nonNull, lo, hi });
    if (lo !== null && hi !== null) {
      if (t === 'string' && !partitionSources.has(id)) {
        lower.set(id, encodeBound(t, truncateLowerBound(String(lo), truncateTo)));
        const up = truncateUpperBound(String(hi), truncateTo);
        if (up !== undefined) upper.set(id, encodeBound(t, up));
      } else {
        lower.set(id, encodeBound(t, lo as number | bigint | string | boolean));
        upper.set(id, encodeBound(t, hi as number | bigint | string | boolean));
      }
    }
  });

  // Partition tuple: every row must map to the same partition.
  const partition: Record<string, PartitionValue> = {};
  for (const b of bound) {
    const st = sourceStats.get(b.field['source-id']);
    if (!st) bad(location, `partition source column ${b.sourceName} is missing from the file`);
    if (st.nonNull === 0n) {
      partition[b.field.name] = null;
      continue;
    }
    if (st.nonNull !== recordCount) bad(location, `partition ${b.field.name}: column ${b.sourceName} mixes null and non-null values (two partitions in one file)`);
    const plo = applyTransform(b.transform, b.sourceType, st.lo);
    const phi = applyTransform(b.transform, b.sourceType, st.hi);
    if (plo !== phi) bad(location, `spans more than one partition: ${b.field.name} from ${String(plo)} to ${String(phi)}`);
    partition[b.field.name] = plo;
  }

  const { size } = await stat(path);
  const splitOffsets = [...groupStart.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    content: 0,
    filePath: uri,
    fileFormat: 'PARQUET',
    partition: partition as PartitionTuple,
    recordCount,
    fileSizeInBytes: BigInt(size),
    columnSizes,
    valueCounts,
    nullValueCounts: nullCounts,
    nanValueCounts: nanCounts,
    lowerBounds: lower,
    upperBounds: upper,
    splitOffsets,
  };
}
