/**
 * Follow-mode benchmark: freshness (line written → row queryable through the committed view) and
 * memory (the follower's RSS) over a run with a steady input rate.
 *
 * A writer appends Docker json-file lines to several container logs at a fixed rate (rotating one
 * file by rename now and then); every second a marker line is written and the committed lake is
 * polled until the marker's row is there. The follower runs as `loglake ingest --follow` in its own
 * process; its RSS is sampled from /proc every second.
 *
 *   node dist/bench/follow-bench.js [--minutes 5] [--rate 2000] [--commit-interval 10s] [--rotate-secs 60]
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/core/paths.js';
import { openLake, query } from '../src/analytics/sql/lake.js';

const { values } = parseArgs({ options: { minutes: { type: 'string' }, rate: { type: 'string' }, 'commit-interval': { type: 'string' }, containers: { type: 'string' }, 'rotate-secs': { type: 'string' } } });
const rotateMs = Number(values['rotate-secs'] ?? 60) * 1000;
const minutes = Number(values.minutes ?? 5);
const rate = Number(values.rate ?? 2000);
const interval = values['commit-interval'] ?? '10s';
const containers = Number(values.containers ?? 4);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'loglake-followbench-'));
  const dir = join(root, 'containers');
  const wh = join(root, 'wh');
  const files = Array.from({ length: containers }, (_, i) => {
    const id = String(i).padStart(2, '0').repeat(32);
    mkdirSync(join(dir, id), { recursive: true });
    return join(dir, id, `${id}-json.log`);
  });
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'loglake.js'), 'ingest', dir, '--warehouse', wh, '--follow', '--commit-interval', interval, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let summary = '';
  child.stdout.on('data', (d: Buffer) => (summary += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));

  const t0 = Date.now();
  const endAt = t0 + minutes * 60_000;
  let written = 0;
  let seq = 0;
  const rss: Array<[number, number]> = [];
  const fresh: number[] = [];
  const pending = new Map<string, number>();
  const line = (msg: string): string => JSON.stringify({ log: `2026-11-30 05:00:00 INFO worker: ${msg} ${'x'.repeat(80)}\n`, stream: 'stdout', time: new Date().toISOString() }) + '\n';

  // writer: every 100 ms, rate/10 lines spread over the files; a rename rotation every --rotate-secs (60)
  const writer = (async () => {
    let nextRotate = Date.now() + rotateMs;
    let rotations = 0;
    while (Date.now() < endAt) {
      const n = Math.round(rate / 10);
      const per = files.map(() => '');
      for (let i = 0; i < n; i++) per[i % files.length] += line(`l${seq++}`);
      files.forEach((f, i) => appendFileSync(f, per[i]!));
      written += n;
      if (Date.now() >= nextRotate) {
        renameSync(files[0]!, `${files[0]}.${++rotations}`);
        nextRotate += rotateMs;
      }
      await sleep(100);
    }
  })();
  // markers + freshness probe + RSS sampling, once a second
  const lake = async (): Promise<Set<string>> => {
    try {
      const l = await openLake(wh);
      try {
        const r = await query(l.con, `SELECT regexp_extract(message, 'marker-(\\d+)', 1) AS id FROM logs WHERE message LIKE '%marker-%'`);
        return new Set(r.rows.map((x) => String(x[0])));
      } finally {
        l.close();
      }
    } catch {
      return new Set();
    }
  };
  let marker = 0;
  while (Date.now() < endAt || (pending.size > 0 && Date.now() < endAt + 120_000)) {
    if (Date.now() < endAt) {
      const id = String(marker++);
      appendFileSync(files[1]!, line(`marker-${id}`));
      written++;
      pending.set(id, Date.now());
    }
    rss.push([Date.now() - t0, rssMiB(child.pid!)]);
    const seen = await lake();
    for (const [id, at] of pending) {
      if (seen.has(id)) {
        fresh.push((Date.now() - at) / 1000);
        pending.delete(id);
      }
    }
    await sleep(1000);
  }
  await writer;
  await sleep(3000);
  child.kill('SIGTERM');
  const code = await exited;
  const s = JSON.parse(summary) as { totals: { lines: number; rows: number; merged: number; quarantined: number }; balanced: boolean; source_errors: unknown[]; quarantine_reasons: Record<string, number> };
  const rssVals = rss.map(([, v]) => v).filter((v) => !Number.isNaN(v));
  const firstMin = rss.filter(([t]) => t < 60_000).map(([, v]) => v);
  const lastMin = rss.filter(([t]) => t > minutes * 60_000 - 60_000).map(([, v]) => v);
  console.log(`follow bench: ${minutes} min, ${rate} lines/s over ${containers} files, commit interval ${interval}; exit ${code}`);
  console.log(`lines written ${written}, read ${s.totals.lines}, rows ${s.totals.rows}, merged ${s.totals.merged}, quarantined ${s.totals.quarantined} ${JSON.stringify(s.quarantine_reasons)}; balanced ${s.balanced}; source errors ${JSON.stringify(s.source_errors)}`);
  console.log(`freshness (write → queryable), ${fresh.length} markers: p50 ${pct(fresh, 0.5).toFixed(1)} s, p95 ${pct(fresh, 0.95).toFixed(1)} s, max ${Math.max(...fresh).toFixed(1)} s; never seen: ${pending.size}`);
  console.log(`RSS MiB: median ${pct(rssVals, 0.5).toFixed(0)}, max ${Math.max(...rssVals).toFixed(0)}; first minute max ${Math.max(...firstMin).toFixed(0)}, last minute max ${Math.max(...lastMin).toFixed(0)}`);
  rmSync(root, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
