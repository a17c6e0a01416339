/**
 * Worker thread of {@link WorkerRowSink} (row-worker-sink.ts): receives finished events in batches,
 * in order, parses and enriches them into a RowBatch (the same code as the local row sink), and on
 * `cut` cuts the window into segments at once and answers them as transferred buffers once their
 * template ids (from the miner worker, through its own port) are in; the next window's events are
 * parsed meanwhile. Messages are handled in order, each as it arrives.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { SourceOrigin } from '../enrich/event-fields.js';
import { TemplateAssigner } from '../enrich/templates/template-assigner.js';
import { RowBatch } from '../sinks/parquet/row-batch.js';
import { cutBuffers } from '../sinks/parquet/segment.js';
import { EventColumns, EventTables, type EventsMsg } from './events-msg.js';
import { SourceHandles, configureRowStage, cutBatch, writeEventRow, type RowEvent, type RowStageOptions, type RowsCut } from './row-sink.js';

/** Sources opened since the last message (ids in opening order), before the events that use them. */
export interface SourcesMsg { k: 'src'; list: { id: number; origin: SourceOrigin }[] }
export type ToRowWorker = EventsMsg | SourcesMsg | { k: 'cut'; id: number };
export type FromRowWorker = { k: 'ack' } | { k: 'cut'; id: number; cut: RowsCut } | { k: 'error'; message: string };

export interface RowWorkerData { opts: RowStageOptions; minerPort?: MessagePort }

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

function fail(e: unknown): void {
  failed = true;
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
  if (waiting > MAX_WAITING_CUTS) heldAcks++;
  else port.postMessage({ k: 'ack' } satisfies FromRowWorker);
}

/** Cuts answered so far, in order. */
let answered: Promise<void> = Promise.resolve();
/**
 * Cuts waiting for their template ids, and acks held back meanwhile: with more than
 * {@link MAX_WAITING_CUTS} windows waiting (the miner is behind), events are no longer acked, so the
 * reading thread stops after a few more messages (its backlog) and memory stays bounded.
 */
let waiting = 0;
let heldAcks = 0;
const MAX_WAITING_CUTS = 1;

/**
 * Cuts the batch now and answers once the window's template ids are in (in order); the rows of
 * the next window are parsed meanwhile instead of waiting for the miner.
 */
function cut(id: number): void {
  const c = cutBatch(batch, templates);
  waiting++;
  answered = answered
    .then(() => c)
    .then((r) => {
      port.postMessage({ k: 'cut', id, cut: r } satisfies FromRowWorker, cutBuffers(r.segs));
      waiting--;
      for (; heldAcks > 0 && waiting <= MAX_WAITING_CUTS; heldAcks--) port.postMessage({ k: 'ack' } satisfies FromRowWorker);
    })
    .catch((e: unknown) => {
      if (!failed) fail(e);
    });
}

function handle(m: ToRowWorker): void {
  try {
    if (m.k === 'ev') rows(m);
    else if (m.k === 'src') {
      for (const { id, origin } of m.list) {
        origins.open(origin, id);
      }
    } else cut(m.id);
  } catch (e) {
    fail(e);
  }
}

port.on('message', (m: ToRowWorker) => {
  if (!failed) handle(m);
});
