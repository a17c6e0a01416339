import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestMetrics } from './ingest-metrics.js';
import { parseListenAddress, startMetricsServer } from './metrics-server.js';
import { runIngest } from '../pipeline/ingest.js';
import { repoRoot } from '../core/paths.js';

const value = (text: string, name: string): number =>
  [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);

test('a batch run\'s counters equal its summary: lines, rows, merged, quarantined, blank, commits', async () => {
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
    const blank = join(dir, 'blank.log');
    writeFileSync(blank, '\n \n\t\n');
    const metrics = new IngestMetrics();
    const s = await runIngest({ inputs: [log, blank], warehouse: join(dir, 'wh'), idleSecs: 0, templates: false, workers: 0, metrics });
    const text = await metrics.text();
    assert.equal(value(text, 'loglake_lines_read_total'), s.totals.lines);
    assert.equal(value(text, 'loglake_rows_committed_total'), s.totals.rows);
    assert.equal(value(text, 'loglake_lines_merged_total'), s.totals.merged);
    assert.equal(value(text, 'loglake_lines_quarantined_total'), s.totals.quarantined);
    assert.equal(value(text, 'loglake_lines_blank_total'), s.totals.blank);
    assert.equal(value(text, 'loglake_lines_read_total'), ['rows_committed', 'lines_merged', 'lines_quarantined', 'lines_blank'].reduce((n, k) => n + value(text, `loglake_${k}_total`), 0));
    assert.equal(value(text, 'loglake_commits_total'), s.commits);
    assert.deepEqual([s.totals.rows, s.totals.merged, s.totals.quarantined, s.totals.blank], [2, 2, 1, 3]);
    assert.match(text, /^loglake_commit_duration_seconds_count 1$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docs/metrics.md (the contract the alert rules are checked against) lists exactly the loglake_ metrics exported', async () => {
  const documented = readFileSync(join(repoRoot(), 'docs', 'metrics.md'), 'utf8').match(/^\| `(loglake_[a-z_]+)`/gm)!.map((l) => l.slice(3, -1)).sort();
  const m = new IngestMetrics();
  m.setCommitInterval(10);
  const exported = [...(await m.text()).matchAll(/^# TYPE (loglake_\S+) /gm)].map((x) => x[1]!)
    .filter((n) => !/^loglake_(process|nodejs)_/.test(n)).sort();
  assert.deepEqual(exported, documented);
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
