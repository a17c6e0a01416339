import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngest } from './ingest.js';

/** A Docker json-file log: one stderr line first, then `n` stdout lines (≈ 250 bytes each). */
function quietStderrLog(n: number): string {
  const t = '2026-11-30T05:00:00.000000000Z';
  const parts = [JSON.stringify({ log: 'starting up, one line on stderr\n', stream: 'stderr', time: t }) + '\n'];
  for (let i = 0; i < n; i++) {
    parts.push(JSON.stringify({ log: `2026-11-30 05:00:00 INFO worker: request ${i} served in ${i % 97} ms ${'x'.repeat(120)}\n`, stream: 'stdout', time: t }) + '\n');
  }
  return parts.join('');
}

test('a quiet stream with an open event does not hold back commits (memory bounded by --commit-bytes)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-quiet-'));
  try {
    const n = 40_000;
    const log = join(dir, 'app-json.log');
    writeFileSync(log, quietStderrLog(n)); // ≈ 10 MiB: three 4 MiB read chunks
    const s = await runIngest({ inputs: [log], warehouse: join(dir, 'wh'), idleSecs: 0, commitBytes: 200_000, templates: false, workers: 0 });
    assert.equal(s.totals.lines, n + 1);
    assert.equal(s.totals.rows, n + 1);
    assert.ok(s.balanced);
    // before: the stderr line's open event kept the barrier at "no safe point" until the end: 1 commit
    assert.ok(s.commits >= 3, `commits: ${s.commits}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one stream under --multiline none commits at chunk boundaries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-none-'));
  try {
    const n = 40_000;
    const log = join(dir, 'app-json.log');
    writeFileSync(log, quietStderrLog(n).split('\n').slice(1).join('\n'));
    const s = await runIngest({ inputs: [log], warehouse: join(dir, 'wh'), idleSecs: 0, commitBytes: 200_000, templates: false, workers: 0, multiline: 'none' });
    assert.equal(s.totals.rows, n);
    assert.ok(s.commits >= 3, `commits: ${s.commits}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A Docker json-file log where stdout and stderr interleave and stderr's multi-line events (stack
 * traces) stay open across many stdout lines: a commit point exists only for two lines after each
 * stderr event starts, so a 4 MiB read chunk's end is almost never one.
 */
function interleavedLog(blocks: number): { text: string; lines: number } {
  const t = '2026-11-30T05:00:00.000000000Z';
  const parts: string[] = [];
  const rec = (log: string, stream: string): void => {
    parts.push(JSON.stringify({ log: log + '\n', stream, time: t }) + '\n');
  };
  for (let b = 0; b < blocks; b++) {
    rec(`java.lang.IllegalStateException: order ${b} failed`, 'stderr');
    for (let k = 0; k < 100; k++) {
      rec(`2026-11-30 05:00:00 INFO worker: request ${b}-${k} served in ${k % 97} ms ${'x'.repeat(60)}`, 'stdout');
      rec(`\tat com.example.orders.Step${k}.run(Step${k}.java:${10 + k})`, 'stderr');
    }
  }
  return { text: parts.join(''), lines: parts.length };
}

test('interleaved streams with open multi-line events: a due window commits at the next commit point, not at the overdue limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-interleaved-'));
  try {
    const log = join(dir, 'app-json.log');
    const g = interleavedLog(400); // ≈ 11 MiB: three 4 MiB read chunks
    writeFileSync(log, g.text);
    // the row worker (workers: 1): the cut runs beside reading, a window may end at any line
    const s = await runIngest({ inputs: [log], warehouse: join(dir, 'wh'), idleSecs: 0, commitBytes: 1 << 20, templates: false });
    assert.equal(s.totals.lines, g.lines);
    assert.ok(s.balanced);
    // before: commits only at chunk ends, where there was no commit point: windows grew to 4x
    // --commit-bytes and were forced (closing open events early): 4 commits, 7 now
    assert.ok(s.commits >= 6, `commits: ${s.commits} (4 before)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs `body` with a 50-line Docker log in a temp folder, counting the worker threads started meanwhile. */
async function withWorkerCount(body: (log: string, wh: string, started: () => number) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-workers-'));
  let started = 0;
  const onWorker = (): void => { started++; };
  try {
    const log = join(dir, 'app-json.log');
    writeFileSync(log, quietStderrLog(50));
    process.on('worker', onWorker);
    await body(log, join(dir, 'wh'), () => started);
  } finally {
    process.off('worker', onWorker);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a re-run with nothing new starts no worker thread (no template miner either) and leaves the template state as it was', () =>
  withWorkerCount(async (log, wh, started) => {
    const first = await runIngest({ inputs: [log], warehouse: wh, idleSecs: 0 });
    assert.equal(first.totals.rows, 51);
    const byFirst = started();
    assert.ok(byFirst >= 2, `workers started by the first run: ${byFirst}`); // row worker, miner
    const state = readFileSync(join(wh, '_loglake', 'templates.json'));
    const again = await runIngest({ inputs: [log], warehouse: wh, idleSecs: 0 });
    assert.equal(again.totals.lines, 0);
    assert.equal(started() - byFirst, 0, 'a run with nothing to read started a worker');
    assert.deepEqual(readFileSync(join(wh, '_loglake', 'templates.json')), state);
  }));

test('a small run encodes its Parquet files on the main thread: no encoder worker is started', () =>
  withWorkerCount(async (log, wh, started) => {
    const s = await runIngest({ inputs: [log], warehouse: wh, idleSecs: 0, templates: false });
    assert.equal(s.totals.rows, 51);
    assert.ok(s.files_written >= 1);
    assert.equal(started(), 1, 'workers started: the row worker only');
  }));
