/**
 * The backfill Indexed Job's contract, end to end: N pods run the same command with `--shard auto`,
 * each with its own JOB_COMPLETION_INDEX and LOGLAKE_SHARD_COUNT = completions; together they read
 * every source exactly once and the table equals a single writer's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeInputs } from '../helpers/kill-inputs.js';
import { runCli } from '../helpers/cli.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

const totals = (wh: string): Record<string, unknown> => {
  const r = runCli(['query', '--warehouse', wh, '--format', 'json', 'SELECT count(*) AS rows, count(DISTINCT (source_path, source_offset)) AS positions, sum(hash(message) % 1000003) AS msum FROM logs']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

test('Indexed Job pods with --shard auto cover every source once', () => {
  const containers = join(makeInputs(6, 120), 'containers');
  const ref = mkdtempSync(join(tmpdir(), 'loglake-ref-'));
  assert.equal(runCli(['ingest', containers, '--warehouse', ref, '--table-format', 'iceberg', '--no-progress']).status, 0);
  const wh = mkdtempSync(join(tmpdir(), 'loglake-indexed-'));
  const completions = 3;
  let read = 0;
  for (let i = 0; i < completions; i++) {
    const r = runCli(['ingest', containers, '--warehouse', wh, '--table-format', 'iceberg', '--shard', 'auto', '--json'],
      { env: { JOB_COMPLETION_INDEX: String(i), LOGLAKE_SHARD_COUNT: String(completions) } });
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as RunSummary;
    assert.equal(s.files_read + s.files_skipped_other_shards, 6);
    read += s.files_read;
  }
  assert.equal(read, 6, 'each source read by exactly one pod');
  assert.deepEqual(totals(wh), totals(ref));
});

test('--shard auto outside an Indexed Job: one line, exit 2, nothing written', () => {
  const wh = mkdtempSync(join(tmpdir(), 'loglake-indexed-'));
  const containers = join(makeInputs(1, 5), 'containers');
  const r = runCli(['ingest', containers, '--warehouse', wh, '--table-format', 'iceberg', '--shard', 'auto'], { env: { JOB_COMPLETION_INDEX: undefined, LOGLAKE_SHARD_COUNT: undefined } });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /--shard auto needs JOB_COMPLETION_INDEX .*missing: JOB_COMPLETION_INDEX and LOGLAKE_SHARD_COUNT/);
  const bad = runCli(['ingest', containers, '--warehouse', wh, '--table-format', 'iceberg', '--shard', 'auto'], { env: { JOB_COMPLETION_INDEX: '5', LOGLAKE_SHARD_COUNT: '4' } });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /JOB_COMPLETION_INDEX=5 is not below LOGLAKE_SHARD_COUNT=4/);
  assert.deepEqual(readdirSync(wh), []);
});
