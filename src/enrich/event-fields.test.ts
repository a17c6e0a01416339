import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowOrigin, sourceOrigin } from './event-fields.js';

test('rowOrigin: once per source; per record metadata compared by value', () => {
  const src = sourceOrigin('/x/0001.json', {}, undefined, 'fluentbit', undefined, 'x');
  assert.equal(rowOrigin(src, undefined), rowOrigin(src, undefined));
  const rec = (labels: Record<string, string>, pod = 'taxi-trip-1-driver') => ({ pod_name: pod, namespace_name: 'spark-team-a', labels, host: 'n1' });
  const a = rowOrigin(src, rec({ app: 'taxi-trip', 'spark-role': 'driver', 'spark-app-selector': 'spark-1' }));
  // each record carries its own copy: same content, same facts object
  const b = rowOrigin(src, rec({ app: 'taxi-trip', 'spark-role': 'driver', 'spark-app-selector': 'spark-1' }));
  assert.equal(b, a);
  assert.equal(a.service, 'taxi-trip');
  assert.equal(a.hint, 'spark');
  assert.equal(a.spark?.role, 'driver');
  // a changed, added or removed label, another pod or host: computed again
  const c = rowOrigin(src, rec({ app: 'orders', 'spark-role': 'driver', 'spark-app-selector': 'spark-1' }));
  assert.notEqual(c, a);
  assert.equal(c.service, 'orders');
  assert.notEqual(rowOrigin(src, rec({ app: 'orders', 'spark-role': 'driver', 'spark-app-selector': 'spark-1', x: '1' })), c);
  const d = rowOrigin(src, rec({ app: 'orders', 'spark-role': 'driver' }));
  assert.notEqual(d, c);
  assert.notEqual(rowOrigin(src, { ...rec({ app: 'orders', 'spark-role': 'driver' }), host: 'n2' }), d);
  // another source with the same record metadata: its own facts
  const src2 = sourceOrigin('/y/0001.json', {}, undefined, 'fluentbit', undefined, 'y');
  const e = rowOrigin(src2, rec({ app: 'orders', 'spark-role': 'driver' }));
  assert.notEqual(e, d);
});
