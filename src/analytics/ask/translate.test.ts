import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translate, type Vocabulary } from './translate.js';
import { planToSql, sqlString } from './plan-to-sql.js';

const VOCAB: Vocabulary = {
  service: ['orders-api', 'payments', 'kafka', 'postgres', "evil'); DROP TABLE logs; --"],
  topic: ['orders', 'payments'], database: ['orders', 'payments'], broker: [1, 2, 3],
  error_class: ['java.io.IOException', 'ValidationError'], spark_app: ['taxi-trip'], event_type: ['log', 'deadlock', 'slow_query'],
};
const NOW = new Date('2026-03-02T14:00:00Z');

function plan(q: string) {
  const t = translate(q, VOCAB, NOW);
  assert.equal(t.refused, false, `refused "${q}": ${t.refused ? t.reason : ''}`);
  return t.refused ? undefined! : t.plan;
}

test('counts by a dimension with a severity condition', () => {
  const p = plan('number of errors per service');
  assert.deepEqual(p.groupBy, ['service']);
  assert.deepEqual(p.condition.severities, ['ERROR', 'FATAL']);
  assert.equal(p.measure, 'count');
  assert.match(planToSql(p), /GROUP BY 1/);
});

test('"which … most" on a singular noun is top 1; context words pick the column of an ambiguous value', () => {
  const p = plan('which kafka broker logged the most errors?');
  assert.deepEqual(p.groupBy, ['broker']);
  assert.equal(p.limit, 1);
  assert.deepEqual(plan('errors in the payments database').filters, [{ dimension: 'database', values: ['payments'] }]);
  assert.deepEqual(plan('errors for payments').filters, [{ dimension: 'service', values: ['payments'] }]);
  assert.deepEqual(plan('warnings on topic orders').filters, [{ dimension: 'topic', values: ['orders'] }]);
});

test('relative and absolute time ranges', () => {
  assert.equal(plan('errors in the last 2 hours').time?.from?.toISOString(), '2026-03-02T12:00:00.000Z');
  const y = plan('warnings yesterday').time!;
  assert.equal(y.from?.toISOString(), '2026-03-01T00:00:00.000Z');
  assert.equal(y.to?.toISOString(), '2026-03-02T00:00:00.000Z');
  assert.equal(plan('logs since 09:00 UTC').time?.from?.toISOString(), '2026-03-02T09:00:00.000Z');
  assert.equal(plan('logs since 15:00').time?.from?.toISOString(), '2026-03-01T15:00:00.000Z', 'a clock time after now is yesterday');
  const b = plan('errors between 2026-03-02T09:00:00Z and 2026-03-02T10:30:00Z').time!;
  assert.equal(b.to?.toISOString(), '2026-03-02T10:30:00.000Z');
  const d = plan('how many logs on 2026-03-01').time!;
  assert.equal(d.to?.toISOString(), '2026-03-02T00:00:00.000Z');
});

test('buckets, comparisons, rates, templates, slowest statements', () => {
  assert.deepEqual(plan('count of errors every 15 minutes').bucket, { n: 15, unit: 'minute' });
  assert.match(planToSql(plan('count of errors every 15 minutes')), /time_bucket\(INTERVAL '15 minutes', ts\)/);
  const v = plan('orders-api vs payments errors per hour');
  assert.deepEqual(v.groupBy, ['service']);
  assert.deepEqual(v.bucket, { n: 1, unit: 'hour' });
  assert.equal(plan('error rate by service').measure, 'rate');
  assert.equal(plan('new templates in the last hour').measure, 'new_templates');
  assert.match(planToSql(plan('new templates in the last hour')), /HAVING min\(ts\) >= TIMESTAMPTZ '2026-03-02 13:00:00.000\+00'/);
  assert.equal(plan('rare templates').measure, 'rare_templates');
  const s = plan('top 5 slowest queries in the orders database');
  assert.equal(s.measure, 'slowest');
  assert.equal(s.limit, 5);
  assert.match(planToSql(s), /ORDER BY pg_duration_ms DESC\nLIMIT 5/);
  assert.deepEqual(plan('how many IOException errors').filters, [{ dimension: 'error_class', values: ['java.io.IOException'] }]);
  assert.deepEqual(plan('how many IOException errors').condition.severities, [], 'an error class already says error');
  assert.deepEqual(plan('how many ERROR lines').condition.severities, ['ERROR'], 'an upper-case level is that level only');
});

test('out-of-scope questions are refused with the closest answerable question', () => {
  for (const q of ['delete all logs older than a week', 'drop table logs', 'what is the weather in Paris', "'; DROP TABLE logs; --",
    'why is the payments service slow?', 'errors per customer', 'show me /etc/passwd', 'new templates', '']) {
    const t = translate(q, VOCAB, NOW);
    assert.equal(t.refused, true, `not refused: "${q}"`);
    if (t.refused) assert.ok(t.suggestion.length > 0);
  }
  const t = translate('why is the payments service slow?', VOCAB, NOW);
  assert.ok(t.refused && /payments/.test(t.suggestion));
});

test('question text never reaches SQL; lake values are escaped literals', () => {
  const t = translate("errors for evil'); DROP TABLE logs; --", VOCAB, NOW);
  assert.equal(t.refused, true, 'the name is split into words, so it does not match and the rest is refused');
  const p = plan('errors per service');
  const sql = planToSql({ ...p, filters: [{ dimension: 'service', values: ["evil'); DROP TABLE logs; --"] }] });
  assert.ok(sql.includes("service = 'evil''); DROP TABLE logs; --'"));
  assert.equal(sqlString("a'b"), "'a''b'");
  // an unknown word is never a value: it is refused, not guessed
  assert.equal(translate('errors for billing', VOCAB, NOW).refused, true);
});

test('grammar gaps found by the held-out set: "the kafka service", "fatal errors", ambiguous names are stated', () => {
  assert.deepEqual(plan("what's the total log count for the kafka service").filters, [{ dimension: 'service', values: ['kafka'] }]);
  assert.deepEqual(plan('fatal errors per service').condition.severities, ['FATAL']);
  const m = plan('median statement duration in orders');
  assert.deepEqual(m.filters, [{ dimension: 'database', values: ['orders'] }]);
  assert.ok(m.assumptions.some((a) => /"orders" is a topic and a database name; used database/.test(a)));
});
