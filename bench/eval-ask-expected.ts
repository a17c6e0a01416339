/**
 * Writes the expected result sets of the `loglake ask` evaluation set (bench/ask-eval/questions.jsonl)
 * by running each question's hand-written SQL on the demo warehouse.
 * Usage: node dist/bench/eval-ask-expected.js <demo-warehouse> [--heldout]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLake, query } from '../src/analytics/sql/lake.js';
import { repoRoot } from '../src/core/paths.js';

interface EvalItem { id: number; q: string; now?: string; sql?: string; refuse?: boolean }

const dir = join(repoRoot(), 'bench', 'ask-eval');
const set = process.argv.includes('--heldout') ? 'heldout' : 'questions';
const expectedFile = set === 'heldout' ? 'expected-heldout.json' : 'expected.json';
const items = readFileSync(join(dir, `${set}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as EvalItem);
const lake = await openLake((process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : undefined) ?? join(repoRoot(), 'demo', 'warehouse'));
const out: Record<string, unknown[][]> = {};
try {
  for (const it of items) {
    if (!it.sql) continue;
    out[String(it.id)] = (await query(lake.con, it.sql)).rows;
  }
} finally {
  lake.close();
}
writeFileSync(join(dir, expectedFile), JSON.stringify(out, null, 0).replace(/\],"/g, '],\n"') + '\n');
process.stdout.write(`wrote ${Object.keys(out).length} expected result sets\n`);
