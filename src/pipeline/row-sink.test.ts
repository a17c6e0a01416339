import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sourceOrigin } from '../enrich/event-fields.js';
import { RowBatch } from '../sinks/parquet/row-batch.js';
import { sortSegment, toArrow, type NumBuf, type StrView } from '../sinks/parquet/segment.js';
import { COL } from '../schema/canonical.js';
import { cutBatch, LocalRowSink, type RowSink, type RowsCut, type RowStageOptions, type TemplateFiller } from './row-sink.js';
import { WorkerRowSink } from './row-worker-sink.js';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0) * 1000;

/** A filler whose ids ("t" + row % 3) arrive only when `release` is called. */
function lateFiller(): TemplateFiller & { release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    add: () => undefined,
    async fill(rows: number): Promise<StrView> {
      await gate;
      const data = new TextEncoder().encode('t0t1t2');
      const starts = Int32Array.from({ length: rows }, (_, i) => 2 * (i % 3));
      return { kind: 's', data, starts, lens: new Int32Array(rows).fill(2) };
    },
    release,
  };
}

function addRows(b: RowBatch, n: number, first: number): void {
  for (let i = 0; i < n; i++) {
    b.clearRow();
    b.str('service', 'svc');
    b.ts('ts', T0 + (n - i) * 1000);
    b.str('message', `m${first + i}`);
    b.endRow(3);
  }
}

test('a cut empties the batch at once; its template ids are in the segments when the promise resolves', async () => {
  const b = new RowBatch(4);
  addRows(b, 10, 0);
  const filler = lateFiller();
  const p = cutBatch(b, filler);
  assert.equal(b.length, 0, 'the next window can start before the ids are mined');
  addRows(b, 5, 100);
  filler.release();
  const c = await p;
  assert.equal(c.segs.length, 1);
  const s = c.segs[0]!;
  sortSegment(s);
  const a = toArrow(s);
  const dec = new TextDecoder();
  const col = (k: number): string[] => {
    const v = a.cols[k]!;
    assert.equal(v.kind, 's');
    return Array.from({ length: a.rows }, (_, i) => dec.decode((v as { data: Uint8Array }).data.subarray((v as { offsets: Int32Array }).offsets[i]!, (v as { offsets: Int32Array }).offsets[i + 1]!)));
  };
  // rows come out in ts order (the last added first); each keeps its own id and message
  assert.deepEqual(col(COL.message), Array.from({ length: 10 }, (_, i) => `m${9 - i}`));
  assert.deepEqual(col(COL.template_id), Array.from({ length: 10 }, (_, i) => `t${(9 - i) % 3}`));
  assert.equal(c.newestTsByService.svc, T0 + 10_000);
  assert.equal(b.length, 5, 'rows added meanwhile stay for the next cut');
});

/** A run that started long ago (a follower): its start must not become the rows' ingest_ts. */
const RUN_START = Date.UTC(2020, 0, 1) * 1000;
const stage: RowStageOptions = { enrich: { ingestMicros: RUN_START }, tzOffsetMinutes: undefined, commitBytes: 1 << 20 };

function ingestTs(c: RowsCut): number[] {
  return c.segs.flatMap((s) => [...(toArrow(s).cols[COL.ingest_ts] as NumBuf).values]);
}

const sinks: [string, () => RowSink][] = [
  ['local', () => new LocalRowSink(stage, undefined)],
  ['worker', () => new WorkerRowSink(stage, undefined)],
];

for (const [name, make] of sinks) {
  test(`${name} row sink: ingest_ts is when the rows were read, per commit window, not the run's start`, async () => {
    const sink = make();
    try {
      const src = sink.source(sourceOrigin('/var/log/app.log', {}, undefined, 'plain', 'app', 'app'));
      const before = Date.now() * 1000;
      sink.add(src, 'stdout', { text: '2024-05-01T10:00:00Z INFO first', offset: 0, split: false, continued: false }, NaN, NaN, undefined, undefined);
      const first = ingestTs(await sink.cut());
      await sleep(20);
      sink.add(src, 'stdout', { text: '2024-05-01T10:00:01Z INFO second', offset: 33, split: false, continued: false }, NaN, NaN, undefined, undefined);
      const second = ingestTs(await sink.cut());
      assert.equal(first.length, 1);
      assert.equal(second.length, 1);
      assert.ok(first[0]! >= before, `first window stamped ${first[0]}, read after ${before}`);
      assert.ok(second[0]! >= first[0]! + 10_000, `second window ${second[0]} not later than the first ${first[0]}`);
    } finally {
      await sink.close();
    }
  });
}
