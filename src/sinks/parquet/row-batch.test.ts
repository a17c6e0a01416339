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
  const maps = b.maps[COL.labels]!;
  assert.deepEqual(labels, { app: 'orders' });
  assert.equal(maps[0], labels);
  assert.deepEqual(maps[1], { app: 'orders', extra: 'x', more: 'y' });
  assert.equal(maps[2], labels);
  assert.deepEqual(b.maps[COL.attributes]!.slice(0, 3), [{ a: '0', b: '0' }, { a: '1', b: '1' }, { a: '2', b: '2' }]);
  b.reset();
  b.setMap('labels', labels);
  b.map('labels', 'extra', 'z');
  b.endRow(1);
  assert.deepEqual(labels, { app: 'orders' });
  assert.deepEqual(b.maps[COL.labels]![0], { app: 'orders', extra: 'z' });
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
