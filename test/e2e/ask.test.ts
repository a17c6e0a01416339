/** `loglake ask` end to end on a generated cluster: generate → ingest → ask (built-in translator, offline). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, sql } from '../helpers/cli.js';

test('ask: prints the SQL, runs it read-only, answers like hand-written SQL; refuses what it cannot answer', () => {
  const root = mkdtempSync(join(tmpdir(), 'loglake-ask-e2e-'));
  try {
    const data = join(root, 'logs');
    const wh = join(root, 'wh');
    assert.equal(runCli(['generate', '--out', data, '--seed', '7']).status, 0);
    const inputs = ['docker', 'k8s', 's3'].map((d) => join(data, d)).filter((p) => existsSync(p));
    const ing = runCli(['ingest', ...inputs, '--warehouse', wh]);
    assert.equal(ing.status, 0, ing.stderr);

    const json = (question: string, ...flags: string[]) => {
      const r = runCli(['ask', '--warehouse', wh, '--format', 'json', ...flags, question]);
      assert.equal(r.status, 0, `${question}: ${r.stderr}`);
      assert.match(r.stderr, /-- SELECT/, 'the SQL is printed (to stderr with --format json)');
      return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    const sorted = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(Object.values(r))).sort();

    assert.deepEqual(sorted(json('number of errors per service')),
      sorted(sql(wh, "SELECT service, count(*) FROM logs WHERE severity IN ('ERROR','FATAL') GROUP BY 1")));
    const top = json('which kafka broker logged the most errors?');
    const want = sql(wh, "SELECT broker_id, count(*) n FROM logs WHERE broker_id IS NOT NULL AND severity IN ('ERROR','FATAL') GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1");
    assert.deepEqual(top.map((r) => r.broker_id), want.map((r) => r.broker_id));
    const max = sql(wh, 'SELECT max(ts) AS m FROM logs')[0]!.m as string;
    const lastHour = json('errors per service in the last hour', '--now', max);
    const since = new Date(Date.parse(max) - 3_600_000).toISOString();
    assert.deepEqual(sorted(lastHour), sorted(sql(wh, `SELECT service, count(*) FROM logs WHERE severity IN ('ERROR','FATAL') AND ts >= TIMESTAMPTZ '${since}' AND ts < TIMESTAMPTZ '${max}' GROUP BY 1`)));
    const slow = json('slowest postgres statements');
    assert.deepEqual(slow.map((r) => r.pg_duration_ms), sql(wh, 'SELECT pg_duration_ms FROM logs WHERE pg_duration_ms IS NOT NULL ORDER BY 1 DESC LIMIT 10').map((r) => r.pg_duration_ms));

    // table format: the SQL comes before the result
    const t = runCli(['ask', '--warehouse', wh, 'errors per hour']);
    assert.equal(t.status, 0, t.stderr);
    assert.ok(t.stdout.indexOf('SELECT') >= 0 && t.stdout.indexOf('SELECT') < t.stdout.indexOf('│'));
    // --dry-run: SQL only
    const d = runCli(['ask', '--warehouse', wh, '--dry-run', 'errors per hour']);
    assert.equal(d.status, 0);
    assert.match(d.stdout, /date_trunc\('hour', ts\)/);
    assert.ok(!d.stdout.includes('│'));
    // refusals: exit 1, a reason and the closest answerable question; no SQL ran
    const r = runCli(['ask', '--warehouse', wh, "'; DROP TABLE logs; --"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot answer/);
    assert.match(r.stderr, /closest question I can answer: "/);
    assert.ok(!r.stdout.includes('SELECT'));
    assert.equal(sql(wh, 'SELECT count(*) > 0 AS ok FROM logs')[0]!.ok, true);
    // --help and usage errors
    const h = runCli(['ask', '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /Usage: loglake ask/);
    assert.equal(runCli(['ask', 'errors']).status, 2);
    assert.equal(runCli(['ask', '--warehouse', wh, '--format', 'xml', 'errors']).status, 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
