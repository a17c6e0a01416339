import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngest } from '../../pipeline/ingest.js';
import { openLake, query } from '../sql/lake.js';
import { detectAnomalies } from './detect-anomalies.js';
import { renderAnomalies } from './render-anomalies.js';
import { anomaliesCommand } from './anomalies-command.js';
import { UsageError } from '../../core/errors.js';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);

test('end to end: a lake with a 20-minute silence and an error burst', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-anomalies-'));
  try {
    const inDir = join(dir, 'in');
    mkdirSync(inDir);
    let text = '';
    // 3 h of one line every 10 s; silent 09:40–10:00; 40 errors at 10:30.
    for (let t = T0; t < T0 + 3 * 3600_000; t += 10_000) {
      if (t >= T0 + 100 * 60_000 && t < T0 + 120 * 60_000) continue;
      text += JSON.stringify({ level: 'info', time: new Date(t).toISOString(), msg: `request ${t % 7} completed` }) + '\n';
    }
    for (let i = 0; i < 40; i++) {
      text += JSON.stringify({ level: 'error', time: new Date(T0 + 150 * 60_000 + i * 1000).toISOString(), msg: 'upstream timed out' }) + '\n';
    }
    writeFileSync(join(inDir, 'app.log'), text);
    const wh = join(dir, 'wh');
    await runIngest({ inputs: [inDir], warehouse: wh, service: 'payments', workers: 0 });
    const { con, close } = await openLake(wh);
    try {
      const r = await detectAnomalies(con, { warehouse: wh });
      const kinds = r.anomalies.map((a) => `${a.kind}@${a.window_start.slice(11, 16)}`);
      assert.ok(kinds.includes('silence@09:40'), kinds.join(' '));
      assert.ok(kinds.some((k) => k.startsWith('error_spike@10:30')), kinds.join(' '));
      const silence = r.anomalies.find((a) => a.kind === 'silence')!;
      assert.equal(silence.window_end.slice(11, 16), '10:00');
      assert.match(silence.explanation, /^payments wrote 0 lines for 20 min \(09:39–10:00 UTC; usually ~30\/5min\)/);
      assert.equal(silence.evidence.sample_rows.length, 2);
      assert.ok(renderAnomalies(r).includes('payments wrote 0 lines'));
      const table = await query(con, `SELECT kind, count(*) FROM read_parquet('${r.table_file}') GROUP BY kind ORDER BY kind`);
      assert.deepEqual(Object.fromEntries(table.rows.map((x) => [x[0], x[1]])).silence, 1);
      // new columns after the old ones; every alert belongs to an incident with a rank
      const cols = await query(con, `SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('${r.table_file}'))`);
      assert.deepEqual(cols.rows.map((x) => x[0]), ['id', 'service', 'entity', 'instance', 'window_start', 'window_end', 'kind', 'score', 'explanation', 'evidence', 'correlated', 'incident_id', 'root_cause_rank', 'benign_reason']);
      const inc = await query(con, `SELECT count(*) FILTER (WHERE incident_id IS NULL), min(root_cause_rank) FROM read_parquet('${r.table_file}')`);
      assert.deepEqual(inc.rows[0]!.map(Number), [0, 1]);
      assert.ok((r.incidents ?? []).length >= 2);
      assert.deepEqual(r.benign, []);
      for (const a of r.anomalies) assert.ok(r.incidents!.some((i) => i.incident_id === a.incident_id && i.anomaly_ids.includes(a.id)));
    } finally {
      close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('anomalies command: bad flags are usage errors', async () => {
  await assert.rejects(anomaliesCommand(['--warehouse', '/x', '--kind', 'weird'], process.stdout), UsageError);
  await assert.rejects(anomaliesCommand(['--nope'], process.stdout), UsageError);
  await assert.rejects(anomaliesCommand(['--warehouse', '/x', '--format', 'xml'], process.stdout), UsageError);
});
