import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { drillRows, drillWhere, parseDrillFilter } from './drill-rows.js';
import { UsageError } from '../../core/errors.js';

test('parseDrillFilter accepts known keys only and checks enums and times', () => {
  assert.deepEqual(parseDrillFilter(new URLSearchParams('service=a&from=10&to=20&severity=error')), { service: 'a', from: 10, to: 20, severity: 'error' });
  assert.throws(() => parseDrillFilter(new URLSearchParams('1=1; DROP=x')), UsageError);
  assert.throws(() => parseDrillFilter(new URLSearchParams('from=yesterday')), UsageError);
  assert.throws(() => parseDrillFilter(new URLSearchParams('severity=everything')), UsageError);
  assert.throws(() => parseDrillFilter(new URLSearchParams('family=mysql')), UsageError);
});

test('drillWhere binds every user value', () => {
  const evil = "a' OR 1=1 --";
  const w = drillWhere({ service: evil, topic: evil, partition: evil, event: evil, sqlclass: evil, app: evil, stage: evil, template: evil, format: evil, broker: evil });
  assert.doesNotMatch(w.sql, /OR 1=1/);
  assert.equal(Object.values(w.params).filter((v) => v === evil).length, 10);
});

test('drillRows returns the rows behind a filter and their total', async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`CREATE VIEW logs AS SELECT TIMESTAMPTZ '2026-03-02 10:00:00+00' + INTERVAL (i) SECOND AS ts, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS service,
    CASE WHEN i % 3 = 0 THEN 'ERROR' ELSE 'INFO' END AS severity, 'log' AS event_type, 'm' || i AS message, 'p' AS source_path, i::BIGINT AS source_offset,
    NULL::INTEGER AS broker_id, 'docker-json/json' AS source_format FROM range(100) t(i)`);
  const t0 = Date.parse('2026-03-02T10:00:00Z');
  const r = await drillRows(con, { service: 'a', severity: 'error', from: t0, to: t0 + 50_000 }, 5);
  assert.equal(r.total, 9); // i in 0..49, even and divisible by 3: 0, 6, ..., 48
  assert.equal(r.rows.length, 5);
  assert.equal((await drillRows(con, { service: "a' OR '1'='1" })).total, 0);
  con.closeSync();
  db.closeSync();
});
