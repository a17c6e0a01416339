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
import { tuneJit } from '../core/jit-tuning.js';
import { rowBytes } from './row-bytes.js';
import type { RowEvent, RowSink, RowStageOptions, RowsCut } from './row-sink.js';
import type { FromRowWorker, RowWorkerData, ToRowWorker } from './row-worker.js';
import { EventColumns, NONE, TEXT_PART, type EventsMsg } from './events-msg.js';

/** Events per posted message. */
const BATCH = 1024;
/** Entries either intern table may hold before both are emptied (at a message boundary). */
const TABLE_LIMIT = 4096;
/** Posted messages not yet parsed before `backlog` asks the reader to wait. */
const MAX_IN_FLIGHT = 8;
/**
 * The same while the worker starts (loading its modules takes a few hundred ms, in which the
 * reader would otherwise stop after 8 messages): reading goes on meanwhile, and the allowance
 * shrinks back to MAX_IN_FLIGHT as the worker catches up (≈ 0.5 MiB a message at most).
 */
const STARTUP_IN_FLIGHT = 48;
/**
 * Characters of event text in flight beyond which only MAX_IN_FLIGHT messages are allowed, start-up
 * or not: messages are counted in events, and long lines make large messages.
 */
const STARTUP_CHARS = 16 << 20;
/** Longest the reader goes without letting the worker's messages in (ms; see backlog). */
const YIELD_MS = 20;
/** The same while a cut waits for its answer (ms). */
const CUT_YIELD_MS = 2;
/** Old-generation MiB of the row worker beside twice --commit-bytes (see the constructor). */
const HEAP_BASE_MIB = 96;


export class WorkerRowSink implements RowSink {
  length = 0;
  approxBytes = 0;
  readonly concurrentCut = true;
  /** Started with the first message (a run with nothing to read never starts it). */
  private started: Worker | undefined;
  /** The message being filled: its columns (copied by postMessage, then reused) and the table entries it introduces. */
  private readonly cols = EventColumns.alloc(BATCH);
  private n = 0;
  private released: number[] = [];
  private newStrs: string[] = [];
  private newK8s: RecordK8s[] = [];
  private reset = false;
  /** Texts of the events in the message not yet joined into a part, and their characters. */
  private texts: string[] = [];
  private textChars = 0;
  /** Parts of the message's texts joined so far. */
  private parts: string[] = [];
  /** Intern tables (codes as in {@link EventsMsg}). */
  private readonly strCodes = new Map<string, number>();
  private readonly k8sCodes = new Map<RecordK8s, number>();
  private inFlight = 0;
  /** Messages allowed in flight (STARTUP_IN_FLIGHT shrinking to MAX_IN_FLIGHT, see there). */
  private allowed = STARTUP_IN_FLIGHT;
  /** Text characters of each message in flight, oldest first (acks come in order), and their sum. */
  private readonly sizes: number[] = [];
  private sizesHead = 0;
  private inFlightChars = 0;
  /** When the reader last yielded to the event loop in {@link backlog} (performance.now()). */
  private yieldedAt = 0;
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

  /**
   * `minerPort`: gives a port to the template miner (template ids on), transferred to the worker;
   * asked for when the worker starts (the miner starts then too: a run that parses nothing starts neither).
   */
  constructor(private readonly opts: RowStageOptions, private readonly minerPort: (() => MessagePort) | undefined) {}

  private get worker(): Worker {
    return (this.started ??= this.start());
  }

  private start(): Worker {
    // only now, with events to parse: a flag set changes V8's flag hash, so built-in modules loaded
    // later compile without their code cache (a no-op run, which never gets here, stays as fast)
    tuneJit();
    const { opts } = this;
    const minerPort = this.minerPort?.();
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
        this.inFlightChars -= this.sizes[this.sizesHead++]!;
        if (this.sizesHead > 1024) {
          this.sizes.splice(0, this.sizesHead);
          this.sizesHead = 0;
        }
        // the start-up allowance follows the backlog down: the reader may keep it, not grow it
        if (this.allowed > MAX_IN_FLIGHT) this.allowed = Math.max(MAX_IN_FLIGHT, Math.min(this.allowed, this.inFlight + MAX_IN_FLIGHT / 2));
        if (this.waiter && this.roomy()) {
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
    if (this.n === 0 && this.released.length === 0) return;
    const cols = this.cols;
    const m: EventsMsg = {
      k: 'ev', n: this.n, cap: cols.cap, buf: cols.buf, text: this.joinTexts(), reset: this.reset, strs: this.newStrs, k8s: this.newK8s,
      released: this.released, now: Date.now() * 1000,
    };
    // copied, not transferred: transferring (and handing back) costs both threads more
    this.post(m);
    this.inFlight++;
    let chars = 0;
    for (const t of m.text) chars += t.length;
    this.sizes.push(chars);
    this.inFlightChars += chars;
    this.parts = [];
    this.n = 0;
    this.released = [];
    this.newStrs = [];
    this.newK8s = [];
    this.reset = false;
    if (this.strCodes.size > TABLE_LIMIT || this.k8sCodes.size > TABLE_LIMIT) {
      // bounded tables: both sides empty them before the next message's entries
      this.strCodes.clear();
      this.k8sCodes.clear();
      this.reset = true;
    }
  }

  /** The message's text parts, the texts not joined yet included. */
  private joinTexts(): string[] {
    if (this.texts.length > 0) {
      this.parts.push(this.texts.join(''));
      this.texts.length = 0;
      this.textChars = 0;
    }
    return this.parts;
  }

  private strCode(s: string | undefined): number {
    return intern(this.strCodes, this.newStrs, s);
  }

  private k8sCode(o: RecordK8s | undefined): number {
    return intern(this.k8sCodes, this.newK8s, o);
  }

  source(origin: SourceOrigin): number {
    const id = this.nextSource++;
    this.opened.push({ id, origin });
    return id;
  }

  release(src: number): void {
    this.released.push(src);
  }

  add(src: number, stream: string | undefined, ev: RowEvent, observed: number, presetTs: number, presetLevel: string | undefined, k8s: RecordK8s | undefined): void {
    const c = this.cols;
    const i = this.n++;
    c.src[i] = src;
    const text = ev.text;
    if (this.textChars + text.length > TEXT_PART) this.joinTexts();
    this.texts.push(text);
    this.textChars += text.length;
    c.len[i] = text.length;
    c.offset[i] = ev.offset;
    c.flags[i] = (ev.split ? 1 : 0) | (ev.continued ? 2 : 0);
    c.stream[i] = this.strCode(stream);
    c.observed[i] = observed;
    c.presetTs[i] = presetTs;
    c.level[i] = this.strCode(presetLevel);
    c.k8s[i] = this.k8sCode(k8s);
    this.length++;
    this.approxBytes += rowBytes(ev.text.length);
    if (this.n === BATCH) this.flush();
  }

  /** Too much in flight: the reader waits (MAX_IN_FLIGHT messages, more while the worker starts). */
  private full(): boolean {
    return this.inFlight > MAX_IN_FLIGHT && (this.inFlight > this.allowed || this.inFlightChars > STARTUP_CHARS);
  }

  /** A waiting reader may go on: half of what {@link full} allows. */
  private roomy(): boolean {
    return this.inFlight <= MAX_IN_FLIGHT / 2 || (this.inFlight <= this.allowed - MAX_IN_FLIGHT / 2 && this.inFlightChars <= STARTUP_CHARS / 2);
  }

  backlog(): Promise<void> | undefined {
    if (this.error) return Promise.reject(this.error);
    if (!this.full()) {
      // the reader's loop reads synchronously and only yields to the event loop here: every
      // YIELD_MS, or every CUT_YIELD_MS while a cut waits for its answer, let the worker's
      // messages in (a cut's segments must reach the encoder when they are there, not when the
      // reader next has to wait)
      const now = performance.now();
      if (now - this.yieldedAt < (this.cuts.size > 0 ? CUT_YIELD_MS : YIELD_MS)) return undefined;
      this.yieldedAt = now;
      return new Promise((r) => setImmediate(r));
    }
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
  }
}

/** The code of `v` in `codes` (NONE for undefined); a new value gets the next code and is listed in `added`. */
function intern<T>(codes: Map<T, number>, added: T[], v: T | undefined): number {
  if (v === undefined) return NONE;
  let c = codes.get(v);
  if (c === undefined) {
    c = codes.size;
    codes.set(v, c);
    added.push(v);
  }
  return c;
}
