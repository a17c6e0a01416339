/**
 * Scores the built-in `ask` translator on the evaluation set (bench/ask-eval): execution accuracy
 * (the result of the generated SQL equals the expected result set) and refusal precision/recall.
 * Usage: node dist/bench/eval-ask.js <demo-warehouse> [--verbose] [--heldout]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLake } from '../src/analytics/sql/lake.js';
import { repoRoot } from '../src/core/paths.js';
import { translate, loadVocabulary, planToSql, lockDown, runLimited } from '../src/analytics/ask/index.js';
import { sameResult } from '../src/analytics/ask/result-match.js';

interface EvalItem { id: number; q: string; now?: string; sql?: string; refuse?: boolean }

const DEFAULT_NOW = '2026-03-02T14:00:00Z';
const dir = join(repoRoot(), 'bench', 'ask-eval');
const set = process.argv.includes('--heldout') ? 'heldout' : 'questions';
const expectedFile = set === 'heldout' ? 'expected-heldout.json' : 'expected.json';
const warehouse = (process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : undefined) ?? join(repoRoot(), 'demo', 'warehouse');
const verbose = process.argv.includes('--verbose');
const items = readFileSync(join(dir, `${set}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as EvalItem);
const expected = JSON.parse(readFileSync(join(dir, expectedFile), 'utf8')) as Record<string, unknown[][]>;
const lake = await openLake(warehouse);
let answerable = 0, correct = 0, refusedWrongly = 0, mustRefuse = 0, refusedRight = 0, refusedTotal = 0;
try {
  const vocab = await loadVocabulary(lake.con);
  await lockDown(lake.con, warehouse);
  for (const it of items) {
    const t = translate(it.q, vocab, new Date(it.now ?? DEFAULT_NOW));
    if (t.refused) refusedTotal++;
    if (it.refuse) {
      mustRefuse++;
      if (t.refused) refusedRight++;
      else if (verbose) process.stdout.write(`#${it.id} NOT REFUSED: ${it.q}\n  ${planToSql(t.plan).replace(/\n/g, ' ')}\n`);
      continue;
    }
    answerable++;
    if (t.refused) {
      refusedWrongly++;
      if (verbose) process.stdout.write(`#${it.id} REFUSED: ${it.q}\n  ${t.reason}\n`);
      continue;
    }
    const sql = planToSql(t.plan);
    let ok = false;
    try {
      const r = await runLimited(lake.con, sql, { maxRows: 10_000, timeoutMs: 30_000 });
      ok = sameResult(expected[String(it.id)] ?? [], r.rows);
    } catch (e) {
      if (verbose) process.stdout.write(`#${it.id} ERROR ${(e as Error).message}\n`);
    }
    if (ok) correct++;
    else if (verbose) process.stdout.write(`#${it.id} WRONG: ${it.q}\n  ${sql.replace(/\n/g, ' ')}\n`);
  }
} finally {
  lake.close();
}
const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
process.stdout.write(`questions: ${items.length} (${answerable} answerable, ${mustRefuse} to refuse)\n`);
process.stdout.write(`execution accuracy: ${correct}/${answerable} = ${pct(correct, answerable)} (wrongly refused ${refusedWrongly})\n`);
process.stdout.write(`refusal precision: ${refusedRight}/${refusedTotal} = ${pct(refusedRight, refusedTotal)}; refusal recall: ${refusedRight}/${mustRefuse} = ${pct(refusedRight, mustRefuse)}\n`);
