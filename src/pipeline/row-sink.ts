/**
 * Where finished events become rows: parse (parsers/), enrich (enrich/), columnar batch, and — at
 * a commit — per-partition segments (sinks/parquet). Two implementations with the same output:
 * {@link LocalRowSink} does it on the calling thread; `WorkerRowSink` (row-worker-sink.ts) on a
 * worker thread, so that reading, envelope decoding and multi-line assembly (main thread) and
 * parsing (worker) use both cores.
 *
 * The caller keeps the accounting (rows, bytes buffered): `length` and `approxBytes` are known
 * synchronously, so commit points fall where they fall without a worker.
 */
import type { RecordK8s } from '../decoders/envelope.js';
import { compileLogLinePrefix, parseEvent, type LogLinePrefix } from '../parsers/index.js';
import { applyPresetLevel } from '../parsers/preset-fields.js';
import { writeEventFields, rowOrigin, type EnrichContext, type EventPlace, type SourceOrigin, type TemplateSink } from '../enrich/event-fields.js';
import { RowBatch } from '../sinks/parquet/row-batch.js';
import { cutSegments, type Segment } from '../sinks/parquet/segment.js';
import { COL } from '../schema/canonical.js';

/** One finished event as the row sink needs it. */
export interface RowEvent extends EventPlace {
  text: string;
}

/** The rows of one commit window, cut into per-partition segments. */
export interface RowsCut {
  segs: Segment[];
  /** Newest `ts` (µs) per service among the rows (metrics). */
  newestTsByService: Record<string, number>;
}

/** Something that fills the template ids of a batch before it is cut. */
export interface TemplateFiller extends TemplateSink {
  fill(batch: RowBatch): Promise<void>;
}

/** Run-wide settings of the row stage. */
export interface RowStageOptions {
  enrich: { ingestMicros: number; cluster?: string; environment?: string };
  tzOffsetMinutes: number | undefined;
  /** The run's --commit-bytes (sizes the row worker's heap). */
  commitBytes: number;
  /** The PostgreSQL servers' `log_line_prefix` (--pg-log-line-prefix), validated by the caller. */
  pgLogLinePrefix?: string;
}

/** See module comment. */
export interface RowSink {
  /** Rows added since the last cut. */
  readonly length: number;
  /** Approximate bytes those rows hold (as RowBatch counts them). */
  readonly approxBytes: number;
  /**
   * True when the sink takes new rows while a cut is still running (a worker); otherwise the
   * caller awaits {@link cut} before adding more.
   */
  readonly concurrentCut: boolean;
  /** Registers the origin of a source; returns its handle for {@link add}. */
  source(origin: SourceOrigin): number;
  /** The source will add no more rows. */
  release(src: number): void;
  /**
   * Adds the row of one finished event. `observed` and `presetTs` are µs or NaN; service and
   * parser hint come from the origin, or from `k8s` when the event carries its own metadata.
   */
  add(src: number, stream: string | undefined, ev: RowEvent, observed: number, presetTs: number, presetLevel: string | undefined, k8s: RecordK8s | undefined): void;
  /** A promise to wait on when the sink is too far behind (backpressure), else undefined. */
  backlog(): Promise<void> | undefined;
  /** Everything added so far, template ids filled, cut into segments; the sink starts empty again. */
  cut(): Promise<RowsCut>;
  close(): Promise<void>;
}

export { rowBytes } from './row-bytes.js';

/** The parse context of the row being written (parsers do not keep it): one object, not one per row. */
const parseCtx: { hint: string | undefined; observedMicros: number | undefined; defaultTzOffsetMinutes: number | undefined; pgPrefix: LogLinePrefix | undefined } = {
  hint: undefined, observedMicros: undefined, defaultTzOffsetMinutes: undefined, pgPrefix: undefined,
};

/** Sets the run-wide parse settings of this thread's row stage (before its first row). */
export function configureRowStage(opts: RowStageOptions): void {
  parseCtx.pgPrefix = opts.pgLogLinePrefix ? compileLogLinePrefix(opts.pgLogLinePrefix) : undefined;
}

/** Parses and enriches one event into the current row of `batch` and ends the row. */
export function writeEventRow(
  batch: RowBatch, enrich: EnrichContext, tz: number | undefined, src: SourceOrigin, stream: string | undefined, ev: RowEvent,
  observed: number, presetTs: number, presetLevel: string | undefined, k8s: RecordK8s | undefined,
): void {
  const origin = rowOrigin(src, k8s);
  const ctx = parseCtx;
  ctx.hint = origin.hint;
  ctx.observedMicros = Number.isNaN(observed) ? undefined : observed;
  ctx.defaultTzOffsetMinutes = tz;
  let family: string = parseEvent(ev.text, batch, ctx);
  if (presetLevel !== undefined) family = applyPresetLevel(batch, ev.text, presetLevel, family, origin.hint);
  writeEventFields(batch, enrich, src, stream, ev, observed, presetTs, family, origin);
  batch.endRow(ev.text.length);
}

/** Cuts `batch` (template ids filled first) and empties it. */
export async function cutBatch(batch: RowBatch, templates: TemplateFiller | undefined): Promise<RowsCut> {
  if (batch.length === 0) return { segs: [], newestTsByService: {} };
  if (templates) await templates.fill(batch);
  const newestTsByService: Record<string, number> = {};
  const services = batch.strs[COL.service]!;
  const ts = batch.nums[COL.ts]!;
  for (let i = 0; i < batch.length; i++) {
    const s = services[i]!;
    const t = ts[i]!;
    if (t > (newestTsByService[s] ?? -Infinity)) newestTsByService[s] = t;
  }
  const segs = cutSegments(batch);
  batch.reset();
  return { segs, newestTsByService };
}

/** Source origins by integer handle (never reused, so a late row cannot meet another source). */
export class SourceHandles {
  private readonly all = new Map<number, SourceOrigin>();
  private next = 0;

  open(origin: SourceOrigin, id = this.next++): number {
    this.all.set(id, origin);
    return id;
  }

  get(h: number): SourceOrigin {
    return this.all.get(h)!;
  }

  release(h: number): void {
    this.all.delete(h);
  }
}

/** The row stage on the calling thread. */
export class LocalRowSink implements RowSink {
  private readonly batch = new RowBatch();
  private readonly origins = new SourceHandles();
  private readonly enrich: EnrichContext;
  readonly concurrentCut = false;

  constructor(private readonly opts: RowStageOptions, private readonly templates: TemplateFiller | undefined) {
    this.enrich = { ...opts.enrich, templates };
    configureRowStage(opts);
  }

  get length(): number {
    return this.batch.length;
  }

  get approxBytes(): number {
    return this.batch.approxBytes;
  }

  source(origin: SourceOrigin): number {
    return this.origins.open(origin);
  }

  release(src: number): void {
    this.origins.release(src);
  }

  add(src: number, stream: string | undefined, ev: RowEvent, observed: number, presetTs: number, presetLevel: string | undefined, k8s: RecordK8s | undefined): void {
    // ingest_ts: taken at the start of each commit window and every 1,024 rows (as the worker sink does per message)
    if ((this.batch.length & 1023) === 0) this.enrich.ingestMicros = Date.now() * 1000;
    writeEventRow(this.batch, this.enrich, this.opts.tzOffsetMinutes, this.origins.get(src), stream, ev, observed, presetTs, presetLevel, k8s);
  }

  backlog(): undefined {
    return undefined;
  }

  cut(): Promise<RowsCut> {
    return cutBatch(this.batch, this.templates);
  }

  async close(): Promise<void> {}
}
