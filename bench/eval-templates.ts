/**
 * Evaluates the template miner on the Loghub 2k samples with the Loghub-2.0 corrected labels
 * (`<Name>_2k.log_structured_corrected.csv`) and prints GA, FGA, PA, FTA and the miner's speed.
 *
 * Run: `node --import tsx bench/eval-templates.ts` (or `node dist/bench/eval-templates.js`).
 * Options: `--errors <Name>` prints the mis-parsed templates of one dataset;
 *          `--drain` adds a plain-Drain baseline (same scorer) for comparison.
 * Env `TEMPLATES_MIN_VARIANTS=<n>` overrides minVariants for all datasets alike (sensitivity
 * experiments only; the reported table uses the defaults).
 * The corpus is read from `<repo>/../shared/corpus/loghub`; when it is absent the script says so
 * and exits 0. The Loghub files are research-licensed and are never copied into the repo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../src/core/paths.js';
import { TemplateMiner } from '../src/enrich/templates/miner.js';
import { DEFAULT_MASK_RULES, type MaskRule } from '../src/enrich/templates/masking.js';
import { V1_MASK_RULES } from '../src/enrich/templates/persistence.js';
import { parseCsvRecords } from '../src/analytics/templates/csv.js';
import { scoreTemplates, type TemplateScores } from '../src/analytics/templates/scoring.js';

const DATASETS = ['Spark', 'HDFS', 'Zookeeper', 'Hadoop', 'OpenStack', 'BGL'];
/** Minimum wall time spent on the speed measurement per dataset. */
const SPEED_MIN_MS = 400;

/** Miner options; TEMPLATES_MIN_VARIANTS overrides minVariants for experiments only. */
function minerOptions(): { minVariants?: number } {
  const v = process.env['TEMPLATES_MIN_VARIANTS'];
  return v === undefined ? {} : { minVariants: Number(v) };
}

interface Row {
  name: string;
  scores: TemplateScores;
  linesPerSec: number;
  /** lines/s with the masking v1 rules (same run). */
  baselineLinesPerSec?: number;
}

/** The built-in rules of masking v1 (state version 1), for the speed baseline. */
const V1_RULES: readonly MaskRule[] = DEFAULT_MASK_RULES.filter((r) => V1_MASK_RULES.includes(r.name));

/** Mines messages with a fresh miner; returns the final template text per message. */
function mine(messages: readonly string[], maskRules?: readonly MaskRule[]): string[] {
  const miner = new TemplateMiner({ ...minerOptions(), ...(maskRules ? { maskRules } : {}) });
  const ids = messages.map((m, i) => miner.add(m, i + 1).templateId);
  const cache = new Map<string, string>();
  return ids.map((id) => {
    let t = cache.get(id);
    if (t === undefined) {
      t = miner.template(id)?.template ?? '';
      cache.set(id, t);
    }
    return t;
  });
}

/** Process CPU time (user + system) in milliseconds. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Single-thread lines/s of add(): a fresh miner per pass over the sample (so template creation
 * and generalization are included), repeated for at least SPEED_MIN_MS of CPU time. Measured in
 * process CPU time rather than wall time, so other load on the machine does not distort it
 * (GC helper threads count too, which makes the figure conservative).
 */
function speed(messages: readonly string[], maskRules?: readonly MaskRule[]): number {
  const opts = { ...minerOptions(), ...(maskRules ? { maskRules } : {}) };
  for (let w = 0; w < 3; w++) {
    const m = new TemplateMiner(opts);
    for (const msg of messages) m.add(msg);
  }
  let lines = 0;
  const t0 = cpuMs();
  let elapsed = 0;
  while (elapsed < SPEED_MIN_MS) {
    const m = new TemplateMiner(opts);
    for (const msg of messages) m.add(msg);
    lines += messages.length;
    elapsed = cpuMs() - t0;
  }
  return lines / (elapsed / 1000);
}

// --- plain Drain baseline (depth 4, st 0.5, numbers-only tree rule, no masking) ---------------

function drainBaseline(messages: readonly string[], st = 0.5, depth = 4, maxChild = 100): string[] {
  interface C { tpl: string[]; lines: number[] }
  interface N { ch: Map<string | number, N>; cl: C[] }
  const root: N = { ch: new Map(), cl: [] };
  const all: C[] = [];
  const hasNum = (s: string): boolean => /\d/.test(s);
  messages.forEach((msg, idx) => {
    const seq = msg.trim().split(/\s+/).filter((x) => x !== '');
    let node = root.ch.get(seq.length);
    let found: C | undefined;
    if (node) {
      let d = 1;
      let ok = true;
      for (const t of seq) {
        if (d >= depth - 2 + 1 || d > seq.length) break;
        const nx: N | undefined = node.ch.get(t) ?? node.ch.get('<*>');
        if (!nx) { ok = false; break; }
        node = nx;
        d++;
      }
      if (ok) {
        let best = -1;
        let bestPar = -1;
        for (const c of node.cl) {
          let sim = 0;
          let par = 0;
          c.tpl.forEach((t, i) => {
            if (t === '<*>') par++;
            else if (t === seq[i]) sim++;
          });
          const s = seq.length === 0 ? 1 : sim / seq.length;
          if (s > best || (s === best && par > bestPar)) { best = s; bestPar = par; found = c; }
        }
        if (best < st) found = undefined;
      }
    }
    if (found) {
      found.tpl = found.tpl.map((t, i) => (t === seq[i] ? t : '<*>'));
      found.lines.push(idx);
      return;
    }
    const c: C = { tpl: seq, lines: [idx] };
    all.push(c);
    let n = root.ch.get(seq.length);
    if (!n) root.ch.set(seq.length, (n = { ch: new Map(), cl: [] }));
    let d = 1;
    for (const t of seq) {
      if (d >= depth - 2 + 1 || d > seq.length) break;
      let key = hasNum(t) ? '<*>' : t;
      if (!n.ch.has(key) && n.ch.size >= maxChild) key = '<*>';
      let nx = n.ch.get(key);
      if (!nx) n.ch.set(key, (nx = { ch: new Map(), cl: [] }));
      n = nx;
      d++;
    }
    n.cl.push(c);
  });
  const out = new Array<string>(messages.length).fill('');
  for (const c of all) for (const i of c.lines) out[i] = c.tpl.join(' ');
  return out;
}

// ---------------------------------------------------------------------------------------------

function fmt(x: number): string {
  return x.toFixed(3);
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
  // --corpus <dir> --datasets A,B --labels original: score sets never used in development (e.g. the
  // other Loghub 2k samples with their original labels, <dir>/<Name>/<Name>_2k.log_structured.csv)
  const corpus = opt('--corpus') ?? join(repoRoot(), '..', 'shared', 'corpus', 'loghub');
  const datasets = opt('--datasets')?.split(',') ?? DATASETS;
  const original = opt('--labels') === 'original';
  if (!existsSync(corpus)) {
    console.log(`eval-templates: Loghub corpus not found at ${corpus}; nothing to evaluate (this is not an error).`);
    return;
  }
  const errorsFor = args.includes('--errors') ? args[args.indexOf('--errors') + 1] : undefined;
  const withDrain = args.includes('--drain');

  console.log(original
    ? 'Template miner on Loghub 2k samples. Reference labels: the original Loghub 2k ground truth\n(<Name>/<Name>_2k.log_structured.csv, column EventTemplate; messages = column Content).'
    : 'Template miner on Loghub 2k samples. Reference labels: Loghub-2.0 corrected 2k ground truth\n(<Name>/loghub2.0/<Name>_2k.log_structured_corrected.csv, column EventTemplate; messages = column Content).');
  console.log('Metrics as in the Loghub-2.0 evaluator (GA, FGA, PA, FTA); one configuration for all datasets.');
  console.log('lines/s: TemplateMiner.add() on one thread, fresh miner per pass, per second of process CPU time.\n');

  const rows: Row[] = [];
  const drainRows: { name: string; scores: TemplateScores }[] = [];
  const v1Rows: Row[] = [];
  for (const name of datasets) {
    const file = original ? join(corpus, name, `${name}_2k.log_structured.csv`) : join(corpus, name, 'loghub2.0', `${name}_2k.log_structured_corrected.csv`);
    if (!existsSync(file)) {
      console.log(`  ${name}: ${file} missing, skipped`);
      continue;
    }
    const records = parseCsvRecords(readFileSync(file, 'utf8'));
    const messages = records.map((r) => r['Content'] ?? '');
    const truth = records.map((r) => r['EventTemplate'] ?? '');
    const predicted = mine(messages);
    const scores = scoreTemplates(truth, predicted);
    // Masking v1 (the rules before version 2 of the state) as the speed baseline, measured in the
    // same run, interleaved with the current rules.
    const v1 = speed(messages, V1_RULES);
    const v2 = speed(messages);
    rows.push({ name, scores, linesPerSec: v2, baselineLinesPerSec: v1 });
    v1Rows.push({ name, scores: scoreTemplates(truth, mine(messages, V1_RULES)), linesPerSec: v1 });
    if (withDrain) drainRows.push({ name, scores: scoreTemplates(truth, drainBaseline(messages)) });
    if (errorsFor === name) printErrors(messages, truth, predicted);
  }
  if (rows.length === 0) {
    console.log('eval-templates: no dataset found; nothing to evaluate.');
    return;
  }
  printTable('loglake template miner', rows);
  printTable('the same miner with the masking v1 rules (before version 2 of the state; same run)', v1Rows);
  if (withDrain) printTable('plain Drain baseline (depth 4, st 0.5, no masking; same scorer)', drainRows.map((r) => ({ ...r, linesPerSec: NaN })));
}

function printTable(title: string, rows: Row[]): void {
  const avg = (f: (r: Row) => number): number => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  console.log(`${title}\n`);
  const base = rows.every((r) => r.baselineLinesPerSec !== undefined);
  const n = (x: number): string => (Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en-US'));
  console.log(`| Dataset | GA | FGA | PA | FTA | templates (found/truth) | lines/s |${base ? ' lines/s masking v1 (same run) | ratio |' : ''}`);
  console.log(`|---|---|---|---|---|---|---|${base ? '---|---|' : ''}`);
  for (const r of rows) {
    const s = r.scores;
    const extra = base ? ` ${n(r.baselineLinesPerSec as number)} | ${(r.linesPerSec / (r.baselineLinesPerSec as number)).toFixed(2)} |` : '';
    console.log(`| ${r.name} | ${fmt(s.ga)} | ${fmt(s.fga)} | ${fmt(s.pa)} | ${fmt(s.fta)} | ${s.identifiedTemplates}/${s.truthTemplates} | ${n(r.linesPerSec)} |${extra}`);
  }
  const lpsAvg = avg((r) => r.linesPerSec);
  const baseAvg = base ? avg((r) => r.baselineLinesPerSec as number) : NaN;
  console.log(
    `| **Average** | **${fmt(avg((r) => r.scores.ga))}** | **${fmt(avg((r) => r.scores.fga))}** | **${fmt(avg((r) => r.scores.pa))}** | **${fmt(avg((r) => r.scores.fta))}** | | ${n(lpsAvg)} |${base ? ` ${n(baseAvg)} | ${(lpsAvg / baseAvg).toFixed(2)} |` : ''}`,
  );
  console.log('');
}

function printErrors(messages: string[], truth: string[], predicted: string[]): void {
  const seen = new Set<string>();
  console.log('--- mismatches (truth ≠ predicted), one per pair ---');
  for (let i = 0; i < messages.length; i++) {
    if (truth[i] === predicted[i]) continue;
    const k = `${truth[i]}\u0000${predicted[i]}`;
    if (seen.has(k)) continue;
    seen.add(k);
    console.log(`  msg : ${messages[i]}\n  true: ${truth[i]}\n  pred: ${predicted[i]}\n`);
  }
  // grouping errors: truth groups split over several predictions, or sharing a prediction
  const byTruth = new Map<string, Map<string, number>>();
  const predTotal = new Map<string, number>();
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as string;
    const p = predicted[i] as string;
    let m = byTruth.get(t);
    if (m === undefined) byTruth.set(t, (m = new Map()));
    m.set(p, (m.get(p) ?? 0) + 1);
    predTotal.set(p, (predTotal.get(p) ?? 0) + 1);
  }
  console.log('--- grouping errors ---');
  for (const [t, m] of byTruth) {
    const [p, n] = [...m.entries()][0] as [string, number];
    if (m.size === 1 && predTotal.get(p) === n) continue;
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    console.log(`  truth (${total}): ${t}`);
    for (const [q, k] of m) console.log(`      ${k} → ${q}   [pred total ${predTotal.get(q)}]`);
  }
}

main();
