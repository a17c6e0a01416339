import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowBatch } from './row-batch.js';
import { cutSegments, sortSegment, toArrow, HOUR_MICROS, type Segment, type StrView } from './segment.js';
import { COL } from '../../schema/canonical.js';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0) * 1000;

/** Deterministic rows: several services and hours, ts out of order in runs, some NaN ts when `nanTs`. */
function build(b: RowBatch, n: number, seed: number, nanTs = false): void {
  let x = seed;
  const r = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    b.clearRow();
    b.str('service', ['orders', 'kafka', 'pg'][Math.floor(i / 50) % 3]!);
    if (!(nanTs && r() < 0.05)) b.ts('ts', T0 + Math.floor(r() * 3 * HOUR_MICROS));
    b.str('message', `line ${i} ${r() < 0.5 ? 'ünïcødé' : 'ascii'}`);
    if (r() < 0.5) b.map('attributes', 'k' + (i % 3), String(i));
    if (r() < 0.7) b.int('kafka_partition', i % 7);
    b.endRow(10);
  }
}

/** What a segment holds, rows in order, as comparable values. */
function content(segs: Segment[]): unknown[] {
  return segs.map((s) => ({ service: s.service, hour: s.hour, rows: s.rows, tsMin: s.tsMin, tsMax: s.tsMax, arrow: toArrow(s).cols }));
}

test('deferred sort + taken columns: the same segments, once sorted, as a sorted copy; the batch starts over empty', () => {
  for (const nanTs of [false, true]) {
    const ref = new RowBatch(16);
    const b = new RowBatch(16);
    build(ref, 1000, 7, nanTs);
    build(b, 1000, 7, nanTs);
    const want = cutSegments(ref);
    const got = cutSegments(b, { deferSort: true, take: true });
    if (!nanTs) assert.ok(got.some((s) => s.unsorted), 'sorting left to the encoder');
    for (const s of got) sortSegment(s);
    assert.ok(got.every((s) => !s.unsorted));
    assert.deepEqual(content(got), content(want));
    // the batch got new arrays: a second window written after reset cuts like a fresh batch's
    b.reset();
    ref.reset();
    build(b, 300, 11, nanTs);
    build(ref, 300, 11, nanTs);
    assert.deepEqual(content(cutSegments(b, { deferSort: true, take: true }).map((s) => (sortSegment(s), s))), content(cutSegments(ref)));
    // the first window's segments still hold their rows
    assert.deepEqual(content(got), content(want));
  }
});

test('a partition larger than maxRows is sorted before it is split, deferred or not', () => {
  const ref = new RowBatch(16);
  const b = new RowBatch(16);
  build(ref, 900, 3);
  build(b, 900, 3);
  const got = cutSegments(b, { maxRows: 40, deferSort: true, take: true });
  assert.ok(got.some((s) => !s.unsorted && s.rows === 40));
  for (const s of got) sortSegment(s);
  assert.deepEqual(content(got), content(cutSegments(ref, 40)));
});

test('a given column view is used as it is: rows sharing bytes read as the same strings', () => {
  const ref = new RowBatch(16);
  const b = new RowBatch(16);
  build(ref, 200, 5);
  build(b, 200, 5);
  const ids = ['aaaa', 'bbbbbb', 'ü'];
  const data = new TextEncoder().encode(ids.join(''));
  const at = [0, 4, 10];
  const len = [4, 6, 2];
  const view: StrView = { kind: 's', data, starts: new Int32Array(200), lens: new Int32Array(200) };
  for (let i = 0; i < 200; i++) {
    const k = i % 4;
    if (k === 3) view.lens[i] = -1;
    else {
      view.starts[i] = at[k]!;
      view.lens[i] = len[k]!;
      ref.strs[COL.template_id]![i] = ids[k];
    }
  }
  ref.touched[COL.template_id] = 1;
  const given: StrView[] = [];
  given[COL.template_id] = view;
  assert.deepEqual(content(cutSegments(b, { given })), content(cutSegments(ref)));
});
