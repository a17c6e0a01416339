/**
 * Parser-stage micro-benchmark: `parseEvent` + `classifyEventType` into a reused RowBatch, the way
 * the ingest pipeline drives them (`batch.endRow(len)` after each row, `batch.reset()` every 65,536
 * rows), in CPU µs per event (`process.cpuUsage`, user + system, so GC work is included), median
 * of several passes, overall (events in file order) and per parser family.
 *
 * Input: the first `--lines` physical lines (default 300,000) of `.bench/docker-1000000.log`
 * (generated with generateBenchFile when absent), each a dockerd JSON record whose `log` text
 * (without its trailing newline) goes through the multi-line stage like in the pipeline (stack
 * traces become one event; `--no-multiline` feeds physical lines instead). `--demo` adds the
 * uncompressed Docker json-file logs of `demo/cluster-logs` as a second, separately reported set.
 *
 *   node --import tsx bench/parsers-bench.ts [--lines N] [--passes P] [--demo] [--json out.json]
 *   npx tsc -p tsconfig.json && node dist/bench/parsers-bench.js
 *
 * The machine is noisy: compare medians of runs made back to back. BASELINE below holds the
 * figures measured on the code before the parser-stage optimization (same machine, same inputs).
 */
import { createReadStream, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { PerformanceObserver } from 'node:perf_hooks';
import { repoRoot } from '../src/core/paths.js';
import { generateBenchFile } from '../src/generate/index.js';
import { parseEvent, MultilineAggregator } from '../src/parsers/index.js';
import { classifyEventType } from '../src/enrich/event-type.js';
import { RowBatch } from '../src/sinks/parquet/row-batch.js';

/**
 * CPU µs per event measured before the optimization (`node --import tsx`, 300k lines, 9 passes,
 * multi-line on), for the before/after table. null: not recorded.
 */
const BASELINE: Record<string, number | null> = {
  overall: null, json: null, kafka: null, spark: null, postgres: null, log4j: null, logfmt: null, fallback: null,
};

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string' },
    passes: { type: 'string' },
    file: { type: 'string' },
    demo: { type: 'boolean' },
    'no-multiline': { type: 'boolean' },
    json: { type: 'string' },
  },
});

const ROOT = repoRoot();
const LINES = Number(args.lines ?? 300_000);
const PASSES = Math.max(1, Number(args.passes ?? 9));
const FILE = args.file ?? join(ROOT, '.bench', 'docker-1000000.log');
const MULTILINE = !args['no-multiline'];

interface Event { text: string; family: string }

/** Reads up to `max` dockerd json-file records of `file` and returns their event texts. */
async function loadDocker(file: string, max: number): Promise<string[]> {
  const agg = new MultilineAggregator();
  const texts: string[] = [];
  let n = 0;
  let off = 0;
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    if (n++ >= max) break;
    let log: string;
    try {
      log = (JSON.parse(line) as { log: string }).log;
    } catch {
      continue;
    }
    if (log.charCodeAt(log.length - 1) === 10) log = log.slice(0, -1);
    if (!MULTILINE) texts.push(log);
    else for (const e of agg.push(log, off)) texts.push(e.text);
    off += line.length + 1;
  }
  rl.close();
  if (MULTILINE) {
    const f = agg.flush();
    if (f) texts.push(f.text);
  }
  return texts;
}

function findDemoLogs(dir: string, acc: string[] = []): string[] {
  if (!existsSync(dir)) return acc;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) findDemoLogs(p, acc);
    else if (/-json\.log(?:\.\d+)?$/.test(name)) acc.push(p);
  }
  return acc;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const batch = new RowBatch();

/** One pass over `texts` (parse + classify, or parse only); returns CPU µs spent. */
function pass(texts: readonly string[], classify: boolean): number {
  batch.reset();
  const c0 = process.cpuUsage();
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!;
    parseEvent(t, batch, {});
    if (classify) classifyEventType(batch);
    batch.endRow(t.length);
    if (batch.length >= 65536) batch.reset();
  }
  const c = process.cpuUsage(c0);
  return c.user + c.system;
}

let gcMs = 0;
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
});
obs.observe({ entryTypes: ['gc'] });

interface Figure { events: number; usPerEvent: number; min: number; parseOnly: number; gcMsPerPass: number }

async function measure(texts: readonly string[]): Promise<Figure> {
  pass(texts, true); // warm-up
  const xs: number[] = [];
  const ps: number[] = [];
  const gcs: number[] = [];
  for (let p = 0; p < PASSES; p++) {
    const g0 = gcMs;
    xs.push(pass(texts, true) / texts.length);
    await new Promise((r) => setImmediate(r)); // let the gc observer report
    gcs.push(gcMs - g0);
    // parse-only passes interleaved, so that noise hits both alike
    ps.push(pass(texts, false) / texts.length);
  }
  return { events: texts.length, usPerEvent: median(xs), min: Math.min(...xs), parseOnly: median(ps), gcMsPerPass: median(gcs) };
}

function classifyFamilies(texts: readonly string[]): Event[] {
  const b = new RowBatch();
  return texts.map((text) => {
    const family = parseEvent(text, b, {});
    b.clearRow();
    return { text, family };
  });
}

async function report(label: string, texts: string[]): Promise<Record<string, Figure>> {
  const events = classifyFamilies(texts);
  const byFamily = new Map<string, string[]>();
  for (const e of events) {
    let a = byFamily.get(e.family);
    if (!a) byFamily.set(e.family, (a = []));
    a.push(e.text);
  }
  const res: Record<string, Figure> = {};
  res['overall'] = await measure(texts);
  for (const [f, ts] of [...byFamily].sort((a, b) => b[1].length - a[1].length)) res[f] = await measure(ts);
  console.log(`\n${label}: ${texts.length} events, ${PASSES} passes (CPU µs per event, median; min; GC ms per pass)`);
  console.log('  set          events   before µs   now µs   min µs   speed-up   parse-only µs   GC ms');
  for (const [k, v] of Object.entries(res)) {
    const before = label === 'bench' ? BASELINE[k] : null;
    console.log(
      `  ${k.padEnd(10)} ${String(v.events).padStart(8)}   ${before == null ? '        -' : before.toFixed(3).padStart(9)}   ${v.usPerEvent.toFixed(3).padStart(6)}   ${v.min.toFixed(3).padStart(6)}` +
        `   ${before == null ? '       -' : ((before / v.usPerEvent).toFixed(2) + '×').padStart(8)}   ${v.parseOnly.toFixed(3).padStart(13)}   ${v.gcMsPerPass.toFixed(1).padStart(5)}`,
    );
  }
  return res;
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    console.log(`generating ${FILE} …`);
    await generateBenchFile(FILE, 1_000_000, 1);
  }
  const texts = await loadDocker(FILE, LINES);
  const out: Record<string, Record<string, Figure>> = {};
  out['bench'] = await report('bench', texts);
  if (args.demo) {
    const demo: string[] = [];
    for (const f of findDemoLogs(join(ROOT, 'demo', 'cluster-logs'))) demo.push(...(await loadDocker(f, Infinity)));
    out['demo'] = await report('demo', demo);
  }
  obs.disconnect();
  if (args.json) writeFileSync(args.json, JSON.stringify(out, null, 2));
}

await main();
