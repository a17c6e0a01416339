/**
 * Exactly once under SIGKILL: an ingest killed at many random moments and then re-run leaves
 * exactly the rows of one clean run — no duplicate, no loss — checked with SQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli, sql } from '../helpers/cli.js';

/** Several Docker json-file logs with multi-line traces and a few bad lines (deterministic). */
function makeInputs(files: number, linesPerFile: number): string {
  const root = mkdtempSync(join(tmpdir(), 'loglake-kill-'));
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let f = 0; f < files; f++) {
    const id = String(f).padStart(2, '0').repeat(32);
    const dir = join(root, 'containers', id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.v2.json'), JSON.stringify({ Name: `/svc-${f % 3}-${f}`, Config: { Image: 'x', Labels: { 'com.docker.compose.service': `svc${f % 3}` } } }));
    const out: string[] = [];
    let t = Date.UTC(2026, 2, 2, 6, 0, 0) + f * 1000;
    for (let i = 0; i < linesPerFile; i++) {
      t += Math.floor(rnd() * 400);
      const time = new Date(t).toISOString().replace('Z', '123456Z');
      const r = rnd();
      if (r < 0.01) out.push(`{"log":"broken`);
      else if (r < 0.03) {
        out.push(JSON.stringify({ log: `2026-03-02 06:00:00,000 ERROR [w-${i}] com.x.Job - failed ${i}\n`, stream: 'stderr', time }));
        out.push(JSON.stringify({ log: 'java.io.IOException: disk full\n', stream: 'stderr', time }));
        out.push(JSON.stringify({ log: `\tat com.x.Job.run(Job.java:${i})\n`, stream: 'stderr', time }));
      } else {
        out.push(JSON.stringify({ log: `{"level":30,"time":${t},"msg":"request ${i} done in ${Math.floor(r * 900)} ms","reqId":"r-${f}-${i}"}\n`, stream: 'stdout', time }));
      }
    }
    writeFileSync(join(dir, `${id}-json.log`), out.join('\n') + '\n');
  }
  return root;
}

const fingerprint = (wh: string): Record<string, unknown> =>
  sql(wh, `SELECT count(*) AS rows, count(DISTINCT (source_path, source_offset)) AS distinct_positions,
                  sum(hash(message) % 1000003) AS message_sum, count(DISTINCT service) AS services,
                  (SELECT count(*) FROM quarantine) AS quarantined,
                  (SELECT count(DISTINCT (source_path, source_offset)) FROM quarantine) AS quarantined_distinct,
                  -- what any reader globbing the dataset sees, not only the committed-file view
                  (SELECT count(*) FROM read_parquet('${wh}/logs/**/*.parquet', hive_partitioning = true)) AS glob_rows,
                  (SELECT count(*) FROM read_parquet('${wh}/quarantine/**/*.parquet')) AS glob_quarantined
           FROM logs`)[0]!;

test('SIGKILL at random moments, then re-run: no duplicate, no missing row', async () => {
  const inputs = makeInputs(8, 12000);
  const args = (wh: string): string[] => ['ingest', join(inputs, 'containers'), '--warehouse', wh, '--commit-bytes', '400000', '--json'];

  const ref = mkdtempSync(join(tmpdir(), 'loglake-ref-'));
  const clean = runCli(args(ref));
  assert.equal(clean.status, 0, clean.stderr);
  const expected = fingerprint(ref);
  assert.ok(Number(expected.rows) > 80000, `reference rows: ${String(expected.rows)}`);
  assert.equal(expected.rows, expected.distinct_positions);

  const wh = mkdtempSync(join(tmpdir(), 'loglake-killed-'));
  // deterministic crashes in the window between "data files written" and "commit"
  for (const fp of ['before-commit-0', 'before-commit-3']) {
    const r = runCli(args(wh), { env: { LOGLAKE_FAILPOINT: fp } });
    assert.notEqual(r.status, 0, `failpoint ${fp} should have killed the run`);
  }
  // then SIGKILL at random moments spread over a run's duration
  const t0 = Date.now();
  runCli(args(mkdtempSync(join(tmpdir(), 'loglake-timing-'))));
  const runMs = Date.now() - t0;
  const kills: number[] = [];
  let killedMidRun = 0;
  for (let k = 0; k < 12; k++) {
    const delay = Math.floor(Math.random() * runMs * 0.5) + 20;
    kills.push(delay);
    const child = startCli(args(wh));
    const exited = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(false);
      }, delay);
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!exited) {
      killedMidRun++;
      await new Promise((r) => child.on('exit', r));
    }
  }
  const final = runCli(args(wh));
  assert.equal(final.status, 0, final.stderr);
  const got = fingerprint(wh);
  assert.deepEqual(got, expected, `kill delays (ms): ${kills.join(', ')}`);
  assert.ok(killedMidRun >= 1, `at least one run was killed mid-way (${killedMidRun}); delays ${kills.join(', ')}`);
});
