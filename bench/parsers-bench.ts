/**
 * Parser-stage micro-benchmark: `parseEvent` + `classifyEventType` into a reused RowBatch, the way
 * the ingest pipeline drives them (`batch.endRow(len)` after each row, `batch.reset()` every 65,536
 * rows), in CPU µs per event (`process.cpuUsage`, user + system, so GC work is included), median
 * of several passes, overall (events in file order) and per parser family; plus the parse-only
 * figure (parseEvent without classifyEventType).
 *
 * Input: the first `--lines` physical lines (default 300,000) of `.bench/docker-1000000.log`
 * (generated with generateBenchFile when absent), each a dockerd JSON record whose `log` text
 * (without its trailing newline) goes through the multi-line stage like in the pipeline (stack
 * traces become one event; `--no-multiline` feeds physical lines instead). `--demo` adds the
 * uncompressed Docker json-file logs of `demo/cluster-logs` as a second, separately reported set.
 *
 * Before/after: `--baseline <dir>` loads a second copy of the code (`<dir>/parsers/index` and
 * `<dir>/enrich/event-type`, e.g. `git archive <rev> src | tar -x -C /tmp/base` → `/tmp/base/src`)
 * and runs its passes interleaved with the current code's, in the same process, so that machine
 * noise hits both alike (with its own `<dir>/sinks/parquet/row-batch` when there is one, so that a
 * change of RowBatch is measured too); the table then shows both and the speed-up. Without it, the "before"
 * column shows BASELINE, the figures recorded before the parser-stage optimization.
 *
 *   node --import tsx bench/parsers-bench.ts [--lines N] [--passes P] [--demo] [--baseline DIR] [--json out.json]
 *   npx tsc -p tsconfig.json && node dist/bench/parsers-bench.js
 */
import { createReadStream, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/core/paths.js';
import type { FieldWriter } from '../src/core/fields.js';
import { generateBenchFile } from '../src/generate/index.js';
import { parseEvent, MultilineAggregator } from '../src/parsers/index.js';
import { classifyEventType } from '../src/enrich/event-type.js';
import { RowBatch } from '../src/sinks/parquet/row-batch.js';

/**
 * CPU µs per event (parse + classify) of the code before the parser-stage optimization (commit
 * 3ddf2d6's src/parsers and src/enrich/event-type.ts), measured interleaved with the optimized code
 * (`--baseline`, tsx, 300k lines → 268,663 events, multi-line on, 7 passes, median of 3 runs on a
 * busy 2-core machine), for the table when no `--baseline` is given.
 */
const BASELINE: Record<string, number> = {
  overall: 3.999, spark: 2.385, kafka: 3.866, postgres: 4.517, json: 3.82, fallback: 1.655,
};

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string' },
    passes: { type: 'string' },
    file: { type: 'string' },
    demo: { type: 'boolean' },
    'no-multiline': { type: 'boolean' },
    baseline: { type: 'string' },
    json: { type: 'string' },
  },
});

const ROOT = repoRoot();
const LINES = Number(args.lines ?? 300_000);
const PASSES = Math.max(1, Number(args.passes ?? 9));
const FILE = args.file ?? join(ROOT, '.bench', 'docker-1000000.log');
const MULTILINE = !args['no-multiline'];

/** One implementation of the stage under test. */
interface Impl {
  parse: (text: string, out: FieldWriter, ctx: object) => string;
  classify: (out: FieldWriter) => string;
  /** The batch the rows are written to (the baseline's own RowBatch when its directory has one). */
  batch: Batch;
}

/** What a pass needs of a RowBatch. */
type Batch = FieldWriter & { length: number; endRow(textBytes: number): void; reset(): void };

const current: Impl = { parse: parseEvent, classify: classifyEventType, batch: new RowBatch() };

async function loadBaseline(dir: string): Promise<Impl> {
  const ext = existsSync(join(dir, 'parsers', 'index.ts')) ? '.ts' : '.js';
  const p = (await import(pathToFileURL(resolve(dir, 'parsers', 'index' + ext)).href)) as { parseEvent: Impl['parse'] };
  const e = (await import(pathToFileURL(resolve(dir, 'enrich', 'event-type' + ext)).href)) as { classifyEventType: Impl['classify'] };
  const rb = join(dir, 'sinks', 'parquet', 'row-batch' + ext);
  const batch = existsSync(rb) ? new ((await import(pathToFileURL(resolve(rb)).href)) as { RowBatch: new () => Batch }).RowBatch() : new RowBatch();
  return { parse: p.parseEvent, classify: e.classifyEventType, batch };
}

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

/** One pass over `texts` (parse + classify, or parse only); returns CPU µs per event. */
function pass(impl: Impl, texts: readonly string[], classify: boolean): number {
  const batch = impl.batch;
  batch.reset();
  const ctx = {};
  const c0 = process.cpuUsage();
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!;
    impl.parse(t, batch, ctx);
    if (classify) impl.classify(batch);
    batch.endRow(t.length);
    if (batch.length >= 65536) batch.reset();
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / texts.length;
}

interface Figure { events: number; us: number; min: number; parseOnly: number }

/** Measures each implementation on `texts`, passes interleaved (a b, b a, a b …). */
async function measure(impls: Impl[], texts: readonly string[]): Promise<Figure[]> {
  for (const impl of impls) pass(impl, texts, true); // warm-up
  const all = impls.map(() => ({ xs: [] as number[], ps: [] as number[] }));
  for (let p = 0; p < PASSES; p++) {
    for (let j = 0; j < impls.length; j++) {
      const k = p % 2 === 0 ? j : impls.length - 1 - j;
      all[k]!.xs.push(pass(impls[k]!, texts, true));
      all[k]!.ps.push(pass(impls[k]!, texts, false));
    }
  }
  return all.map((a) => ({ events: texts.length, us: median(a.xs), min: Math.min(...a.xs), parseOnly: median(a.ps) }));
}

function classifyFamilies(texts: readonly string[]): Map<string, string[]> {
  const b = new RowBatch();
  const byFamily = new Map<string, string[]>();
  for (const text of texts) {
    const family = parseEvent(text, b, {});
    b.clearRow();
    let a = byFamily.get(family);
    if (!a) byFamily.set(family, (a = []));
    a.push(text);
  }
  return byFamily;
}

const f3 = (x: number, w: number): string => (Number.isNaN(x) ? '-' : x.toFixed(3)).padStart(w);

async function report(label: string, texts: string[], base: Impl | undefined): Promise<Record<string, { now: Figure; before?: Figure }>> {
  const sets: [string, string[]][] = [['overall', texts], ...[...classifyFamilies(texts)].sort((a, b) => b[1].length - a[1].length)];
  const res: Record<string, { now: Figure; before?: Figure }> = {};
  console.log(`\n${label}: ${texts.length} events, ${PASSES} passes${base ? ', interleaved with --baseline' : ''} (CPU µs per event: median, min)`);
  console.log('  set          events   before µs   now µs   min µs   speed-up   parse-only µs (before → now)');
  for (const [name, ts] of sets) {
    const [now, before] = await measure(base ? [current, base] : [current], ts);
    res[name] = { now: now!, before };
    // BASELINE holds figures for the default input only
    const b = before ? before.us : label === 'bench' && LINES === 300_000 && MULTILINE && !args.file ? (BASELINE[name] ?? NaN) : NaN;
    console.log(
      `  ${name.padEnd(10)} ${String(ts.length).padStart(8)}   ${f3(b, 9)}   ${f3(now!.us, 6)}   ${f3(now!.min, 6)}` +
        `   ${Number.isNaN(b) ? '       -' : ((b / now!.us).toFixed(2) + '×').padStart(8)}` +
        `   ${(before ? before.parseOnly.toFixed(3) + ' → ' : '') + now!.parseOnly.toFixed(3)}`,
    );
  }
  return res;
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    console.log(`generating ${FILE} …`);
    await generateBenchFile(FILE, 1_000_000, 1);
  }
  const base = args.baseline ? await loadBaseline(args.baseline) : undefined;
  const texts = await loadDocker(FILE, LINES);
  const out: Record<string, unknown> = {};
  out['bench'] = await report('bench', texts, base);
  if (args.demo) {
    const demo: string[] = [];
    for (const f of findDemoLogs(join(ROOT, 'demo', 'cluster-logs'))) demo.push(...(await loadDocker(f, Infinity)));
    out['demo'] = await report('demo', demo, base);
  }
  if (args.json) writeFileSync(args.json, JSON.stringify(out, null, 2));
}

await main();
