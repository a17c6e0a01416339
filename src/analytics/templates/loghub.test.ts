/**
 * Regression floors on the Loghub 2k samples (Loghub-2.0 corrected labels). The files are
 * research-licensed and never copied into the repo: they are read from
 * `<repo>/../shared/corpus/loghub`, and these tests skip (saying why) when it is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../core/paths.js';
import { TemplateMiner } from '../../enrich/templates/miner.js';
import { parseCsvRecords } from './csv.js';
import { scoreTemplates, type TemplateScores } from './scoring.js';

const CORPUS = join(repoRoot(), '..', 'shared', 'corpus', 'loghub');
const DATASETS = ['Spark', 'HDFS', 'Zookeeper', 'Hadoop', 'OpenStack', 'BGL'];
const SKIP = existsSync(CORPUS) ? false : `Loghub corpus not found at ${CORPUS} — SKIPPING the Loghub accuracy tests`;
if (SKIP) console.warn(`loghub.test: ${SKIP}`);

function evaluate(name: string): TemplateScores {
  const file = join(CORPUS, name, 'loghub2.0', `${name}_2k.log_structured_corrected.csv`);
  const records = parseCsvRecords(readFileSync(file, 'utf8'));
  const miner = new TemplateMiner();
  const ids = records.map((r) => miner.add(r['Content'] ?? '').templateId);
  const predicted = ids.map((id) => miner.template(id)?.template ?? '');
  return scoreTemplates(records.map((r) => r['EventTemplate'] ?? ''), predicted);
}

test('Loghub 2k (Loghub-2.0 corrected labels): GA and FTA floors, one configuration', { skip: SKIP }, () => {
  const scores = DATASETS.map((d) => [d, evaluate(d)] as const);
  for (const [d, s] of scores) {
    assert.ok(s.ga >= 0.9, `${d} GA ${s.ga.toFixed(3)} < 0.9`);
    assert.ok(s.fta >= 0.6, `${d} FTA ${s.fta.toFixed(3)} < 0.6`);
  }
  const avg = (f: (s: TemplateScores) => number): number => scores.reduce((a, [, s]) => a + f(s), 0) / scores.length;
  assert.ok(avg((s) => s.ga) >= 0.95, `average GA ${avg((s) => s.ga).toFixed(3)} < 0.95`);
  assert.ok(avg((s) => s.fta) >= 0.6, `average FTA ${avg((s) => s.fta).toFixed(3)} < 0.6`);
});

test('Loghub 2k: mining is deterministic (same ids on a second run)', { skip: SKIP }, () => {
  const file = join(CORPUS, 'Hadoop', 'loghub2.0', 'Hadoop_2k.log_structured_corrected.csv');
  const messages = parseCsvRecords(readFileSync(file, 'utf8')).map((r) => r['Content'] ?? '');
  const run = (): string[] => {
    const m = new TemplateMiner();
    return messages.map((s) => m.add(s).templateId);
  };
  assert.deepEqual(run(), run());
});
