import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowBatch } from './row-batch.js';
import { cutSegments } from './segment.js';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0) * 1000 + 1_000_000;

/** A batch of one service's rows with these ts offsets (µs, within one hour). */
function batchOf(offsets: number[]): RowBatch {
  const b = new RowBatch(16);
  for (const o of offsets) {
    b.str('service', 'svc');
    b.ts('ts', T0 + o);
    b.endRow(0);
  }
  return b;
}

/** The reference order: row ids stably sorted by ts. */
function reference(offsets: number[]): number[] {
  return offsets.map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]! || a - b);
}

function pseudoRandom(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

test('segment rows are stably sorted by ts, near-sorted or far from it', () => {
  const rnd = pseudoRandom(7);
  const n = 5000;
  const shapes: Record<string, number[]> = {
    sorted: Array.from({ length: n }, (_, i) => i * 10),
    // writers with their own clocks taking turns: runs of a few rows, each a few places off (the insertion sort)
    interleaved: Array.from({ length: n }, (_, i) => i * 10 + (i % 4) * 37),
    'near, with ties': Array.from({ length: n }, (_, i) => Math.floor(i / 3) * 10 - (i % 3 === 2 ? 15 : 0)),
    // far from sorted: the insertion sort gives up and the merge sort takes over
    reversed: Array.from({ length: n }, (_, i) => (n - i) * 10),
    'random with ties': Array.from({ length: n }, () => Math.floor(rnd() * 500)),
    'sorted, then a late row': [...Array.from({ length: n }, (_, i) => 100 + i), 0],
  };
  for (const [name, offsets] of Object.entries(shapes)) {
    const segs = cutSegments(batchOf(offsets));
    assert.equal(segs.length, 1, name);
    assert.deepEqual([...segs[0]!.rowIds], reference(offsets), name);
    assert.equal(segs[0]!.tsMin, T0 + Math.min(...offsets), name);
    assert.equal(segs[0]!.tsMax, T0 + Math.max(...offsets), name);
  }
});
