/** The option table end to end: `loglake <command> --help` for every command, one time grammar everywhere. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, sql } from '../helpers/cli.js';
import { COMMANDS } from '../../src/config/commands.js';

test('loglake <command> --help prints that command\'s usage and exits 0, for every command', () => {
  for (const c of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      const r = runCli([c.name, flag]);
      assert.equal(r.status, 0, `${c.name} ${flag}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: loglake ${c.name}`));
    }
  }
  const r = runCli(['--help']);
  assert.equal(r.status, 0);
  for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`\\n  ${c.name} `));
});

test('time flags of every command share one grammar: "1" is refused with one line, exit 2', () => {
  const wh = mkdtempSync(join(tmpdir(), 'loglake-wh-'));
  const cases: string[][] = [
    ['query', '--warehouse', wh, '--since', '1', 'SELECT 1'],
    ['query', '--warehouse', wh, '--as-of', 'yesterday', 'SELECT 1'],
    ['patterns', '--warehouse', wh, '--since', '1'],
    ['patterns', '--warehouse', wh, '--window', '90'],
    ['anomalies', '--warehouse', wh, '--until', '1'],
    ['anomalies', '--warehouse', wh, '--season', '7'],
    ['features', '--warehouse', wh, '--rolling', '1'],
    ['maintain', '--warehouse', wh, '--expire-older-than', '7'],
  ];
  for (const args of cases) {
    const r = runCli(args);
    assert.equal(r.status, 2, `${args.join(' ')} → ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, /must be (an ISO-8601 time|a duration)/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('ingest --metrics-file leaves a node-exporter textfile whose counters equal the table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-mf-'));
  const log = join(dir, 'svc-json.log');
  writeFileSync(log, Array.from({ length: 30 }, (_, i) => JSON.stringify({ log: `2026-11-30 05:00:00 INFO x: line ${i}\n`, stream: 'stdout', time: '2026-11-30T05:00:00Z' })).join('\n') + '\n{"log":"bad\n');
  const wh = join(dir, 'wh');
  const prom = join(dir, 'loglake.prom');
  const r = runCli(['ingest', log, '--warehouse', wh, '--metrics-file', prom, '--idle-secs', '0', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(prom, 'utf8');
  const value = (name: string): number => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  assert.equal(value('loglake_rows_committed_total'), Number(sql(wh, 'SELECT count(*) AS n FROM logs')[0]!.n));
  assert.equal(value('loglake_lines_quarantined_total'), Number(sql(wh, 'SELECT count(*) AS n FROM quarantine')[0]!.n));
  assert.equal(value('loglake_rows_committed_total'), 30);
});

test('ingest --pg-log-line-prefix (flag or config key) names positional prefix fields; an unknown escape is one line, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-pgprefix-'));
  const log = join(dir, 'db.log');
  // log_line_prefix = '%m [%p] %u@%d %a: ' is marked; '%m %p %u %d %a ' (positional) is not
  writeFileSync(log, [
    '2026-03-02 10:00:00.100 UTC 4242 alice shop psql LOG:  statement: SELECT 1',
    '2026-03-02 10:00:01.200 UTC 4243 bob shop pgbench ERROR:  relation "t" does not exist at character 15',
    '2026-03-02 10:00:01.200 UTC 4243 bob shop pgbench STATEMENT:  SELECT * FROM t',
    '2026-03-02 10:00:02.300 UTC 51    LOG:  checkpoint starting: time', // a background process: %u %d %a empty
    '',
  ].join('\n'));
  const cfg = join(dir, 'loglake.json');
  writeFileSync(cfg, JSON.stringify({ pg_log_line_prefix: '%m %p %u %d %a ' }));
  for (const [name, args] of [['flag', ['--pg-log-line-prefix', '%m %p %u %d %a ']], ['config', ['--config', cfg]]] as const) {
    const wh = join(dir, `wh-${name}`);
    const r = runCli(['ingest', log, '--service', 'db', '--warehouse', wh, '--no-progress', ...args]);
    assert.equal(r.status, 0, r.stderr);
    const rows = sql(wh, "SELECT pg_pid, pg_user, pg_database, attributes['application_name'] AS app, severity, source_format FROM logs ORDER BY ts");
    assert.deepEqual(rows.map((x) => [x.pg_pid, x.pg_user, x.pg_database, x.app, x.severity]), [
      [4242, 'alice', 'shop', 'psql', 'INFO'],
      [4243, 'bob', 'shop', 'pgbench', 'ERROR'],
      [51, null, null, null, 'INFO'],
    ], name);
    assert.ok(rows.every((x) => String(x.source_format).endsWith('postgres')), name);
  }
  const bad = runCli(['ingest', log, '--warehouse', join(dir, 'wh-bad'), '--pg-log-line-prefix', '%m %Z ']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--pg-log-line-prefix: unknown escape %Z/);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
});
