import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RowBatch, shareMap } from './row-batch.js';
import { cutSegments, HOUR_MICROS } from './segment.js';
import { encodeParquet } from './encode-parquet.js';
import { sanitizePartitionValue, partitionDir } from './dataset-writer.js';
import { COLUMNS } from '../../schema/canonical.js';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0) * 1000;

function fill(b: RowBatch, rows: Array<{ svc: string; ts: number; msg: string; part?: number; labels?: Record<string, string>; attr?: string }>): void {
  for (const r of rows) {
    b.clearRow();
    b.str('service', r.svc);
    b.ts('ts', r.ts);
    b.str('message', r.msg);
    if (r.part !== undefined) b.int('kafka_partition', r.part);
    if (r.labels) b.setMap('labels', r.labels);
    if (r.attr) b.map('attributes', 'k', r.attr);
    b.long('source_offset', 2 ** 40 + 7);
    b.double('pg_duration_ms', 12.5);
    b.endRow(r.msg.length);
  }
}

async function duck(sql: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run("SET TimeZone='UTC'");
  const r = await con.runAndReadAll(sql);
  const rows = r.getRowsJS();
  con.closeSync();
  db.closeSync();
  return rows;
}

test('rows split into (service, hour) segments, each sorted by ts', () => {
  const b = new RowBatch(2);
  fill(b, [
    { svc: 'kafka', ts: T0 + 5, msg: 'c' },
    { svc: 'pg', ts: T0 + 1, msg: 'x' },
    { svc: 'kafka', ts: T0 + 1, msg: 'a' },
    { svc: 'kafka', ts: T0 + HOUR_MICROS + 1, msg: 'next hour' },
    { svc: 'kafka', ts: T0 + 3, msg: 'b' },
  ]);
  const segs = cutSegments(b);
  assert.deepEqual(segs.map((s) => [s.service, s.hour - Math.floor(T0 / HOUR_MICROS), s.rows]), [['kafka', 0, 3], ['kafka', 1, 1], ['pg', 0, 1]]);
  assert.equal(segs[0]!.tsMin, T0 + 1);
  assert.equal(segs[0]!.tsMax, T0 + 5);
  assert.equal(partitionDir('kafka', segs[0]!.hour), 'service=kafka/date=2026-03-02/hour=08');
});

test('Parquet: DuckDB reads types, values, maps and field ids; rows come out in ts order', async () => {
  const labels = shareMap({ app: 'orders', 'com.docker.compose.service': 'orders' });
  const b1 = new RowBatch(2);
  fill(b1, [{ svc: 's', ts: T0 + 30, msg: 'thirty', labels, attr: 'v' }, { svc: 's', ts: T0 + 10, msg: 'ten', part: 3, labels }, { svc: 's', ts: T0 + 20, msg: 'twenty ünïcødé', labels }]);
  const segs = cutSegments(b1);
  assert.equal(segs.length, 1);
  const dir = mkdtempSync(join(tmpdir(), 'loglake-pq-'));
  const file = join(dir, 'x.parquet');
  writeFileSync(file, encodeParquet(segs));
  const rows = await duck(`SELECT message, epoch_us(ts), kafka_partition, labels['app'], attributes['k'], source_offset, pg_duration_ms, typeof(ts), typeof(kafka_partition), typeof(source_offset) FROM '${file}'`);
  assert.deepEqual(rows.map((r) => r[0]), ['ten', 'twenty ünïcødé', 'thirty']);
  assert.deepEqual(rows.map((r) => Number(r[1])), [T0 + 10, T0 + 20, T0 + 30]);
  assert.deepEqual(rows.map((r) => r[2]), [3, null, null]);
  assert.deepEqual(rows.map((r) => r[3]), ['orders', 'orders', 'orders']);
  assert.deepEqual(rows.map((r) => r[4]), [null, null, 'v']);
  assert.equal(rows[0]![5], BigInt(2 ** 40 + 7));
  assert.equal(rows[0]![6], 12.5);
  assert.deepEqual(rows[0]!.slice(7), ['TIMESTAMP WITH TIME ZONE', 'INTEGER', 'BIGINT']);
  const schema = await duck(`SELECT name, field_id FROM parquet_schema('${file}') WHERE field_id IS NOT NULL`);
  const ids = new Map(schema.map((r) => [r[0] as string, Number(r[1])]));
  for (const c of COLUMNS) assert.equal(ids.get(c.name), c.id, `field id of ${c.name}`);
  const nested = schema.filter((r) => r[0] === 'key' || r[0] === 'value').map((r) => Number(r[1])).sort((a, b) => a - b);
  assert.deepEqual(nested, [1001, 1002, 1003, 1004], 'map key/value field ids');
  const meta = await duck(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`);
  assert.deepEqual(meta.map((r) => r[0]), ['ZSTD']);
});

test('a partition larger than maxRows is cut into several sorted segments', () => {
  const b = new RowBatch(4);
  fill(b, Array.from({ length: 10 }, (_, i) => ({ svc: 'k', ts: T0 + 100 - i, msg: String(i) })));
  const segs = cutSegments(b, 4);
  assert.deepEqual(segs.map((s) => s.rows), [4, 4, 2]);
  assert.ok(segs[0]!.tsMax <= segs[1]!.tsMin && segs[1]!.tsMax <= segs[2]!.tsMin);
});

test('partition values never leave the dataset directory', () => {
  assert.match(sanitizePartitionValue('../../etc'), /^___\.\._etc-[0-9a-f]{6}$/);
  assert.match(sanitizePartitionValue('a/b c'), /^a_b_c-[0-9a-f]{6}$/);
  // names that clean to the same text stay apart (issue 13: `a/b` and `a_b` shared a partition)
  const names = ['a/b', 'a_b', 'a b', 'a:b'];
  assert.equal(new Set(names.map(sanitizePartitionValue)).size, names.length);
  assert.equal(sanitizePartitionValue('a_b'), 'a_b');
  assert.equal(sanitizePartitionValue('orders-worker.v2'), 'orders-worker.v2');
  assert.equal(sanitizePartitionValue(''), 'unknown');
  assert.equal(sanitizePartitionValue(undefined), 'unknown');
  assert.equal(sanitizePartitionValue('x'.repeat(300)).length, 100);
  for (const v of ['..', '.', '../x', '/abs', 'a\u0000b', 'ok-name_1.2']) {
    const s = sanitizePartitionValue(v);
    assert.ok(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(s), `${JSON.stringify(v)} → ${s}`);
  }
});
