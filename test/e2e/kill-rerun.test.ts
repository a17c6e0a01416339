/**
 * Exactly once under SIGKILL: an ingest killed at many random moments and then re-run leaves
 * exactly the rows of one clean run — no duplicate, no loss — checked with SQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { makeInputs } from '../helpers/kill-inputs.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli, sql } from '../helpers/cli.js';

const fingerprint = (wh: string, format: 'parquet' | 'iceberg'): Record<string, unknown> =>
  sql(wh, format === 'iceberg' ? `SELECT count(*) AS rows, count(DISTINCT (source_path, source_offset)) AS distinct_positions,
                  sum(hash(message) % 1000003) AS message_sum, count(DISTINCT service) AS services,
                  (SELECT count(*) FROM quarantine) AS quarantined,
                  (SELECT count(DISTINCT (source_path, source_offset)) FROM quarantine) AS quarantined_distinct
           FROM logs` : `SELECT count(*) AS rows, count(DISTINCT (source_path, source_offset)) AS distinct_positions,
                  sum(hash(message) % 1000003) AS message_sum, count(DISTINCT service) AS services,
                  (SELECT count(*) FROM quarantine) AS quarantined,
                  (SELECT count(DISTINCT (source_path, source_offset)) FROM quarantine) AS quarantined_distinct,
                  -- what any reader globbing the dataset sees, not only the committed-file view
                  (SELECT count(*) FROM read_parquet('${wh}/logs/**/*.parquet', hive_partitioning = true)) AS glob_rows,
                  (SELECT count(*) FROM read_parquet('${wh}/quarantine/**/*.parquet')) AS glob_quarantined
           FROM logs`)[0]!;

for (const format of ['parquet', 'iceberg'] as const) test(`${format}: SIGKILL at random moments, then re-run: no duplicate, no missing row`, async () => {
  const inputs = makeInputs(8, format === 'iceberg' ? 6000 : 12000);
  const args = (wh: string): string[] => ['ingest', join(inputs, 'containers'), '--warehouse', wh, '--commit-bytes', '400000', '--json', '--table-format', format];

  const ref = mkdtempSync(join(tmpdir(), 'loglake-ref-'));
  const clean = runCli(args(ref));
  assert.equal(clean.status, 0, clean.stderr);
  const expected = fingerprint(ref, format);
  assert.ok(Number(expected.rows) > 40000, `reference rows: ${String(expected.rows)}`);
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
  const got = fingerprint(wh, format);
  assert.deepEqual(got, expected, `kill delays (ms): ${kills.join(', ')}`);
  assert.ok(killedMidRun >= 1, `at least one run was killed mid-way (${killedMidRun}); delays ${kills.join(', ')}`);
});
