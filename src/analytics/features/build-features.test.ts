import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngest } from '../../pipeline/ingest.js';
import { openLake, query } from '../sql/lake.js';
import { buildFeatures, FEATURE_COLUMNS } from './build-features.js';
import { featuresCommand } from './features-command.js';
import { profileLake } from '../profile/profile-lake.js';
import { renderProfile } from '../profile/render-profile.js';
import { UsageError } from '../../core/errors.js';

const LINES = [
  { level: 'info', time: '2026-03-02T08:00:01.000Z', msg: 'request completed' },
  { level: 'error', time: '2026-03-02T08:00:02.000Z', msg: 'request errored', err: { type: 'TimeoutError', message: 'upstream timeout' } },
  { level: 'info', time: '2026-03-02T08:06:00.000Z', msg: 'request completed' },
  { level: 'info', time: '2026-03-02T08:16:00.000Z', msg: 'request completed' },
];

test('feature table columns and values on a tiny lake; profile of the same lake', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-features-'));
  try {
    const inDir = join(dir, 'in');
    mkdirSync(inDir);
    writeFileSync(join(inDir, 'app.log'), LINES.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const rawDir = join(dir, 'raw');
    mkdirSync(rawDir);
    writeFileSync(join(rawDir, 'raw.log'), 'not json, not parsed\n');
    const wh = join(dir, 'wh');
    await runIngest({ inputs: [inDir], warehouse: wh, service: 'svc', workers: 0 });
    await runIngest({ inputs: [rawDir], warehouse: wh, service: 'raw', workers: 0 });
    const { con, close } = await openLake(wh);
    try {
      const r = await buildFeatures(con, { warehouse: wh, window: '5m' });
      assert.equal(r.file, join(wh, 'analytics', 'features', 'window=5m', 'features.parquet'));
      assert.deepEqual(r.columns, [...FEATURE_COLUMNS]);
      const t = await query(con, `SELECT strftime(window_start, '%H:%M'), rows, info, error, error_rate, distinct_templates, new_templates,
          top_error_classes, secs_since_last_error, rows_mean_1h FROM read_parquet('${r.file}', hive_partitioning = false) WHERE service = 'svc' ORDER BY window_start`);
      const rows = t.rows;
      assert.deepEqual(rows.map((x) => x[0]), ['08:00', '08:05', '08:10', '08:15']);
      const json = rows.map((x) => x.slice(1, 4));
      assert.deepEqual(json, [[2, 1, 1], [1, 1, 0], [0, 0, 0], [1, 1, 0]]);
      assert.equal(rows[0]![4], 0.5);
      assert.equal(rows[2]![4], null, 'no rows → error_rate null');
      assert.deepEqual(rows.map((x) => x[5]), [2, 1, 0, 1]);
      assert.deepEqual(rows.map((x) => x[6]), [2, 0, 0, 0]);
      assert.equal(rows[0]![7], 'TimeoutError:1');
      assert.equal(rows[1]![8], 598, '08:10:00 − 08:00:02');
      assert.equal(rows[3]![9], 1, 'mean of 2,1,0,1');

      const p = await profileLake(con);
      const ok = p.groups.find((g) => g.source_format.endsWith('/json'));
      assert.ok(ok);
      assert.equal(ok.parse_success_rate, 1);
      assert.equal(ok.null_rate['message'], 0);
      assert.equal(ok.null_rate['error_class'], 0.75);
      const raw = p.groups.find((g) => g.service === 'raw');
      assert.ok(raw && raw.source_format.endsWith('/fallback'), JSON.stringify(p.groups.map((g) => g.source_format)));
      assert.equal(raw.parse_success_rate, 0);
      assert.equal(p.parse_success_rate, 0.8);
      const text = renderProfile(p);
      assert.match(text, /Null rate per column/);
    } finally {
      close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('features command rejects a bad window', async () => {
  await assert.rejects(featuresCommand(['--warehouse', '/nope', '--window', 'weekly'], process.stdout), UsageError);
  await assert.rejects(featuresCommand(['--window', '5m'], process.stdout), /--warehouse/);
});
