/**
 * The row stage on a worker thread (see row-sink.ts and row-worker.ts): events are buffered here
 * column by column and posted in batches; the worker parses them in order. At most a few batches
 * are in flight ({@link WorkerRowSink.backlog}), so memory stays bounded when parsing is the slower
 * side. A cut is answered in order after every event posted before it.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RecordK8s } from '../decoders/envelope.js';
import type { SourceOrigin } from '../enrich/event-fields.js';
import { LoglakeError } from '../core/errors.js';
import { rowBytes, type RowEvent, type RowSink, type RowStageOptions, type RowsCut } from './row-sink.js';
import type { EventsMsg, FromRowWorker, RowWorkerData, ToRowWorker } from './row-worker.js';

/** Events per posted message. */
const BATCH = 1024;
/** Posted messages not yet parsed before `backlog` asks the reader to wait. */
const MAX_IN_FLIGHT = 8;
/** Old-generation MiB of the row worker beside twice --commit-bytes (see the constructor). */
const HEAP_BASE_MIB = 96;

function newMsg(): EventsMsg {
  return {
    k: 'ev', n: 0, src: new Int32Array(BATCH), text: '', len: new Int32Array(BATCH), offset: new Float64Array(BATCH), flags: new Uint8Array(BATCH),
    stream: new Array<string | undefined>(BATCH), observed: new Float64Array(BATCH), presetTs: new Float64Array(BATCH),
    level: new Array<string | undefined>(BATCH), k8s: new Array<RecordK8s | undefined>(BATCH), released: [],
  };
}

export class WorkerRowSink implements RowSink {
  length = 0;
  approxBytes = 0;
  readonly concurrentCut = true;
  /** Started with the first message (a run with nothing to read never starts it). */
  private started: Worker | undefined;
  private msg = newMsg();
  /** Texts of the events in `msg`, joined when it is posted. */
  private texts: string[] = [];
  private inFlight = 0;
  private nextSource = 0;
  /**
   * Sources opened since the last post, announced to the worker just before the next message:
   * one message per batch of events instead of one per source (thousands of small files would
   * otherwise wake the worker thread once each for a registration).
   */
  private opened: { id: number; origin: SourceOrigin }[] = [];
  private nextCut = 0;
  private readonly cuts = new Map<number, { resolve: (c: RowsCut) => void; reject: (e: Error) => void }>();
  private waiter: { promise: Promise<void>; resolve: () => void } | undefined;
  private error: Error | undefined;

  /** `minerPort`: a port to the template miner (template ids on), transferred to the worker. */
  constructor(private readonly opts: RowStageOptions, private readonly minerPort: MessagePort | undefined) {}

  private get worker(): Worker {
    return (this.started ??= this.start());
  }

  private start(): Worker {
    const { opts, minerPort } = this;
    const js = fileURLToPath(new URL('./row-worker.js', import.meta.url));
    const ts = js.replace(/\.js$/, '.ts');
    const workerData: RowWorkerData = { opts, minerPort };
    const transferList = minerPort ? [minerPort] : [];
    // A commit window's rows live outside the V8 heap (UTF-8 bytes); what stays on it (maps, ids,
    // queued events) is well under --commit-bytes. A heap limit of that order makes V8 collect the
    // garbage of parsing early instead of letting the old generation grow to hundreds of MiB.
    const resourceLimits = { maxOldGenerationSizeMb: HEAP_BASE_MIB + Math.ceil(opts.commitBytes / 1048576) * 2 };
    // from sources (tsx, tests) the worker registers the TypeScript loader itself
    const worker = existsSync(js)
      ? new Worker(js, { workerData, transferList, resourceLimits })
      : new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(ts).href)}); });`, { eval: true, workerData, transferList, resourceLimits });
    worker.on('message', (m: FromRowWorker) => {
      if (m.k === 'ack') {
        this.inFlight--;
        if (this.waiter && this.inFlight <= MAX_IN_FLIGHT / 2) {
          this.waiter.resolve();
          this.waiter = undefined;
        }
      } else if (m.k === 'cut') {
        const c = this.cuts.get(m.id);
        this.cuts.delete(m.id);
        c?.resolve(m.cut);
      } else {
        this.failed(new LoglakeError('IO', `row worker failed: ${m.message}`));
      }
    });
    worker.on('error', (e) => this.failed(new LoglakeError('IO', `row worker failed: ${e.message}`)));
    return worker;
  }

  private failed(e: Error): void {
    this.error ??= e;
    for (const c of this.cuts.values()) c.reject(this.error);
    this.cuts.clear();
    this.waiter?.resolve();
    this.waiter = undefined;
  }

  private post(m: ToRowWorker): void {
    if (this.opened.length > 0) {
      this.worker.postMessage({ k: 'src', list: this.opened } satisfies ToRowWorker);
      this.opened = [];
    }
    this.worker.postMessage(m);
  }

  private flush(): void {
    const m = this.msg;
    if (m.n === 0 && m.released.length === 0) return;
    m.text = this.texts.join('');
    this.texts.length = 0;
    this.post(m);
    this.inFlight++;
    this.msg = newMsg();
  }

  source(origin: SourceOrigin): number {
    const id = this.nextSource++;
    this.opened.push({ id, origin });
    return id;
  }

  release(src: number): void {
    this.msg.released.push(src);
  }

  add(src: number, stream: string | undefined, ev: RowEvent, observed: number, presetTs: number, presetLevel: string | undefined, k8s: RecordK8s | undefined): void {
    const m = this.msg;
    const i = m.n++;
    m.src[i] = src;
    this.texts.push(ev.text);
    m.len[i] = ev.text.length;
    m.offset[i] = ev.offset;
    m.flags[i] = (ev.split ? 1 : 0) | (ev.continued ? 2 : 0);
    m.stream[i] = stream;
    m.observed[i] = observed;
    m.presetTs[i] = presetTs;
    m.level[i] = presetLevel;
    m.k8s[i] = k8s;
    this.length++;
    this.approxBytes += rowBytes(ev.text.length);
    if (m.n === BATCH) this.flush();
  }

  backlog(): Promise<void> | undefined {
    if (this.error) return Promise.reject(this.error);
    if (this.inFlight <= MAX_IN_FLIGHT) return undefined;
    if (!this.waiter) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.waiter = { promise, resolve };
    }
    return this.waiter.promise.then(() => {
      if (this.error) throw this.error;
    });
  }

  cut(): Promise<RowsCut> {
    if (this.error) return Promise.reject(this.error);
    this.flush();
    const id = this.nextCut++;
    this.length = 0;
    this.approxBytes = 0;
    return new Promise<RowsCut>((resolve, reject) => {
      this.cuts.set(id, { resolve, reject });
      this.post({ k: 'cut', id });
    });
  }

  async close(): Promise<void> {
    if (this.started) await this.started.terminate();
    else this.minerPort?.close();
  }
}
