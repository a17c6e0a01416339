/**
 * Follow mode end to end: the CLI tails a directory while files appear, rotate (rename, copy +
 * truncate, gzip of the rotated file) and are truncated; rows become queryable while it runs,
 * /metrics counters equal the table's counts, SIGTERM commits and exits 0, and SIGKILLs at random
 * moments plus restarts (with rotations meanwhile) leave every line exactly once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, appendFileSync, renameSync, copyFileSync, truncateSync, writeFileSync, readFileSync, unlinkSync, existsSync, symlinkSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startCli, sql } from '../helpers/cli.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

let seq = 0;
/** Appends `n` Docker json-file lines with unique messages `m<seq>` to `file`; returns the messages. */
function writeLines(file: string, n: number): string[] {
  const msgs: string[] = [];
  let out = '';
  for (let i = 0; i < n; i++) {
    const m = `m${seq++}`;
    msgs.push(m);
    out += JSON.stringify({ log: `2026-11-30 05:00:00 INFO worker: ${m}\n`, stream: 'stdout', time: new Date(Date.UTC(2026, 10, 30, 5) + seq).toISOString() }) + '\n';
  }
  appendFileSync(file, out);
  return msgs;
}

function gzipRotated(path: string): void {
  writeFileSync(path + '.gz', gzipSync(readFileSync(path)));
  unlinkSync(path);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true; fails after `limitMs` (a hang guard, not a speed check). */
async function eventually(what: string, check: () => boolean | Promise<boolean>, limitMs = 90_000): Promise<void> {
  const end = Date.now() + limitMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) assert.fail(`not reached: ${what}`);
    await sleep(250);
  }
}

const rowCount = (wh: string): number => {
  try {
    return Number(sql(wh, 'SELECT count(*) AS n FROM logs')[0]!.n);
  } catch {
    return -1; // nothing committed yet
  }
};

function follow(dir: string, wh: string, extra: string[] = []): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = startCli(['ingest', dir, '--warehouse', wh, '--follow', '--commit-interval', '500ms', '--poll-interval', '200ms', '--idle-secs', '1', '--no-templates', '--json', ...extra]);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  child.stdout!.resume();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exit };
}

test('follow: new pods, rename / copytruncate / gzip rotations and truncation while running; metrics equal table counts; SIGTERM commits, exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-follow-'));
  const wh = mkdtempSync(join(tmpdir(), 'loglake-follow-wh-'));
  const a = join(dir, 'aaaa', 'aaaa-json.log');
  const b = join(dir, 'bbbb', 'bbbb-json.log');
  mkdirSync(join(dir, 'aaaa'));
  const expected: string[] = [];
  expected.push(...writeLines(a, 100));
  const f = follow(dir, wh, ['--metrics-addr', '127.0.0.1:0']);
  try {
    await eventually('metrics address printed', () => /metrics on http:\/\/([\d.]+:\d+)\//.test(f.stderr()));
    const base = `http://${/metrics on http:\/\/([\d.]+:\d+)\//.exec(f.stderr())![1]}`;
    await eventually('first 100 rows queryable while running', () => rowCount(wh) === expected.length);

    mkdirSync(join(dir, 'bbbb')); // a new container appears
    expected.push(...writeLines(b, 50));
    await eventually('new container picked up', () => rowCount(wh) === expected.length);

    // rename rotation: the old file gets a last write after the rename, the new file starts over
    renameSync(a, a + '.1');
    expected.push(...writeLines(a + '.1', 10));
    expected.push(...writeLines(a, 20));
    await eventually('rename rotation', () => rowCount(wh) === expected.length);
    gzipRotated(a + '.1'); // compressed after rotation: same content, nothing read twice
    // copytruncate: copy keeps the content, the original is truncated and written anew
    copyFileSync(b, b + '.1');
    truncateSync(b, 0);
    expected.push(...writeLines(b, 30));
    await eventually('copytruncate', () => rowCount(wh) === expected.length);
    // truncation in place with new content
    truncateSync(a, 0);
    expected.push(...writeLines(a, 5));
    await eventually('truncation', () => rowCount(wh) === expected.length);
    await sleep(1500); // a few more passes over the gzip and the copy: nothing may be read twice
    assert.equal(rowCount(wh), expected.length);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    const sum = (name: string): number => [...metrics.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
    assert.equal(sum('loglake_rows_committed_total'), rowCount(wh), metrics);
    assert.equal(sum('loglake_lines_quarantined_total'), Number(sql(wh, 'SELECT count(*) AS n FROM quarantine')[0]!.n));
    assert.ok(sum('loglake_commits_total') >= 5);
    assert.match(metrics, /^loglake_process_resident_memory_bytes \d+/m);
    assert.match(metrics, /^loglake_event_lag_seconds\{service="[^"]+"\} \d/m);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  } finally {
    await eventually('follower started', () => f.stderr().includes('following'));
    f.child.kill('SIGTERM');
  }
  assert.equal(await f.exit, 0, f.stderr());
  const rows = sql(wh, 'SELECT message, count(*) AS n FROM logs GROUP BY message');
  const got = new Map(rows.map((r) => [String(r.message).replace(/^.*worker: /, ''), Number(r.n)]));
  for (const m of expected) assert.equal(got.get(m), 1, `${m} exactly once`);
  assert.equal(rows.length, expected.length);
});

test('follow: SIGKILL at random moments + restarts, rotations meanwhile: every line exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-followkill-'));
  const wh = mkdtempSync(join(tmpdir(), 'loglake-followkill-wh-'));
  const files = ['c1', 'c2', 'c3'].map((c) => {
    mkdirSync(join(dir, c));
    return join(dir, c, `${c}-json.log`);
  });
  const expected: string[] = [];
  let rotations = 0;
  let killed = 0;
  for (let round = 0; round < 8; round++) {
    const f = follow(dir, wh, ['--commit-bytes', '20000']);
    // write while it runs: a steady trickle, a rotation now and then
    for (let step = 0; step < 6; step++) {
      for (const file of files) expected.push(...writeLines(file, 40 + Math.floor(Math.random() * 80)));
      if (Math.random() < 0.35) {
        const file = files[Math.floor(Math.random() * files.length)]!;
        const rotated = `${file}.${++rotations}`;
        if (existsSync(file)) {
          renameSync(file, rotated);
          if (Math.random() < 0.5) gzipRotated(rotated);
        }
      }
      await sleep(50 + Math.floor(Math.random() * 250));
    }
    if (Math.random() < 0.75) {
      f.child.kill('SIGKILL');
      killed++;
      await f.exit;
    } else {
      await eventually('follower started', () => f.stderr().includes('following'));
      f.child.kill('SIGTERM');
      assert.equal(await f.exit, 0, f.stderr());
    }
  }
  // a last follower catches up and stops cleanly
  const last = follow(dir, wh);
  await eventually('caught up', () => rowCount(wh) >= expected.length);
  await sleep(1000);
  await eventually('follower started', () => last.stderr().includes('following'));
  last.child.kill('SIGTERM');
  assert.equal(await last.exit, 0, last.stderr());
  assert.ok(killed >= 1);
  const rows = sql(wh, 'SELECT message, count(*) AS n FROM logs GROUP BY message');
  const got = new Map(rows.map((r) => [String(r.message).replace(/^.*worker: /, ''), Number(r.n)]));
  const missing = expected.filter((m) => got.get(m) === undefined);
  const twice = [...got].filter(([, n]) => n > 1);
  assert.deepEqual(missing.slice(0, 5), [], `nothing lost (killed ${killed}×, ${rotations} rotations)`);
  assert.equal(rows.length, expected.length);
  assert.deepEqual(twice.slice(0, 5), [], `nothing twice (killed ${killed}×, ${rotations} rotations)`);
});

test('follow: a refused symlink and an unreadable .gz are quarantined once, not on every pass; the rest is followed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-follow-bad-'));
  const wh = mkdtempSync(join(tmpdir(), 'loglake-follow-bad-wh-'));
  mkdirSync(join(dir, 'app'));
  const a = join(dir, 'app', 'app-json.log');
  const expected = writeLines(a, 10);
  symlinkSync('/etc/passwd', join(dir, 'app', 'passwd.log'));
  writeFileSync(join(dir, 'app', 'old.log.1.gz'), 'this is not gzip\n');
  const child = startCli(['ingest', dir, '--warehouse', wh, '--follow', '--commit-interval', '300ms', '--poll-interval', '100ms', '--idle-secs', '1', '--no-templates', '--json']);
  let err = '';
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  child.stdout!.on('data', (d: Buffer) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await eventually('rows queryable while running', () => rowCount(wh) === expected.length);
    expected.push(...writeLines(a, 5));
    await eventually('appended rows', () => rowCount(wh) === expected.length);
    await sleep(1500); // many passes over the link and the bad file
  } finally {
    await eventually('follower started', () => err.includes('following'));
    child.kill('SIGTERM');
  }
  assert.equal(await exit, 1, err); // a read error makes the exit code 1, as in batch runs
  const s = JSON.parse(out) as RunSummary;
  assert.deepEqual(s.refused_links.map((l) => l.reason), ['symlink_to_system_path']);
  assert.equal(s.source_errors.length, 1, JSON.stringify(s.source_errors));
  const q = sql(wh, 'SELECT reason, count(*) AS n FROM quarantine GROUP BY reason ORDER BY reason');
  assert.deepEqual(q.map((r) => [String(r.reason).replace(/ \(.*/, ''), Number(r.n)]), [['read_error', 1], ['symlink_to_system_path', 1]]);
  assert.equal(Number(sql(wh, "SELECT count(*) AS n FROM logs WHERE message LIKE '%root:%'")[0]!.n), 0);
  assert.equal(rowCount(wh), expected.length);
});
