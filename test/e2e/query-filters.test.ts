/**
 * Issue 13, item 5: `query --service/--since/--until` on a Parquet warehouse (the default) apply:
 * the view holds exactly the rows the same WHERE clause selects, never all rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeNodeTree } from '../helpers/node-tree.js';
import { runCli, sql } from '../helpers/cli.js';

function q(wh: string, flags: string[], query: string): Array<Record<string, unknown>> {
  const r = runCli(['query', '--warehouse', wh, '--format', 'json', ...flags, query]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('query --service/--since/--until filter a Parquet warehouse', () => {
  const t = makeNodeTree();
  const wh = mkdtempSync(join(tmpdir(), 'loglake-qf-'));
  assert.equal(runCli(['ingest', t.docker, t.pods, t.s3, '--warehouse', wh, '--no-progress']).status, 0);
  const all = sql(wh, 'SELECT service, count(*) AS n, min(ts) AS lo, max(ts) AS hi FROM logs GROUP BY service ORDER BY n DESC');
  assert.ok(all.length >= 2, JSON.stringify(all));
  const svc = String(all[0]!.service);
  const n = (rows: Array<Record<string, unknown>>): number => Number(rows[0]!.n);
  const total = n(sql(wh, 'SELECT count(*) AS n FROM logs'));

  const bySvc = q(wh, ['--service', svc], 'SELECT count(*) AS n, count(DISTINCT service) AS s FROM logs');
  assert.equal(n(bySvc), Number(all[0]!.n));
  assert.equal(Number(bySvc[0]!.s), 1);
  assert.ok(n(bySvc) < total);
  const two = q(wh, ['--service', svc, '--service', String(all[1]!.service)], 'SELECT count(*) AS n FROM logs');
  assert.equal(n(two), Number(all[0]!.n) + Number(all[1]!.n));
  assert.equal(n(q(wh, ['--service', 'no-such-service'], 'SELECT count(*) AS n FROM logs')), 0);

  // a time window inside the data: exactly the rows of [since, until)
  const times = sql(wh, 'SELECT DISTINCT ts FROM logs ORDER BY ts').map((r) => String(r.ts));
  assert.ok(times.length >= 3);
  const since = times[1]!;
  const until = times[times.length - 1]!;
  const expect = n(sql(wh, `SELECT count(*) AS n FROM logs WHERE ts >= TIMESTAMPTZ '${since}' AND ts < TIMESTAMPTZ '${until}'`));
  const got = n(q(wh, ['--since', since, '--until', until], 'SELECT count(*) AS n FROM logs'));
  assert.equal(got, expect);
  assert.ok(got < total);
  // combined, and through the seed's view built on logs
  const both = n(q(wh, ['--service', svc, '--since', since, '--until', until], 'SELECT count(*) AS n FROM logs'));
  assert.equal(both, n(sql(wh, `SELECT count(*) AS n FROM logs WHERE service = '${svc}' AND ts >= TIMESTAMPTZ '${since}' AND ts < TIMESTAMPTZ '${until}'`)));
  assert.equal(n(q(wh, ['--since', '2100-01-01T00:00:00Z'], 'SELECT count(*) AS n FROM spark_logs')), 0);
});
