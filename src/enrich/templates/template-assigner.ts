/**
 * Assigns `template_id` to rows with the template miner running in a worker thread. Rows are sent
 * in ingest order in chunks; `fill` waits for the answers and writes them into the batch before it
 * is cut into files. The miner state (shared with `loglake patterns` and with concurrent writers)
 * is saved with the final commit through a {@link TemplateStateStore} (conditional, merging writes).
 */
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TemplateStateStore } from './state-store.js';
import type { TemplateMinerState } from './persistence.js';
import { COL } from '../../schema/canonical.js';
import type { RowBatch } from '../../sinks/parquet/row-batch.js';
import type { IdChunk } from './id-chunk.js';

const CHUNK = 4096;

interface Pending { rows: Int32Array; promise: Promise<IdChunk> }

export class TemplateAssigner {
  private lines: string[] = [];
  private seenAt = new Float64Array(CHUNK);
  private rows = new Int32Array(CHUNK);
  private readonly inflight: Pending[] = [];
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private started: Worker | MessagePort | undefined;

  private constructor(private readonly boot: () => Worker | MessagePort, private readonly store: TemplateStateStore | undefined) {}

  /** The miner; its worker starts on first use, so a run that mines nothing (a no-op re-run) never starts it. */
  private get worker(): Worker | MessagePort {
    return (this.started ??= this.listen(this.boot()));
  }

  private listen(worker: Worker | MessagePort): Worker | MessagePort {
    worker.on('message', (m: { id: number; ids?: IdChunk; state?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error !== undefined) w.reject(new Error('template miner: ' + m.error));
      else w.resolve(m.ids ?? m.state);
    });
    worker.on('error', (e) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    });
    return worker;
  }

  /** Loads the stored state (or a new miner's) for the miner worker, which starts with the first lines to mine. */
  static async open(store: TemplateStateStore): Promise<TemplateAssigner> {
    const state = await store.load();
    const js = fileURLToPath(new URL('./miner-worker.js', import.meta.url));
    const ts = js.replace(/\.js$/, '.ts');
    return new TemplateAssigner(() => existsSync(js)
      ? new Worker(js, { workerData: { state } })
      : new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(ts).href)}); });`, { eval: true, workerData: { state } }), store);
  }

  /**
   * An assigner on another thread (the row worker) that talks to this one's miner through `port`
   * (from {@link port}); it only adds and fills, the state is saved by this one.
   */
  static connect(port: MessagePort): TemplateAssigner {
    const a = new TemplateAssigner(() => port, undefined);
    a.started = a.listen(port);
    return a;
  }

  /** Starts the miner's worker now, ahead of its first lines (so that its start overlaps reading). */
  start(): void {
    void this.worker;
  }

  /** A new port to this assigner's miner, for {@link TemplateAssigner.connect} on another thread (transfer it). */
  port(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ kind: 'port', port: port2 }, [port2]);
    return port1;
  }

  private call<T>(msg: object): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  /** Queues the first line of the message of batch row `row` (seen at `seenAtMs`). */
  add(row: number, firstLine: string, seenAtMs: number): void {
    const i = this.lines.length;
    this.lines.push(firstLine);
    this.seenAt[i] = seenAtMs;
    this.rows[i] = row;
    if (this.lines.length === CHUNK) this.send();
  }

  private send(): void {
    const n = this.lines.length;
    if (n === 0) return;
    const rows = this.rows.slice(0, n);
    const promise = this.call<IdChunk>({ kind: 'add', lines: this.lines, seenAt: this.seenAt.slice(0, n) });
    this.inflight.push({ rows, promise });
    this.lines = [];
  }

  /** Writes the template ids of every queued row into the batch (before it is cut). */
  async fill(batch: RowBatch): Promise<void> {
    this.send();
    const col = batch.strs[COL.template_id]!;
    for (const p of this.inflight.splice(0)) {
      const { ids, at } = await p.promise;
      for (let i = 0; i < at.length; i++) col[p.rows[i]!] = ids[at[i]!];
    }
    if (batch.length > 0) batch.touched[COL.template_id] = 1;
  }

  /** Saves the miner state (after every queued row was mined). */
  async save(): Promise<void> {
    this.send();
    // nothing was mined (the worker never started): the stored state is already the state
    if (!this.started) return;
    await Promise.all(this.inflight.map((p) => p.promise));
    const state = await this.call<TemplateMinerState>({ kind: 'state' });
    await this.store?.save(state);
  }

  async close(): Promise<void> {
    if (this.started instanceof Worker) await this.started.terminate();
    else this.started?.close();
    await this.store?.close();
  }
}
