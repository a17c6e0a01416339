/**
 * Decoded lines of one source → events → rows. Per (source, stream): the runtime partial-line
 * merge (decoders/), multi-line aggregation (parsers/multiline), then parsing and enrichment of
 * each finished event into the batch. Also the one place that knows which byte offset of the
 * source is safe to commit (`commitPoint`): everything before it is in rows or quarantine.
 */
import type { DecodedLine, RecordK8s } from '../decoders/envelope.js';
import { PartialLineMerger } from '../decoders/partial-line-merger.js';
import { MultilineAggregator, type MultilineEvent } from '../parsers/multiline/multiline-aggregator.js';
import { recordService, type SourceOrigin } from '../enrich/event-fields.js';
import { shareMap } from '../sinks/parquet/row-batch.js';
import type { RowSink } from './row-sink.js';
import type { QuarantineWriter } from '../sinks/quarantine/quarantine-writer.js';
import type { Counts, RunSummary } from './run-summary.js';

/**
 * A stream whose last line lies this many bytes behind the read position is idle: at a commit
 * point its open event is closed (emitted as it is) instead of holding back every commit of the
 * source — so memory stays bounded by --commit-bytes when one stream goes quiet mid-event.
 */
export const IDLE_STREAM_BYTES = 1 << 20;

const NON_BLANK = /\S/;

/** Run-wide parts the events of every source go to. */
export interface EventSinks {
  /** Parses and enriches finished events into rows (here or on a worker). */
  rows: RowSink;
  quarantine: QuarantineWriter;
  summary: RunSummary;
  /** The decoder's reused result: the current line's decoded fields. */
  decoded: DecodedLine;
  maxLineBytes: number;
  multiline: 'auto' | 'none';
}

/** Per (source, stream) state: runtime partial-line merge + multi-line aggregation. */
class StreamState {
  readonly agg: MultilineAggregator;
  readonly part: PartialLineMerger;
  /** Offset of the last line this stream received. */
  lastOffset = -1;
  // pending multi-line event (the aggregator holds its text)
  pendStart = Infinity;
  pendLines = 0;
  pendObserved = NaN;
  pendPresetTs = NaN;
  pendPresetLevel: string | undefined;
  pendK8s: RecordK8s | undefined;
  constructor(readonly name: string | undefined, maxLineBytes: number, mode: 'auto' | 'none') {
    this.agg = new MultilineAggregator({ mode, max_bytes: maxLineBytes + 64, max_lines: 2000 });
    this.part = new PartialLineMerger(maxLineBytes);
  }
}

/** The events of one source being read. */
export class SourceEvents {
  private readonly streams = new Map<string, StreamState>();
  /** Highest start offset of anything emitted (row or quarantine) so far. */
  private maxEmitted = -1;
  /** This source's handle in the row sink. */
  private readonly handle: number;
  /** The Kubernetes metadata of the last event that had one, and its service. */
  private lastK8s: RecordK8s | undefined;
  private lastK8sService = '';
  /** The service of the last row and its row count in the summary. */
  private counted: string | undefined;
  private serviceRows = { rows: 0 };

  constructor(private readonly src: SourceOrigin, private readonly counts: Counts, private readonly out: EventSinks) {
    this.handle = out.rows.source(src);
  }

  /** No more events will come (the source's reading is finished). */
  close(): void {
    this.out.rows.release(this.handle);
  }

  /** Quarantines one physical line (or a read failure) with its bytes. */
  quarantine(raw: Uint8Array, offset: number, reason: string, stage: 'read' | 'frame' | 'decode'): void {
    this.out.quarantine.add({ sourcePath: this.src.path, offset, reason, stage, raw });
    this.counts.quarantined++;
    if (offset > this.maxEmitted) this.maxEmitted = offset;
  }

  /** A successfully decoded physical line at `offset` (fields in `out.decoded`). */
  line(d: DecodedLine, offset: number): void {
    const st = this.streamOf(d.stream);
    st.lastOffset = offset;
    if (d.partial) {
      if (st.part.add(d.text, offset, d.observed)) {
        // overflow: emit what we have as one event; the rest continues as the next one
        this.out.summary.oversize_splits++;
        this.pushLogical(st, st.part.take(), st.part.start, st.part.lines, st.part.observed);
      }
      return;
    }
    if (st.part.pending) {
      const t = st.part.take(d.text);
      this.pushLogical(st, t, st.part.start, st.part.lines, st.part.observed);
    } else {
      this.pushLogical(st, d.text, offset, 1, d.observed);
    }
  }

  /**
   * A read of the source ended with events possibly still open: their held texts become their own
   * strings, so they do not keep the read's decoded pieces alive while the source waits.
   */
  detach(): void {
    for (const st of this.streams.values()) {
      st.agg.detach();
      st.part.detach();
    }
  }

  /** End of the source's data: every open event is emitted. */
  flush(): void {
    for (const st of this.streams.values()) this.flushStream(st);
  }

  /**
   * The commit barrier of this source: the offset before which every line is in emitted rows or
   * quarantine, with the physical lines still held in open events (to subtract from the lines
   * read), or undefined when no such offset exists. `readEnd` is the offset after the last line
   * read. Streams idle for {@link IDLE_STREAM_BYTES} that block the barrier get their open event
   * closed first, so a quiet stream never holds commits back; with `force` (a commit interval in
   * follow mode), every stream whose open event blocks the barrier is closed.
   */
  commitPoint(readEnd: number, force = false): { offset: number; pendingLines: number } | undefined {
    let b = this.barrier(readEnd);
    if (b < 0) {
      let closed = false;
      for (const st of this.streams.values()) {
        const blocks = (st.part.pending && st.part.start <= this.maxEmitted) || (st.agg.pending && st.pendStart <= this.maxEmitted);
        if ((force ? blocks : st.lastOffset < readEnd - IDLE_STREAM_BYTES) && (st.part.pending || st.agg.pending)) {
          this.flushStream(st);
          closed = true;
        }
      }
      if (closed) b = this.barrier(readEnd);
      if (b < 0) return undefined;
    }
    let pendingLines = 0;
    for (const st of this.streams.values()) {
      if (st.part.pending) pendingLines += st.part.lines;
      if (st.agg.pending) pendingLines += st.pendLines;
    }
    return { offset: b, pendingLines };
  }

  private barrier(readEnd: number): number {
    let min = readEnd;
    for (const st of this.streams.values()) {
      if (st.part.pending && st.part.start < min) min = st.part.start;
      if (st.agg.pending && st.pendStart < min) min = st.pendStart;
    }
    return this.maxEmitted < min ? min : -1;
  }

  private streamOf(name: string | undefined): StreamState {
    const k = name ?? '';
    let st = this.streams.get(k);
    if (!st) this.streams.set(k, (st = new StreamState(name, this.out.maxLineBytes, this.out.multiline)));
    return st;
  }

  private flushStream(st: StreamState): void {
    if (st.part.pending) {
      const t = st.part.take();
      this.pushLogical(st, t, st.part.start, st.part.lines, st.part.observed);
    }
    const ev = st.agg.flush();
    if (ev) this.emit(st, ev, st.pendObserved, st.pendPresetTs, st.pendPresetLevel, st.pendK8s);
    st.pendStart = Infinity;
    st.pendLines = 0;
  }

  /** One logical line (runtime pieces merged) into the stream's multi-line aggregator. */
  private pushLogical(st: StreamState, text: string, offset: number, lines: number, observed: number): void {
    const decoded = this.out.decoded;
    const wasPending = st.agg.pending;
    const events = st.agg.push(text, offset, observed);
    const prevObserved = st.pendObserved, prevTs = st.pendPresetTs, prevLevel = st.pendPresetLevel, prevK8s = st.pendK8s;
    if (events.length > 0 || !wasPending) {
      st.pendStart = offset;
      st.pendLines = lines;
      st.pendObserved = observed;
      st.pendPresetTs = decoded.presetTs;
      st.pendPresetLevel = decoded.presetLevel;
      st.pendK8s = decoded.k8s;
    } else {
      st.pendLines += lines;
    }
    // lines merged by the runtime partial merge beyond the first count as merged
    this.counts.merged += lines - 1;
    for (const ev of events) this.emit(st, ev, prevObserved, prevTs, prevLevel, prevK8s);
  }

  /** Hands one finished event to the row sink (parsed and enriched there) and counts its row. */
  private emit(st: StreamState, ev: MultilineEvent, observed: number, presetTs: number, presetLevel: string | undefined, k8s: RecordK8s | undefined): void {
    if (ev.offset > this.maxEmitted) this.maxEmitted = ev.offset;
    const c0 = ev.text.charCodeAt(0);
    if (!(c0 > 32 && c0 < 127) && !NON_BLANK.test(ev.text)) { // (most texts start with a visible ASCII character)
      // an event of blank lines only (a file of newlines, "\n" records): no row, counted as blank
      this.counts.blank += ev.lines;
      return;
    }
    this.counts.merged += ev.lines - 1;
    let service = this.src.service;
    if (k8s) {
      // the events of a pod share one metadata object (see decodeFluentBit)
      if (k8s !== this.lastK8s) {
        this.lastK8s = k8s;
        this.lastK8sService = recordService(this.src, k8s);
        if (k8s.labels && typeof k8s.labels === 'object') shareMap(k8s.labels);
      }
      service = this.lastK8sService;
    }
    this.out.rows.add(this.handle, st.name, ev, observed, presetTs, presetLevel, k8s);
    this.counts.rows++;
    if (service !== this.counted) {
      this.counted = service;
      this.serviceRows = this.out.summary.by_service[service] ??= { rows: 0 };
    }
    this.serviceRows.rows++;
  }
}
