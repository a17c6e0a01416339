/**
 * Issue 13, item 1: memory is bounded by --commit-bytes whatever the input. A Docker log whose first
 * line is on stderr (a quiet stream whose event may still continue) used to hold the commit barrier
 * at "no safe point" for the whole file: 2 commits and a peak RSS growing with the file (5.7 GB and
 * out of memory on 2 GB). Here a 48 MiB file must commit all along, and the peak RSS may exceed that
 * of a tiny ingest by at most 100 × --commit-bytes. The 2 GB case is bench/bounded-memory-bench.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../src/core/paths.js';
import { writeQuietStreamFile } from '../../src/generate/quiet-stream-file.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

const COMMIT_BYTES = 2 * 1024 * 1024;

/** Runs `loglake ingest` in a child process; returns its summary and peak RSS in bytes. */
function ingestMeasured(dir: string, args: string[]): { summary: RunSummary; maxRss: number } {
  const main = pathToFileURL(join(repoRoot(), 'dist', 'src', 'cli', 'main.js')).href;
  // a script file, not -e: worker threads inherit the parent's execArgv
  const script = join(dir, 'measure.mjs');
  writeFileSync(script, `const { main } = await import(${JSON.stringify(main)}); const code = await main(JSON.parse(process.argv[2]));
process.stderr.write('maxrss=' + process.resourceUsage().maxRSS * 1024 + '\\n'); process.exitCode = code;\n`);
  const r = spawnSync(process.execPath, [script, JSON.stringify(['ingest', '--json', '--no-templates', ...args])], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  const m = /maxrss=(\d+)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { summary: JSON.parse(r.stdout) as RunSummary, maxRss: Number(m[1]) };
}

test('one quiet stream does not hold commits back; peak RSS stays within a fixed multiple of --commit-bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-mem-'));
  try {
    const tiny = join(dir, 'tiny-json.log');
    writeFileSync(tiny, JSON.stringify({ log: 'hello\n', stream: 'stdout', time: '2026-03-02T10:00:00.000000001Z' }) + '\n');
    const base = ingestMeasured(dir, [tiny, '--warehouse', join(dir, 'wh-tiny')]).maxRss;
    const file = join(dir, 'quiet-json.log');
    const g = writeQuietStreamFile(file, 48 * 1024 * 1024);
    const { summary, maxRss } = ingestMeasured(dir, [file, '--warehouse', join(dir, 'wh'), '--commit-bytes', String(COMMIT_BYTES)]);
    assert.equal(summary.totals.lines, g.lines);
    assert.equal(summary.balanced, true);
    assert.ok(summary.commits >= 8, `commits all along the file, not only at its end: ${summary.commits}`);
    const mib = (n: number): string => `${(n / 1048576).toFixed(0)} MiB`;
    assert.ok(maxRss - base <= 100 * COMMIT_BYTES, `peak RSS ${mib(maxRss)} exceeds a tiny ingest's ${mib(base)} by more than 100 × --commit-bytes`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
