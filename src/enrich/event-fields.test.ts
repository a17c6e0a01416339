import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordService, rowOrigin, sourceOrigin } from './event-fields.js';

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

test("recordService: rowOrigin's service, also when it is kept from the files of the same pod before", () => {
  const x = sourceOrigin('/x/0001.json', {}, undefined, 'fluentbit', undefined, 'x');
  const y = sourceOrigin('/y/0001.json', {}, undefined, 'fluentbit', undefined, 'y');
  const byDefault = sourceOrigin('/z/0001.json', {}, undefined, 'fluentbit', 'fallback', 'z');
  const rec = (labels: Record<string, string> | undefined, pod?: string, container?: string) => ({ pod_name: pod, container_name: container, labels, host: 'n1' });
  const cases: [ReturnType<typeof sourceOrigin>, ReturnType<typeof rec>][] = [
    [x, rec({ app: 'taxi-trip' }, 'taxi-trip-1-driver')],
    [y, rec({ app: 'taxi-trip' }, 'taxi-trip-1-driver')], // another file of the same pod
    [y, rec({ app: 'orders' }, 'taxi-trip-1-driver')], // a changed label
    [y, rec({ app: 'orders', component: 'x' }, 'taxi-trip-1-driver')], // an added one
    [y, rec(undefined, 'taxi-trip-1-driver')],
    [y, rec(undefined, 'taxi-trip-1-driver', 'spark-kubernetes-driver')],
    [y, rec(undefined, 'web-7d4b9c8f6d-x2x7q')],
    [y, rec(undefined)], // nothing names a service: the source's
    [byDefault, rec(undefined)],
    [x, rec(undefined)],
  ];
  const seen: string[] = [];
  for (const [src, k8s] of cases) {
    const s = recordService(src, k8s);
    assert.equal(s, rowOrigin(src, k8s).service, JSON.stringify(k8s));
    seen.push(s);
  }
  assert.deepEqual(seen, ['taxi-trip', 'taxi-trip', 'orders', 'orders', 'taxi-trip-1', 'taxi-trip-1', 'web', 'y', 'fallback', 'x']);
});
