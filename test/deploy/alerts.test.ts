/**
 * deploy/prometheus/loglake-alerts.yaml: valid YAML in Prometheus' rule-file shape, every expression
 * parses with Prometheus' own PromQL grammar (@prometheus-io/lezer-promql), every loglake_* metric
 * it names is in the contract (docs/metrics.md), and the three alerts of issue 8 are there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parser } from '@prometheus-io/lezer-promql';
import { repoRoot } from '../../src/core/paths.js';

interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
interface RuleFile { groups: Array<{ name: string; interval?: string; rules: Rule[] }> }

const ruleFile = (): RuleFile => parse(readFileSync(join(repoRoot(), 'deploy', 'prometheus', 'loglake-alerts.yaml'), 'utf8')) as RuleFile;

/** Syntax errors and the metric names of a PromQL expression. */
function promql(expr: string): { errors: number; metrics: string[] } {
  let errors = 0;
  const metrics: string[] = [];
  parser.parse(expr).iterate({
    enter(n) {
      if (n.type.isError) errors++;
      if (n.name === 'Identifier' && n.node.parent?.name === 'VectorSelector') metrics.push(expr.slice(n.from, n.to));
    },
  });
  return { errors, metrics };
}

const contract = (): Set<string> => new Set(readFileSync(join(repoRoot(), 'docs', 'metrics.md'), 'utf8').match(/^\| `(loglake_[a-z_]+)`/gm)!.map((l) => l.slice(3, -1)));

test('the PromQL check can fail: a broken expression has errors, names are extracted', () => {
  assert.ok(promql('rate(loglake_lines_total[5m] > ').errors > 0);
  assert.ok(promql('sum(rate(loglake_lines_total[5m]) by (x)').errors > 0);
  assert.deepEqual(promql('a_total / on(x) b{c="d"} > 1').metrics, ['a_total', 'b']);
});

test('rule file: Prometheus shape, PromQL parses, loglake metrics are the documented ones', () => {
  const file = ruleFile();
  const known = contract();
  assert.ok(known.size >= 10 && known.has('loglake_commits_total'));
  const names: string[] = [];
  assert.ok(Array.isArray(file.groups) && file.groups.length > 0);
  for (const g of file.groups) {
    assert.equal(typeof g.name, 'string');
    assert.ok(Array.isArray(g.rules) && g.rules.length > 0, `group ${g.name} has rules`);
    for (const r of g.rules) {
      assert.equal(Object.keys(r).filter((k) => !['alert', 'expr', 'for', 'labels', 'annotations', 'keep_firing_for'].includes(k)).length, 0, `unknown key in ${r.alert}`);
      assert.match(r.alert ?? '', /^[A-Z][A-Za-z0-9]+$/);
      assert.match(r.for ?? '', /^\d+[smh]$/);
      assert.ok(['critical', 'warning', 'info'].includes(r.labels?.severity ?? ''), `${r.alert}: severity label`);
      assert.ok(r.annotations?.summary, `${r.alert}: summary`);
      const q = promql(r.expr);
      assert.equal(q.errors, 0, `${r.alert}: PromQL syntax error in ${r.expr}`);
      for (const m of q.metrics.filter((x) => x.startsWith('loglake_'))) assert.ok(known.has(m), `${r.alert}: ${m} is not in docs/metrics.md`);
      names.push(r.alert!);
    }
  }
  assert.equal(new Set(names).size, names.length, 'alert names unique');
  const expr = (name: string): string => file.groups.flatMap((g) => g.rules).find((r) => r.alert === name)!.expr;
  assert.match(expr('LoglakeNoCommit'), /loglake_last_commit_timestamp_seconds > 5 \* loglake_commit_interval_seconds/);
  assert.match(expr('LoglakeQuarantineRateHigh'), /loglake_lines_quarantined_total.*\/.*loglake_lines_read_total.*> 0\.\d+/s);
  assert.match(expr('LoglakeEventTimeLagHigh'), /loglake_event_lag_seconds\) > \d+/);
});
