import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIncidentSet } from './incident-set.js';

test('incident set: deterministic, one container per deploy, truth with incidents and benign traps', () => {
  const a = mkdtempSync(join(tmpdir(), 'loglake-incset-'));
  const b = mkdtempSync(join(tmpdir(), 'loglake-incset-'));
  try {
    const ta = generateIncidentSet({ out: a, seed: 7, hours: 24, rate: 0.05 });
    const tb = generateIncidentSet({ out: b, seed: 7, hours: 24, rate: 0.05 });
    assert.deepEqual(ta, tb);
    assert.deepEqual(ta.incidents.map((i) => i.type).sort(), ['bad_deploy', 'cascade', 'crash', 'latency', 'new_error', 'retry_storm']);
    for (const i of ta.incidents) assert.equal(i.services[0], i.root_cause);
    const kinds = new Set(ta.benign.map((x) => x.type));
    for (const k of ['cron_hourly', 'cron_nightly', 'deploy', 'bursty']) assert.ok(kinds.has(k as never), k);
    // 9 services + 4 deploys (3 benign + the bad one) = 13 containers, each with a log and config
    const dirs = readdirSync(join(a, 'docker', 'containers'));
    assert.equal(dirs.length, 13);
    const d = dirs[0]!;
    const cfg = JSON.parse(readFileSync(join(a, 'docker', 'containers', d, 'config.v2.json'), 'utf8')) as { Config: { Labels: Record<string, string> } };
    assert.ok(ta.services.includes(cfg.Config.Labels['com.docker.compose.service']!));
    const first = readFileSync(join(a, 'docker', 'containers', d, `${d}-json.log`), 'utf8').split('\n')[0]!;
    const rec = JSON.parse(first) as { log: string; time: string };
    const line = JSON.parse(rec.log) as { time: string; level: string; msg: string };
    assert.ok(line.msg.length > 0 && ['debug', 'info', 'warn', 'error'].includes(line.level));
    // no incident overlaps the nightly job hour or another incident's hour
    const hours = ta.incidents.map((i) => new Date(i.start).getUTCHours());
    assert.ok(!hours.includes(2));
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});
