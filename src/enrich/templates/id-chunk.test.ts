import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { LAKE_MINER_OPTIONS } from './lake-miner-options.js';
import { mineLines } from './id-chunk.js';

test('a chunk answers the same ids, and leaves the same miner state, as line-by-line adds', () => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    lines.push(`GET /api/v1/items/${i} took ${i % 97} ms from 10.0.${i % 7}.${i % 250}`);
    if (i % 13 === 0) lines.push('');
    if (i % 101 === 0) lines.push(`Ünïcode wörd ${i} 日本語 ✓`);
    if (i % 700 === 0) lines.push('state LEADING', `worker ${i} started`);
  }
  const a = new TemplateMiner(LAKE_MINER_OPTIONS);
  const direct = lines.map((l, i) => a.add(l, i).templateId);
  const b = new TemplateMiner(LAKE_MINER_OPTIONS);
  const { ids, at } = mineLines(b, lines, Float64Array.from(lines, (_, i) => i));
  assert.equal(at.length, lines.length);
  assert.deepEqual(Array.from(at, (k) => ids[k]), direct);
  assert.equal(new Set(ids).size, ids.length, 'each distinct id once');
  assert.ok(ids.length > 3 && ids.length < 20);
  assert.deepEqual(b.toJSON(), a.toJSON());
});

test('an empty chunk answers nothing', () => {
  const { ids, at } = mineLines(new TemplateMiner(LAKE_MINER_OPTIONS), [], new Float64Array(0));
  assert.deepEqual(ids, []);
  assert.equal(at.length, 0);
});
