import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm/node';
import { RowBatch, shareMap } from '../row-batch.js';
import { cutSegments, cutBuffers, toArrow, fromArrow, type Segment, type StrBuf, type NumBuf, type MapBuf, type StrView, type MapView } from '../segment.js';
import { encodeParquet } from '../encode-parquet.js';
import { COLUMNS, COL, MAP_FIELD_IDS, SCHEMA_VERSION, type ColumnName } from '../../../schema/canonical.js';
import { encodeSegmentsParquet, CREATED_BY } from './index.js';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0) * 1000;
const dir = mkdtempSync(join(tmpdir(), 'loglake-pqw-'));
let fileNo = 0;

function save(bytes: Uint8Array): string {
  const f = join(dir, `f${fileNo++}.parquet`);
  writeFileSync(f, bytes);
  return f;
}

async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run("SET TimeZone='UTC'");
  const r = await con.runAndReadAll(sql);
  const rows = r.getRowObjectsJS() as Record<string, unknown>[];
  con.closeSync();
  db.closeSync();
  return rows;
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOW = ['INFO', 'WARN', 'ERROR', '', 'ünïcødé', 'stdout'];
const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789 _-:/.ÄéЖ中🚀\n\t"\\';
const INT_EDGES = [0, -1, 1, 2147483647, -2147483648, 42];
const LONG_EDGES = [0, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 40 + 7, -(2 ** 32), 2 ** 32, 4294967295];
const DBL_EDGES = [0, -1.5, 1e300, -1e-300, 12.5, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MAX_VALUE];
const TS_EDGES = [T0, -1, -1_000_000_000_000, 0, 1, T0 + 999_999];

function randStr(r: () => number, maxLen: number): string {
  const n = Math.floor(r() * maxLen);
  let s = '';
  for (let i = 0; i < n; i++) s += [...CHARS][Math.floor(r() * [...CHARS].length)];
  return s;
}

/**
 * Random rows over every column: each value present with probability `p` (column-dependent),
 * low-cardinality strings for some columns, free text for others, maps null / empty / 1 / many.
 */
function randomBatch(n: number, seed: number, opts: { allNull?: ColumnName[] } = {}): RowBatch {
  const r = rng(seed);
  const b = new RowBatch(16);
  const skip = new Set(opts.allNull ?? []);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  for (let i = 0; i < n; i++) {
    b.clearRow();
    b.str('service', pick(['orders', 'kafka', 'pg']));
    b.ts('ts', r() < 0.1 ? pick(TS_EDGES) : T0 + Math.floor(r() * 7_200_000_000));
    for (const c of COLUMNS) {
      const name = c.name as ColumnName;
      if (name === 'service' || name === 'ts' || skip.has(name)) continue;
      if (r() < 0.4) continue;
      switch (c.type) {
        case 'string':
          if (name === 'message' || name === 'stack_trace' || name === 'trace_id') b.str(name as never, r() < 0.05 ? pick(LOW) : randStr(r, name === 'message' ? 200 : 90));
          else b.str(name as never, pick(LOW) + (name === 'pod' ? String(Math.floor(r() * 3)) : ''));
          break;
        case 'int': b.int(name as never, r() < 0.3 ? pick(INT_EDGES) : Math.floor(r() * 2000) - 1000); break;
        case 'long': b.long(name as never, r() < 0.3 ? pick(LONG_EDGES) : Math.floor(r() * 1e12) - 5e11); break;
        case 'double': b.double(name as never, r() < 0.3 ? pick(DBL_EDGES) : (r() - 0.5) * 1e6); break;
        case 'timestamptz': b.ts(name as never, r() < 0.3 ? pick(TS_EDGES) : T0 + Math.floor(r() * 1e9)); break;
        case 'map': {
          const k = Math.floor(r() * 5);
          if (k === 0) b.setMap(name as never, {});
          else for (let j = 0; j < k; j++) b.map(name as never, pick(['app', 'k', 'ünï', '', 'version', 'x' + j]) + j, r() < 0.2 ? '' : randStr(r, 12));
          break;
        }
      }
    }
    b.endRow(100);
  }
  return b;
}

type Val = string | number | bigint | null | [string, string | null][];
const dec = new TextDecoder();
const bit = (v: Uint8Array, i: number): boolean => ((v[i >> 3]! >> (i & 7)) & 1) === 1;
const str = (b: StrBuf, i: number): string | null => (bit(b.valid, i) ? dec.decode(b.data.subarray(b.offsets[i]!, b.offsets[i + 1]!)) : null);

/** The expected rows, decoded from the segments themselves (ints as numbers, longs/ts as bigint). */
function expectedRows(segs: Segment[]): Val[][] {
  const rows: Val[][] = [];
  for (const s of segs.map(toArrow)) {
    for (let i = 0; i < s.rows; i++) {
      rows.push(COLUMNS.map((c, ci): Val => {
        const b = s.cols[ci]!;
        if (b.kind === 's') return str(b, i);
        if (b.kind === 'n') {
          if (!bit(b.valid, i)) return null;
          return c.type === 'long' || c.type === 'timestamptz' ? BigInt(b.values[i]!) : b.values[i]!;
        }
        if (!bit(b.valid, i)) return null;
        const out: [string, string | null][] = [];
        for (let e = b.offsets[i]!; e < b.offsets[i + 1]!; e++) out.push([str(b.keys, e)!, str(b.values, e)]);
        return out;
      }));
    }
  }
  return rows;
}

const SELECT_LIST = COLUMNS.map((c) =>
  c.type === 'timestamptz' ? `epoch_us(${c.name}) AS ${c.name}` : c.type === 'map' ? `map_entries(${c.name}) AS ${c.name}` : c.name,
).join(', ');

async function duckRows(file: string): Promise<Val[][]> {
  const rows = await duck(`SELECT ${SELECT_LIST} FROM read_parquet('${file}', file_row_number = true) ORDER BY file_row_number`);
  return rows.map((o) => COLUMNS.map((c): Val => {
    const v = o[c.name];
    if (v === null || v === undefined) return null;
    if (c.type === 'map') return (v as { key: string; value: string | null }[]).map((e) => [e.key, e.value]);
    if (c.type === 'int') return Number(v);
    return v as Val;
  }));
}

function wasmRows(bytes: Uint8Array): { rows: Val[][]; table: arrow.Table } {
  const table = arrow.tableFromIPC(pw.readParquet(bytes).intoIPCStream());
  const cols = COLUMNS.map((c): Val[] => {
    const vec = table.getChild(c.name)!;
    const out: Val[] = [];
    if (c.type === 'long' || c.type === 'timestamptz') {
      for (const d of vec.data) {
        const vals = d.values as BigInt64Array;
        for (let i = 0; i < d.length; i++) out.push(d.getValid(i) ? vals[i]! : null);
      }
      return out;
    }
    for (let i = 0; i < vec.length; i++) {
      const v = vec.get(i);
      if (v === null || v === undefined) out.push(null);
      else if (c.type === 'map') out.push([...(v as Iterable<[string, string | null]>)].map(([k, x]) => [k, x ?? null]));
      else out.push(v as Val);
    }
    return out;
  });
  const rows: Val[][] = [];
  for (let i = 0; i < table.numRows; i++) rows.push(cols.map((c) => c[i]!));
  return { rows, table };
}

/** Like assert.deepEqual on rows, but reports the first differing cell by column name. */
function assertRows(actual: Val[][], expected: Val[][], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: row count`);
  for (let i = 0; i < expected.length; i++) {
    for (let c = 0; c < COLUMNS.length; c++) {
      const a = actual[i]![c];
      const e = expected[i]![c];
      if (typeof e === 'number' && Number.isNaN(e)) assert.ok(typeof a === 'number' && Number.isNaN(a), `${what}: row ${i} ${COLUMNS[c]!.name} NaN`);
      else assert.deepEqual(a, e, `${what}: row ${i} column ${COLUMNS[c]!.name}`);
    }
  }
}

test('round trip through DuckDB and parquet-wasm: every type, nulls, edges, maps, several row groups', async () => {
  const asegs = cutSegments(randomBatch(3000, 7, { allNull: ['spark_app_name', 'attributes'] }), 700).map(toArrow);
  assert.ok(asegs.length > 3, 'several segments in one file');
  // a valid NaN double (RowBatch uses NaN for null, so set it on the segment directly)
  const pg = asegs[0]!.cols[COL.pg_duration_ms] as NumBuf;
  pg.values[1] = NaN;
  if (!bit(pg.valid, 1)) { pg.valid[0]! |= 2; pg.nulls--; }
  const segs = asegs.map(fromArrow);
  const expected = expectedRows(segs);
  const bytes = encodeSegmentsParquet(segs, { rowGroupRows: 500 });
  const file = save(bytes);
  assertRows(await duckRows(file), expected, 'duckdb');
  const { rows, table } = wasmRows(bytes);
  assertRows(rows, expected, 'parquet-wasm');
  // the Arrow schema read back matches what the Arrow-based encoder produces
  const ref = arrow.tableFromIPC(pw.readParquet(encodeParquet(segs)).intoIPCStream());
  assert.equal(table.schema.fields.map(String).join('\n'), ref.schema.fields.map(String).join('\n'));
  for (const [i, f] of table.schema.fields.entries()) assert.deepEqual([...f.metadata], [...ref.schema.fields[i]!.metadata], f.name);
  assert.equal(table.schema.metadata.get('loglake.schema_version'), SCHEMA_VERSION);
  const fm = await duck(`SELECT num_rows, num_row_groups, created_by FROM parquet_file_metadata('${file}')`);
  assert.deepEqual(fm[0], { num_rows: 3000n, num_row_groups: 6n, created_by: CREATED_BY });
  const isnan = await duck(`SELECT count(*) AS n FROM '${file}' WHERE isnan(pg_duration_ms)`);
  assert.equal(isnan[0]!.n, 1n);
});

test('same logical content, schema and field ids as encodeParquet (DuckDB EXCEPT both ways)', async () => {
  const segs = cutSegments(randomBatch(5000, 11), 2000);
  const a = save(encodeSegmentsParquet(segs, { rowGroupRows: 1500 }));
  const b = save(encodeParquet(segs));
  for (const [x, y] of [[a, b], [b, a]]) {
    const d = await duck(`SELECT count(*) AS n FROM (SELECT * FROM '${x}' EXCEPT ALL SELECT * FROM '${y}')`);
    assert.equal(d[0]!.n, 0n, `${x} EXCEPT ALL ${y}`);
  }
  const n = await duck(`SELECT (SELECT count(*) FROM '${a}') AS a, (SELECT count(*) FROM '${b}') AS b`);
  assert.deepEqual(n[0], { a: 5000n, b: 5000n });
  const schema = async (f: string): Promise<unknown[]> =>
    (await duck(`SELECT name, type, repetition_type, field_id, duckdb_type, num_children FROM parquet_schema('${f}') WHERE column_id > 0`))
      .map((r) => ({ ...r, name: r.name === 'entries' ? 'key_value' : r.name }));
  assert.deepEqual(await schema(a), await schema(b));
  const describe = async (f: string): Promise<unknown[]> => duck(`DESCRIBE SELECT * FROM '${f}'`);
  assert.deepEqual(await describe(a), await describe(b));
  const ids = await duck(`SELECT name, field_id FROM parquet_schema('${a}') WHERE field_id IS NOT NULL`);
  const top = new Map(ids.map((r) => [r.name as string, Number(r.field_id)]));
  for (const c of COLUMNS) assert.equal(top.get(c.name), c.id, `field id of ${c.name}`);
  const nested = ids.filter((r) => r.name === 'key' || r.name === 'value').map((r) => Number(r.field_id));
  assert.deepEqual(nested, Object.values(MAP_FIELD_IDS).flat());
});

test('metadata: zstd, dictionary vs plain per column, statistics, all-null columns nearly free', async () => {
  const b = new RowBatch(16);
  const r = rng(3);
  for (let i = 0; i < 4000; i++) {
    b.clearRow();
    b.str('service', 'orders');
    b.ts('ts', T0 - 5_000_000 + i * 1000);
    b.str('severity', ['INFO', 'WARN', 'ERROR'][i % 3]!);
    b.str('message', `request ${i} handled in ${Math.floor(r() * 1000)} ms ` + 'x'.repeat(i % 50));
    if (i % 2) b.int('kafka_partition', (i % 7) - 3);
    b.long('source_offset', i * 1000 - 2_000_000);
    b.double('pg_duration_ms', i === 5 ? -0.25 : i / 4);
    b.str('host', i === 10 ? 'z'.repeat(100) : i === 11 ? 'a' + 'é'.repeat(60) : 'h' + (i % 4));
    if (i % 3 === 0) b.str('environment', 'prod'); // one value with nulls between
    b.str('image', i === 3000 ? 'img:2' : 'img:1'); // one value but for a single row
    b.str('pod', '');
    b.endRow(50);
  }
  const segs = cutSegments(b);
  const bytes = encodeSegmentsParquet(segs);
  const file = save(bytes);
  assertRows(await duckRows(file), expectedRows(segs), 'duckdb');
  assertRows(wasmRows(bytes).rows, expectedRows(segs), 'parquet-wasm');
  const meta = await duck(`SELECT path_in_schema AS p, compression, encodings, num_values, stats_null_count AS nulls, stats_min_value AS min, stats_max_value AS max, min_is_exact, max_is_exact, total_compressed_size AS size, dictionary_page_offset FROM parquet_metadata('${file}')`);
  const col = new Map(meta.map((m) => [m.p as string, m]));
  assert.deepEqual([...new Set(meta.map((m) => m.compression))], ['ZSTD']);
  assert.equal(meta.length, COLUMNS.length + 2); // flat columns, with each of the 2 maps as key + value leaves
  assert.match(col.get('severity')!.encodings as string, /RLE_DICTIONARY/);
  assert.ok(col.get('severity')!.dictionary_page_offset !== null);
  assert.doesNotMatch(col.get('message')!.encodings as string, /DICTIONARY/);
  for (const c of ['environment', 'image', 'pod']) assert.match(col.get(c)!.encodings as string, /RLE_DICTIONARY/, c);
  assert.equal(col.get('environment')!.nulls, 2666n);
  assert.equal(col.get('image')!.max, 'img:2');
  assert.equal(col.get('severity')!.min, 'ERROR');
  assert.equal(col.get('severity')!.max, 'WARN');
  assert.equal(col.get('kafka_partition')!.nulls, 2000n);
  assert.equal(col.get('kafka_partition')!.min, '-3');
  assert.equal(col.get('kafka_partition')!.max, '3');
  assert.equal(col.get('source_offset')!.min, '-2000000');
  assert.equal(col.get('source_offset')!.max, String(3999 * 1000 - 2_000_000));
  assert.equal(col.get('pg_duration_ms')!.min, '-0.25');
  assert.equal(col.get('ts')!.min, '2026-03-02 07:59:55+00');
  // long strings: truncated min, upper-bounding max, flagged inexact
  const host = col.get('host')!;
  assert.equal(host.min, 'a' + 'é'.repeat(31));
  assert.equal(host.min_is_exact, false);
  assert.equal(host.max, 'z'.repeat(63) + '{');
  assert.equal(host.max_is_exact, false);
  const hits = await duck(`SELECT count(*) FILTER (WHERE host = '${'z'.repeat(100)}') AS z, count(*) FILTER (WHERE host = 'a${'é'.repeat(60)}') AS a FROM '${file}'`);
  assert.deepEqual(hits[0], { z: 1n, a: 1n });
  // all-null columns: one page, a single def-level run
  for (const name of ['cluster_id', 'spark_task_id', 'labels, key_value, key', 'attributes, key_value, value']) {
    const m = col.get(name)!;
    assert.equal(m.nulls, 4000n, name);
    assert.equal(m.num_values, 4000n, name);
    assert.ok(Number(m.size) < 64, `${name}: ${m.size} bytes`);
  }
  const kv = await duck(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${file}')`);
  assert.deepEqual(kv, [{ k: 'loglake.schema_version', v: SCHEMA_VERSION }]);
  // filters that use the statistics still find the rows
  const q = await duck(`SELECT count(*) FILTER (WHERE severity = 'WARN') AS w, count(*) FILTER (WHERE source_offset = -2000000) AS s, count(*) FILTER (WHERE pg_duration_ms < 0) AS neg FROM '${file}'`);
  assert.deepEqual(q[0], { w: 1333n, s: 1n, neg: 1n });
});

test('maps with dictionary-encoded keys and values across row groups, a null map value; empty input', async () => {
  const b = new RowBatch(16);
  const shared = shareMap({ app: 'orders', tier: 'silver' });
  for (let i = 0; i < 3000; i++) {
    b.clearRow();
    b.str('service', 's');
    b.ts('ts', T0 + i);
    if (i % 5 === 0) b.setMap('labels', {});
    else if (i % 5 !== 1) for (let k = 0; k < (i % 5); k++) b.map('labels', 'key' + k, k === 0 ? '' : 'v' + i);
    // the same map on most rows (as a source's labels), the same shape with another value on some
    if (i % 7 === 0) {
      b.map('attributes', 'app', 'orders');
      b.map('attributes', 'tier', 'gold');
    } else if (i % 11 !== 0) b.setMap('attributes', shared);
    b.endRow(10);
  }
  const asegs = cutSegments(b).map(toArrow);
  // a null map value (the canonical rows never have one, but the schema allows it)
  const attrs = asegs[0]!.cols[COL.attributes] as MapBuf;
  attrs.values.valid[0]! &= ~2;
  attrs.values.nulls++;
  const segs = asegs.map(fromArrow);
  const bytes = encodeSegmentsParquet(segs, { rowGroupRows: 1024, compressionLevel: 3 });
  const file = save(bytes);
  assertRows(await duckRows(file), expectedRows(segs), 'duckdb');
  assertRows(wasmRows(bytes).rows, expectedRows(segs), 'parquet-wasm');
  const meta = await duck(`SELECT DISTINCT path_in_schema AS p, encodings FROM parquet_metadata('${file}') WHERE path_in_schema LIKE 'labels%' ORDER BY 1`);
  assert.match(meta.find((m) => m.p === 'labels, key_value, key')!.encodings as string, /RLE_DICTIONARY/);
  assert.doesNotMatch(meta.find((m) => m.p === 'labels, key_value, value')!.encodings as string, /DICTIONARY/);
  const am = await duck(`SELECT path_in_schema AS p, encodings, stats_null_count AS nulls, stats_min_value AS min, stats_max_value AS max FROM parquet_metadata('${file}') WHERE path_in_schema LIKE 'attributes%' AND row_group_id = 0 ORDER BY 1`);
  assert.deepEqual(am.map((m) => [m.p, m.encodings, m.min, m.max]), [
    ['attributes, key_value, key', 'PLAIN, RLE, RLE_DICTIONARY', 'app', 'tier'],
    ['attributes, key_value, value', 'PLAIN, RLE, RLE_DICTIONARY', 'gold', 'silver'],
  ]);
  const nullValues = await duck(`SELECT count(*) AS n FROM (SELECT unnest(map_values(attributes)) AS v FROM '${file}') WHERE v IS NULL`);
  assert.equal(nullValues[0]!.n, 1n);
  const empty = save(encodeSegmentsParquet([]));
  assert.deepEqual(await duck(`SELECT count(*) AS n FROM '${empty}'`), [{ n: 0n }]);
  assert.equal(wasmRows(encodeSegmentsParquet([])).table.numRows, 0);
});

test('many small pages per column chunk (plain, dictionary, numbers, maps) read back exactly', async () => {
  const segs = cutSegments(randomBatch(2500, 23), 900);
  const expected = expectedRows(segs);
  const bytes = encodeSegmentsParquet(segs, { rowGroupRows: 1000, pageBytes: 300 });
  const file = save(bytes);
  assertRows(await duckRows(file), expected, 'duckdb');
  assertRows(wasmRows(bytes).rows, expected, 'parquet-wasm');
  const pages = await duck(`SELECT max(total_uncompressed_size) AS biggest FROM parquet_metadata('${file}') WHERE path_in_schema = 'message'`);
  assert.ok(Number(pages[0]!.biggest) > 300 * 10, 'message chunks span many pages');
});

test('runs of rows sharing their bytes (a constant column, long runs, nulls, same length other bytes) read back exactly', async () => {
  const b = new RowBatch(16);
  // stream: long runs of one value (rows share the bytes), nulls inside runs, two values of the
  // same length taking turns; host: one value in every row; pod: runs of every length around 16
  const streams: (string | undefined)[] = [];
  for (let i = 0; i < 40; i++) streams.push('stdout');
  streams.push(undefined, undefined);
  for (let i = 0; i < 25; i++) streams.push('stdout');
  for (let i = 0; i < 30; i++) streams.push('stderr');
  for (let i = 0; i < 20; i++) streams.push(i % 2 === 0 ? 'stdout' : 'stderr');
  for (let i = 0; i < 17; i++) streams.push('stdouu');
  const pods: string[] = [];
  for (let len = 1; len <= 40; len++) for (let i = 0; i < len && pods.length < streams.length; i++) pods.push(`pod-${len % 3}`);
  for (let i = 0; i < streams.length; i++) {
    b.clearRow();
    b.str('service', 'orders');
    b.ts('ts', T0 + i);
    b.str('host', 'node-1');
    b.str('pod', pods[i]!);
    if (streams[i] !== undefined) b.str('stream', streams[i]!);
    b.str('message', `line ${i}`);
    b.endRow(10);
  }
  const segs = cutSegments(b);
  const file = save(encodeSegmentsParquet(segs, { rowGroupRows: 100 }));
  const got = await duck(`SELECT host, pod, stream FROM read_parquet('${file}', file_row_number = true) ORDER BY file_row_number`);
  assert.deepEqual(got, streams.map((s, i) => ({ host: 'node-1', pod: pods[i]!, stream: s ?? null })));
  const enc = await duck(`SELECT path_in_schema AS p, list_sort(list_distinct(list(encodings))) AS e FROM parquet_metadata('${file}') WHERE path_in_schema IN ('host', 'stream') GROUP BY 1 ORDER BY 1`);
  for (const r of enc) assert.match(String(r.e), /RLE_DICTIONARY/, `${String(r.p)} is dictionary-encoded`);
});

test('views and their Arrow copy encode to the same bytes; the segments of a window share one copy of its columns', () => {
  const b = randomBatch(4000, 31);
  const segs = cutSegments(b, 900);
  assert.ok(segs.length > 3);
  for (const s of segs) assert.equal(s.cols, segs[0]!.cols, 'one set of column views per cut');
  const bufs = cutBuffers(segs);
  assert.equal(new Set(bufs).size, bufs.length, 'each buffer once in a transfer list');
  const a = encodeSegmentsParquet(segs, { rowGroupRows: 700 });
  const c = encodeSegmentsParquet(segs.map(toArrow).map(fromArrow), { rowGroupRows: 700 });
  assert.deepEqual(Buffer.from(a), Buffer.from(c));
  // shared map objects share their entries in the view
  const lb = new RowBatch(4);
  const labels = shareMap({ app: 'x', tier: 'y' });
  for (let i = 0; i < 5; i++) {
    lb.clearRow();
    lb.str('service', 's');
    lb.ts('ts', T0 + i);
    lb.setMap('labels', labels);
    lb.endRow(1);
  }
  const mv = cutSegments(lb)[0]!.cols[COL.labels] as MapView;
  assert.deepEqual([...mv.starts], [0, 0, 0, 0, 0]);
  assert.deepEqual([...mv.counts], [2, 2, 2, 2, 2]);
  assert.equal(mv.keys.lens.length, 2);
});

test('rows of a partition come out sorted by ts, ties in row order (runs merged)', () => {
  const r = rng(99);
  for (const runs of [1, 2, 3, 7, 40]) {
    const b = new RowBatch(16);
    const n = 3000;
    const per = Math.ceil(n / runs);
    for (let i = 0; i < n; i++) {
      b.clearRow();
      b.str('service', 's');
      // sorted runs one after another, with equal ts inside and across runs
      b.ts('ts', T0 + Math.floor((i % per) / 3) * 1000 + Math.floor(r() * 2) * 1000 * (runs > 5 ? 1 : 0));
      b.long('source_offset', i);
      b.endRow(1);
    }
    const ts = b.nums[COL.ts]!.slice(0, n);
    const ref = Array.from({ length: n }, (_, i) => i).sort((x, y) => ts[x]! - ts[y]! || x - y);
    const segs = cutSegments(b);
    assert.equal(segs.length, 1);
    assert.deepEqual([...segs[0]!.rowIds], ref, `${runs} runs`);
  }
});

test('malformed segments are rejected with a clear error', () => {
  const fresh = (): Segment[] => cutSegments(randomBatch(20, 5));
  let segs = fresh();
  const m = segs[0]!.cols[COL.message] as StrView;
  segs[0]!.cols[COL.message] = { ...m, lens: m.lens.subarray(0, 3), starts: m.starts.subarray(0, 3) };
  assert.throws(() => encodeSegmentsParquet(segs), /segment 0 column "message": lens has 3 entries, expected at least \d+/);
  segs = fresh();
  segs[0]!.cols[COL.pg_pid] = { kind: 'n', values: new Float64Array(1), valid: null };
  assert.throws(() => encodeSegmentsParquet(segs), /column "pg_pid": values has 1 entries, expected at least \d+/);
  segs = fresh();
  segs[0]!.cols[COL.labels] = { ...(segs[0]!.cols[COL.labels] as MapView), counts: new Int32Array(1) };
  assert.throws(() => encodeSegmentsParquet(segs), /column "labels": map starts\/counts have/);
  segs = fresh();
  segs[0]!.cols.pop();
  assert.throws(() => encodeSegmentsParquet(segs), new RegExp(`segment 0: ${COLUMNS.length - 1} columns, expected ${COLUMNS.length}`));
  segs = fresh();
  segs[0]!.cols[COL.ts] = segs[0]!.cols[COL.message]!;
  assert.throws(() => encodeSegmentsParquet(segs), /column "ts": view kind s, expected n/);
  segs = fresh();
  segs[0]!.rowIds = segs[0]!.rowIds.subarray(1);
  assert.throws(() => encodeSegmentsParquet(segs), /segment 0: \d+ row ids, expected \d+ \(rows\)/);
  segs = fresh();
  const h = segs[0]!.cols[COL.message] as StrView;
  const row = segs[0]!.rowIds[0]!;
  h.lens[row] = h.data.length + 10;
  assert.throws(() => encodeSegmentsParquet(segs), /column "message": string offsets out of order or out of range/);
  segs = fresh();
  const lv = segs[0]!.cols[COL.labels] as MapView;
  lv.starts[segs[0]!.rowIds.find((i) => lv.counts[i]! > 0)!] = lv.keys.lens.length;
  assert.throws(() => encodeSegmentsParquet(segs), /map entries out of range/);
});
