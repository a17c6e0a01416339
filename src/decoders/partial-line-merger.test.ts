import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PartialLineMerger } from './partial-line-merger.js';

test('pieces are joined with the first piece\'s offset and time; the final piece counts as a line', () => {
  const m = new PartialLineMerger(100);
  assert.equal(m.pending, false);
  assert.equal(m.add('ab', 10, 5), false);
  assert.equal(m.add('cd', 20, 6), false);
  assert.equal(m.pending, true);
  assert.equal(m.take('ef'), 'abcdef');
  assert.deepEqual([m.pending, m.start, m.lines, m.observed], [false, 10, 3, 5]);
});

test('a merge over the limit is reported for an oversize split', () => {
  const m = new PartialLineMerger(3);
  assert.equal(m.add('ab', 0, NaN), false);
  assert.equal(m.add('cd', 3, NaN), true);
  assert.equal(m.take(), 'abcd');
  assert.equal(m.lines, 2);
});
