import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowBatch } from './row-batch.js';
import { COL } from '../../schema/canonical.js';

test('a map set on many rows is copied before one row adds to it; a row adds to its own map in place', () => {
  const b = new RowBatch(2);
  const labels = { app: 'orders' };
  for (let r = 0; r < 3; r++) {
    b.setMap('labels', labels);
    if (r === 1) {
      b.map('labels', 'extra', 'x');
      b.map('labels', 'more', 'y');
    }
    b.map('attributes', 'a', String(r));
    b.map('attributes', 'b', String(r));
    b.endRow(1);
  }
  assert.deepEqual(labels, { app: 'orders' });
  assert.deepEqual(b.mapAt('labels', 0), labels);
  assert.deepEqual(b.mapAt('labels', 1), { app: 'orders', extra: 'x', more: 'y' });
  assert.deepEqual(b.mapAt('labels', 2), labels);
  assert.deepEqual([0, 1, 2].map((r) => b.mapAt('attributes', r)), [{ a: '0', b: '0' }, { a: '1', b: '1' }, { a: '2', b: '2' }]);
  // rows 0 and 2 repeat the shared map: its entries are stored once
  const lc = b.mapCols[COL.labels]!;
  assert.equal(lc.starts[2], lc.starts[0]);
  b.reset();
  b.setMap('labels', labels);
  b.map('labels', 'extra', 'z');
  b.endRow(1);
  assert.deepEqual(labels, { app: 'orders' });
  assert.deepEqual(b.mapAt('labels', 0), { app: 'orders', extra: 'z' });
});

test('a map keeps the order and overwrite rules of a plain object', () => {
  const b = new RowBatch(2);
  const keys = ['b', '10', 'a', '2', '__proto__', 'b', '01', '4294967295', '4294967294', 'constructor'];
  const o: Record<string, string> = {};
  keys.forEach((k, i) => {
    b.map('attributes', k, String(i));
    o[k] = String(i);
  });
  assert.deepEqual(Object.entries(b.getMap('attributes')!), Object.entries(o));
  b.endRow(1);
  assert.deepEqual(Object.entries(b.mapAt('attributes', 0)!), Object.entries(o));
  assert.equal(b.mapAt('attributes', 1), undefined);
  // a copied map that owns __proto__ keeps it, and a later write replaces it
  const own = JSON.parse('{"__proto__":"p","7":"x","k":"v"}') as Record<string, string>;
  b.setMap('labels', own);
  b.map('labels', '__proto__', 'q');
  b.map('labels', '3', 'y');
  const copy = { ...own };
  copy['__proto__'] = 'q';
  copy['3'] = 'y';
  b.endRow(1);
  assert.deepEqual(Object.entries(b.mapAt('labels', 1)!), Object.entries(copy));
  // many keys (indexed lookups), set twice
  for (let i = 0; i < 100; i++) b.map('attributes', 'k' + (i % 60), String(i));
  b.endRow(1);
  const big = b.mapAt('attributes', 2)!;
  assert.equal(Object.keys(big).length, 60);
  assert.equal(big['k5'], '65');
  // an empty map is not null
  b.setMap('labels', {});
  b.endRow(1);
  assert.deepEqual(b.mapAt('labels', 3), {});
  assert.equal(b.mapAt('attributes', 3), undefined);
});

test('has / getStr / getNum see the current row only', () => {
  const b = new RowBatch(2);
  b.str('message', 'm');
  b.str('service', 's');
  b.ts('ts', 5);
  assert.equal(b.getStr('message'), 'm');
  assert.equal(b.getStr('service'), 's');
  assert.equal(b.has('ts'), true);
  assert.equal(b.getNum('ts'), 5);
  assert.equal(b.has('attributes'), false);
  b.endRow(1);
  assert.equal(b.has('message'), false);
  assert.equal(b.has('service'), false);
  assert.equal(b.has('ts'), false);
  assert.equal(b.getStr('message'), undefined);
  b.map('attributes', 'k', 'v');
  assert.equal(b.has('attributes'), true);
});
