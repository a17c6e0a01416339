import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestMetrics } from './ingest-metrics.js';
import { parseListenAddress, startMetricsServer } from './metrics-server.js';
import { runIngest } from '../pipeline/ingest.js';

const value = (text: string, name: string): number =>
  [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);

test('a batch run\'s counters equal its summary: lines, rows, merged, quarantined, commits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-metrics-'));
  try {
    const log = join(dir, 'app-json.log');
    const t = '2026-11-30T05:00:00Z';
    const lines = [
      JSON.stringify({ log: '2026-11-30 05:00:00 ERROR Job: failed\n', stream: 'stderr', time: t }),
      JSON.stringify({ log: 'java.io.IOException: disk full\n', stream: 'stderr', time: t }),
      JSON.stringify({ log: '\tat com.x.Job.run(Job.java:1)\n', stream: 'stderr', time: t }),
      '{"log":"broken',
      JSON.stringify({ log: '2026-11-30 05:00:01 INFO Job: done\n', stream: 'stdout', time: t }),
    ];
    writeFileSync(log, lines.join('\n') + '\n');
    const metrics = new IngestMetrics();
    const s = await runIngest({ inputs: [log], warehouse: join(dir, 'wh'), idleSecs: 0, templates: false, workers: 0, metrics });
    const text = await metrics.text();
    assert.equal(value(text, 'loglake_lines_read_total'), s.totals.lines);
    assert.equal(value(text, 'loglake_rows_committed_total'), s.totals.rows);
    assert.equal(value(text, 'loglake_lines_merged_total'), s.totals.merged);
    assert.equal(value(text, 'loglake_lines_quarantined_total'), s.totals.quarantined);
    assert.equal(value(text, 'loglake_commits_total'), s.commits);
    assert.deepEqual([s.totals.rows, s.totals.merged, s.totals.quarantined], [2, 2, 1]);
    assert.match(text, /^loglake_commit_duration_seconds_count 1$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the endpoint: /metrics, /healthz, /readyz from the callback, 404 elsewhere; bad addresses are usage errors', async () => {
  let ready = false;
  const server = await startMetricsServer('127.0.0.1:0', new IngestMetrics(), () => ready);
  try {
    const base = `http://${server.address}`;
    assert.match(await (await fetch(`${base}/metrics`)).text(), /^loglake_process_resident_memory_bytes /m);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
    ready = true;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    assert.equal((await fetch(`${base}/other`)).status, 404);
  } finally {
    await server.close();
  }
  assert.deepEqual(parseListenAddress('[::1]:9464'), { host: '::1', port: 9464 });
  for (const bad of ['9464', 'host:', 'host:99999', 'a:b']) assert.throws(() => parseListenAddress(bad), /--metrics-addr must be host:port/);
});
