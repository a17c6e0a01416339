/**
 * Issue 13, item 1: memory is bounded by --commit-bytes whatever the input. A Docker log whose first
 * line is on stderr (a quiet stream whose event may still continue) used to hold the commit barrier
 * at "no safe point" for the whole file: 2 commits and a peak RSS growing with the file (5.7 GB and
 * out of memory on 2 GB). Here a 96 MiB file must commit all along and be ingested by a process whose
 * V8 heap is capped at 64 MiB (`--max-old-space-size`): holding the file's events would need several
 * times that, so a heap that grows with the input ends in "heap out of memory". Peak RSS is not
 * asserted (it moves with GC timing and the machine's load); the control run (commit size above the
 * file) shows what holding the file looks like: the cap bites, or one commit at the end.
 * The 2 GB case is bench/bounded-memory-bench.ts.
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
/** The child's old-space cap in MiB: ample for bounded ingest, far too small for a 96 MiB file's events. */
const HEAP_CAP_MIB = 64;

interface Measured { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs `loglake ingest` in a child process whose V8 heap is capped. */
function ingestCapped(dir: string, args: string[]): Measured {
  const main = pathToFileURL(join(repoRoot(), 'dist', 'src', 'cli', 'main.js')).href;
  // a script file, not -e: worker threads inherit the parent's execArgv
  const script = join(dir, 'measure.mjs');
  writeFileSync(script, `const { main } = await import(${JSON.stringify(main)}); const code = await main(JSON.parse(process.argv[2]));
process.stderr.write('maxrss=' + process.resourceUsage().maxRSS * 1024 + '\\n'); process.exitCode = code;\n`);
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_CAP_MIB}`, script, JSON.stringify(['ingest', '--json', '--no-templates', ...args])], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

test('one quiet stream does not hold commits back; ingest fits a V8 heap capped far below the input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-mem-'));
  try {
    const file = join(dir, 'quiet-json.log');
    const g = writeQuietStreamFile(file, 96 * 1024 * 1024);
    const r = ingestCapped(dir, [file, '--warehouse', join(dir, 'wh'), '--commit-bytes', String(COMMIT_BYTES)]);
    assert.equal(r.status, 0, `capped ingest failed (signal ${r.signal ?? 'none'}): ${r.stderr.slice(-2000)}`);
    const summary = JSON.parse(r.stdout) as RunSummary;
    assert.equal(summary.totals.lines, g.lines);
    assert.equal(summary.balanced, true);
    assert.ok(summary.commits >= 16, `commits all along the file, not only at its end: ${summary.commits}`);
    const rss = /maxrss=(\d+)/.exec(r.stderr);
    if (rss) process.stderr.write(`# bounded-memory: peak RSS ${(Number(rss[1]) / 1048576).toFixed(0)} MiB with a ${HEAP_CAP_MIB} MiB heap cap\n`);

    // control: with the commit size above the file, its rows are held until the end: the cap is
    // exceeded, or (rows are kept as UTF-8 bytes outside the V8 heap since issue 9) the file ends in
    // one commit
    const control = ingestCapped(dir, [file, '--warehouse', join(dir, 'wh-control'), '--commit-bytes', String(1024 * 1024 * 1024)]);
    if (control.status === 0) assert.ok((JSON.parse(control.stdout) as RunSummary).commits <= 2, 'the control holds the file until the end');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
