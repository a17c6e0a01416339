/**
 * Issue 13, item 9 (values): a year-9999 time is never stored wrong — in an envelope it is
 * quarantined as `timestamp_out_of_range`, inside a message it is left out (the row keeps the
 * runtime's time and says so in attributes); services whose cleaned names collide (`a/b`, `a_b`)
 * keep separate partitions and names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, sql } from '../helpers/cli.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

function ingest(args: string[]): RunSummary {
  const r = runCli(['ingest', '--json', '--no-progress', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as RunSummary;
}

test('year-9999 timestamps: quarantined in envelopes, never stored wrong from messages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-y9999-'));
  const docker = join(dir, 'c-json.log');
  writeFileSync(docker, [
    JSON.stringify({ log: 'ok line\n', stream: 'stdout', time: '2026-03-02T10:00:00.000000001Z' }),
    JSON.stringify({ log: 'far future envelope\n', stream: 'stdout', time: '9999-12-31T23:59:59.999999999Z' }),
    JSON.stringify({ log: '{"time":"9999-12-31T23:59:59.999999Z","level":"info","msg":"far future message"}\n', stream: 'stdout', time: '2026-03-02T10:00:01.000000001Z' }),
    JSON.stringify({ log: '9999-12-31 23:59:59,123 ERROR far future text line\n', stream: 'stdout', time: '2026-03-02T10:00:02.000000001Z' }),
  ].join('\n') + '\n');
  const cri = join(dir, 'cri.log');
  writeFileSync(cri, '9999-12-31T23:59:59.999999999Z stdout F far future cri\n2026-03-02T10:00:00Z stdout F ok cri\n');
  const wh = join(dir, 'wh');
  const s = ingest([docker, cri, '--warehouse', wh]);
  assert.equal(s.balanced, true);
  assert.equal(s.quarantine_reasons.timestamp_out_of_range, 2);
  const rows = sql(wh, "SELECT message, ts::VARCHAR AS ts, attributes['loglake.ts_out_of_range'] AS oor FROM logs ORDER BY message");
  assert.equal(rows.length, 4, JSON.stringify(rows));
  for (const r of rows) assert.match(String(r.ts), /^2026-03-02 10:00:0\d/, JSON.stringify(r));
  const flagged = rows.filter((r) => r.oor !== null).map((r) => String(r.message));
  assert.equal(flagged.length, 2, JSON.stringify(rows));
  assert.ok(flagged.some((m) => m.includes('far future message')) && flagged.some((m) => m.includes('far future text line')));
  assert.equal(Number(sql(wh, "SELECT count(*) AS n FROM quarantine WHERE reason = 'timestamp_out_of_range' AND raw_text LIKE '%9999-12-31%'")[0]!.n), 2);
});

test('services whose cleaned names collide keep separate partitions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-collide-'));
  const wh = join(dir, 'wh');
  const a = join(dir, 'a.log');
  const b = join(dir, 'b.log');
  writeFileSync(a, 'from the a-slash-b service\n');
  writeFileSync(b, 'from the a-underscore-b service\n');
  mkdirSync(wh);
  ingest([a, '--service', 'a/b', '--warehouse', wh]);
  ingest([b, '--service', 'a_b', '--warehouse', wh]);
  const rows = sql(wh, 'SELECT service, count(*) AS n FROM logs GROUP BY service ORDER BY service');
  assert.equal(rows.length, 2, JSON.stringify(rows));
  assert.ok(rows.some((r) => r.service === 'a_b'));
  assert.ok(rows.some((r) => /^a_b-[0-9a-f]{6}$/.test(String(r.service))));
});
