/**
 * Worker thread of {@link WorkerRowSink} (row-worker-sink.ts): receives finished events in batches,
 * in order, parses and enriches them into a RowBatch (the same code as the local row sink), and on
 * `cut` fills template ids (from the miner worker, through its own port) and answers the window's
 * segments as transferred buffers. Messages that arrive meanwhile wait in order.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { RecordK8s } from '../decoders/envelope.js';
import type { SourceOrigin } from '../enrich/event-fields.js';
import { TemplateAssigner } from '../enrich/templates/template-assigner.js';
import { RowBatch, shareMap } from '../sinks/parquet/row-batch.js';
import { cutBuffers } from '../sinks/parquet/segment.js';
import { SourceHandles, cutBatch, writeEventRow, type RowEvent, type RowStageOptions, type RowsCut } from './row-sink.js';

/** Events of one message, column by column. */
export interface EventsMsg {
  k: 'ev';
  n: number;
  src: Int32Array;
  /** The events' texts joined (one string is much cheaper to copy between threads than many). */
  text: string;
  /** Length of each text in `text`. */
  len: Int32Array;
  offset: Float64Array;
  /** 1 = split, 2 = continued. */
  flags: Uint8Array;
  stream: (string | undefined)[];
  observed: Float64Array;
  presetTs: Float64Array;
  level: (string | undefined)[];
  k8s: (RecordK8s | undefined)[];
  /** Sources released after these events. */
  released: number[];
}
export type ToRowWorker = EventsMsg | { k: 'src'; id: number; origin: SourceOrigin } | { k: 'cut'; id: number };
export type FromRowWorker = { k: 'ack' } | { k: 'cut'; id: number; cut: RowsCut } | { k: 'error'; message: string };

export interface RowWorkerData { opts: RowStageOptions; minerPort?: MessagePort }

const data = workerData as RowWorkerData;
const port = parentPort!;
const templates = data.minerPort ? TemplateAssigner.connect(data.minerPort) : undefined;
const enrich = { ...data.opts.enrich, templates };
const tz = data.opts.tzOffsetMinutes;
const origins = new SourceHandles();
const batch = new RowBatch();
let failed = false;

const queue: ToRowWorker[] = [];
let running = false;

function fail(e: unknown): void {
  failed = true;
  queue.length = 0;
  port.postMessage({ k: 'error', message: (e as Error).stack ?? String(e) } satisfies FromRowWorker);
}

function rows(m: EventsMsg): void {
  const ev: RowEvent = { text: '', offset: 0, split: false, continued: false };
  const all = m.text;
  let at = 0;
  for (let i = 0; i < m.n; i++) {
    const end = at + m.len[i]!;
    ev.text = all.slice(at, end);
    at = end;
    ev.offset = m.offset[i]!;
    const f = m.flags[i]!;
    ev.split = (f & 1) !== 0;
    ev.continued = (f & 2) !== 0;
    writeEventRow(batch, enrich, tz, origins.get(m.src[i]!), m.stream[i], ev, m.observed[i]!, m.presetTs[i]!, m.level[i], m.k8s[i]);
  }
  for (const s of m.released) origins.release(s);
  port.postMessage({ k: 'ack' } satisfies FromRowWorker);
}

async function cut(id: number): Promise<void> {
  const c = await cutBatch(batch, templates);
  port.postMessage({ k: 'cut', id, cut: c } satisfies FromRowWorker, cutBuffers(c.segs));
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (queue.length > 0 && !failed) {
      const m = queue.shift()!;
      if (m.k === 'ev') rows(m);
      else if (m.k === 'src') {
        if (m.origin.labels) shareMap(m.origin.labels);
        origins.open(m.origin, m.id);
      } else await cut(m.id);
    }
  } catch (e) {
    fail(e);
  } finally {
    running = false;
  }
}

port.on('message', (m: ToRowWorker) => {
  if (failed) return;
  queue.push(m);
  void drain();
});
