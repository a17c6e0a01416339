import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sourceOrigin } from '../enrich/event-fields.js';
import { toArrow, type NumBuf } from '../sinks/parquet/segment.js';
import { COL } from '../schema/canonical.js';
import { LocalRowSink, type RowSink, type RowsCut, type RowStageOptions } from './row-sink.js';
import { WorkerRowSink } from './row-worker-sink.js';

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
