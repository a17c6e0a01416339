/**
 * Issue 13, items 3, 4 and 9 (sources): one unreadable file never stops a run — it is recorded as a
 * read error for that source (quarantine + summary), the rest is ingested, exit status 1 as
 * documented; a `.gz` that is not gzip, or is cut inside its header, is quarantined with a reason
 * and counted (it used to be skipped silently); a permanently corrupt `.gz` is recorded once and
 * later runs move on (exit 0, no new row); events made only of blank lines are dropped and counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { runCli, cliArgv, sql } from '../helpers/cli.js';
import { repoRoot } from '../../src/core/paths.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

const line = (i: number, what = 'good line'): string => JSON.stringify({ log: `${what} ${i}\n`, stream: 'stdout', time: `2026-03-02T10:00:0${i % 10}.000000001Z` });

/**
 * Runs the CLI so that a chmod 000 file really cannot be opened: as root (which ignores permission
 * bits) the CLI runs as nobody through setpriv (util-linux, always on Debian).
 */
function runUnprivileged(args: string[]): { status: number; stdout: string; stderr: string } {
  const root = process.getuid?.() === 0;
  const argv = root ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...cliArgv(args)] : cliArgv(args);
  const r = spawnSync(root ? 'setpriv' : process.execPath, argv, { cwd: repoRoot(), encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('an unreadable file is a read error of that source; the rest is ingested (exit 1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-eacces-'));
  chmodSync(dir, 0o755);
  const logs = join(dir, 'logs');
  mkdirSync(logs, { mode: 0o755 });
  writeFileSync(join(logs, 'a-json.log'), [0, 1, 2].map((i) => line(i)).join('\n') + '\n');
  writeFileSync(join(logs, 'b-json.log'), [3, 4].map((i) => line(i)).join('\n') + '\n');
  const bad = join(logs, 'c-json.log');
  writeFileSync(bad, [5, 6].map((i) => line(i)).join('\n') + '\n');
  chmodSync(bad, 0o000);
  const wh = join(dir, 'wh');
  mkdirSync(wh, { mode: 0o777 });
  chmodSync(wh, 0o777);
  const r = runUnprivileged(['ingest', logs, '--warehouse', wh, '--json']);
  assert.equal(r.status, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error/);
  const s = JSON.parse(r.stdout) as RunSummary;
  assert.equal(s.totals.rows, 5);
  assert.equal(s.balanced, true);
  assert.deepEqual(s.source_errors.map((e) => [e.path, /EACCES/.test(e.error)]), [[bad, true]]);
  chmodSync(bad, 0o644);
  const q = sql(wh, "SELECT source_path, reason, stage FROM quarantine WHERE reason LIKE 'read_error%'");
  assert.equal(q.length, 1);
  assert.equal(q[0]!.source_path, bad);
  assert.match(String(q[0]!.reason), /EACCES/);
  assert.equal(Number(sql(wh, 'SELECT count(*) AS n FROM logs')[0]!.n), 5);
  // readable again: the next run ingests it
  const again = runCli(['ingest', logs, '--warehouse', wh, '--json']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(Number(sql(wh, 'SELECT count(*) AS n FROM logs')[0]!.n), 7);
});

test('a .gz that is not gzip, or is cut inside its header, is quarantined and counted, once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-badgz-'));
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'ok-json.log'), [0, 1].map((i) => line(i)).join('\n') + '\n');
  writeFileSync(join(logs, 'plain-text-json.log.1.gz'), [2, 3].map((i) => line(i)).join('\n') + '\n'); // not gzip at all
  writeFileSync(join(logs, 'cut-json.log.1.gz'), gzipSync([4, 5].map((i) => line(i)).join('\n') + '\n').subarray(0, 6)); // cut inside the 10-byte header
  const full = gzipSync(Array.from({ length: 2000 }, (_, i) => line(i, 'rotated line')).join('\n') + '\n');
  writeFileSync(join(logs, 'truncated-json.log.2.gz'), full.subarray(0, Math.floor(full.length / 2))); // cut in the data
  const wh = join(dir, 'wh');
  const r = runCli(['ingest', logs, '--warehouse', wh, '--json']);
  assert.equal(r.status, 1, r.stderr);
  const s = JSON.parse(r.stdout) as RunSummary;
  assert.equal(s.balanced, true);
  assert.deepEqual(s.source_errors.map((e) => e.path.split('/').pop()).sort(), ['cut-json.log.1.gz', 'plain-text-json.log.1.gz', 'truncated-json.log.2.gz']);
  const q = sql(wh, "SELECT regexp_extract(source_path, '[^/]+$') AS f, reason FROM quarantine ORDER BY f");
  assert.deepEqual(q.map((x) => x.f), ['cut-json.log.1.gz', 'plain-text-json.log.1.gz', 'truncated-json.log.2.gz']);
  for (const x of q) assert.match(String(x.reason), /^read_error \(.*(gzip|header|unexpected end of file)/i);
  const rows = Number(sql(wh, 'SELECT count(*) AS n FROM logs')[0]!.n);
  assert.ok(rows > 2, 'the readable part of the truncated gzip and the good file are ingested');
  // later runs move on: nothing new, no new quarantine row, exit 0
  for (let i = 0; i < 2; i++) {
    const again = runCli(['ingest', logs, '--warehouse', wh, '--json']);
    assert.equal(again.status, 0, again.stderr);
    const s2 = JSON.parse(again.stdout) as RunSummary;
    assert.equal(s2.totals.lines, 0);
    assert.equal(Number(sql(wh, 'SELECT count(*) AS n FROM quarantine')[0]!.n), 3);
    assert.equal(Number(sql(wh, 'SELECT count(*) AS n FROM logs')[0]!.n), rows);
  }
});

test('events made only of blank lines are dropped and counted as such', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-blank-'));
  const f = join(dir, 'newlines.log');
  writeFileSync(f, '\n'.repeat(999));
  const g = join(dir, 'spaces.log');
  writeFileSync(g, '  \n\t\n\n \t \n');
  const h = join(dir, 'blank-json.log');
  writeFileSync(h, [JSON.stringify({ log: '\n', stream: 'stdout', time: '2026-03-02T10:00:00.000000001Z' }), line(1),
    JSON.stringify({ log: '   \n', stream: 'stderr', time: '2026-03-02T10:00:02.000000001Z' })].join('\n') + '\n');
  const wh = join(dir, 'wh');
  const r = runCli(['ingest', f, g, h, '--warehouse', wh, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as RunSummary;
  assert.equal(s.totals.lines, 999 + 4 + 3);
  assert.equal(s.balanced, true);
  assert.equal(s.totals.rows, 1);
  assert.equal(s.totals.blank, 999 + 4 + 2);
  assert.deepEqual(sql(wh, 'SELECT message FROM logs').map((x) => x.message), ['good line 1']);
});
