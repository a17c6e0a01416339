/**
 * Worker thread of {@link WorkerRowSink} (row-worker-sink.ts): receives finished events in batches,
 * in order, parses and enriches them into a RowBatch (the same code as the local row sink), and on
 * `cut` fills template ids (from the miner worker, through its own port) and answers the window's
 * segments as transferred buffers. Messages that arrive meanwhile wait in order.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { SourceOrigin } from '../enrich/event-fields.js';
import { TemplateAssigner } from '../enrich/templates/template-assigner.js';
import { RowBatch } from '../sinks/parquet/row-batch.js';
import { cutBuffers } from '../sinks/parquet/segment.js';
import { EventColumns, EventTables, type EventsMsg } from './events-msg.js';
import { expectTransfers } from '../core/jit-tuning.js';
import { SourceHandles, configureRowStage, cutBatch, writeEventRow, type RowEvent, type RowStageOptions, type RowsCut } from './row-sink.js';

/** Sources opened since the last message (ids in opening order), before the events that use them. */
export interface SourcesMsg { k: 'src'; list: { id: number; origin: SourceOrigin }[] }
export type ToRowWorker = EventsMsg | SourcesMsg | { k: 'cut'; id: number };
export type FromRowWorker = { k: 'ack' } | { k: 'cut'; id: number; cut: RowsCut } | { k: 'error'; message: string };

export interface RowWorkerData { opts: RowStageOptions; minerPort?: MessagePort }

// cuts go back as transferred buffers: the first transfer happens now, before the hot code is optimized
expectTransfers();
const data = workerData as RowWorkerData;
const port = parentPort!;
const templates = data.minerPort ? TemplateAssigner.connect(data.minerPort) : undefined;
const enrich = { ...data.opts.enrich, templates };
const tz = data.opts.tzOffsetMinutes;
configureRowStage(data.opts);
const origins = new SourceHandles();
const batch = new RowBatch();
const tables = new EventTables();
let failed = false;

const queue: ToRowWorker[] = [];
let running = false;

function fail(e: unknown): void {
  failed = true;
  queue.length = 0;
  port.postMessage({ k: 'error', message: (e as Error).stack ?? String(e) } satisfies FromRowWorker);
}

function rows(m: EventsMsg): void {
  tables.update(m);
  enrich.ingestMicros = m.now;
  const c = new EventColumns(m.buf, m.cap);
  const ev: RowEvent = { text: '', offset: 0, split: false, continued: false };
  let part = 0;
  let all = m.text[0] ?? '';
  let at = 0;
  for (let i = 0; i < m.n; i++) {
    const len = c.len[i]!;
    if (at + len > all.length) {
      all = m.text[++part]!;
      at = 0;
    }
    ev.text = all.slice(at, at + len);
    at += len;
    ev.offset = c.offset[i]!;
    const f = c.flags[i]!;
    ev.split = (f & 1) !== 0;
    ev.continued = (f & 2) !== 0;
    writeEventRow(batch, enrich, tz, origins.get(c.src[i]!), tables.str(c.stream[i]!), ev, c.observed[i]!, c.presetTs[i]!, tables.str(c.level[i]!), tables.meta(c.k8s[i]!));
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
        for (const { id, origin } of m.list) {
          origins.open(origin, id);
        }
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
