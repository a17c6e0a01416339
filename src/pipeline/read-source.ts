/**
 * The one per-source loop, the same for every kind of source: identity → shard → resume position
 * → read lines (framing checks, envelope decode, events into rows, quarantine) → commit points
 * between chunks → final position. Read failures become a quarantined read error at the failing
 * offset; what was read stays read.
 *
 * A batch run opens a {@link SourceReading}, reads once and finishes it; follow mode keeps it
 * open and reads again whenever the source grows, so events still open at the end of the data
 * (a stack trace being written) stay open until the next read or until the source goes idle.
 */
import { isUtf8 } from 'node:buffer';
import type { Source } from '../sources/source.js';
import { fileStem } from '../sources/path-metadata.js';
import { isContentError, type LineSink } from '../sources/line-reader.js';
import { decodeLine, type EnvelopeFormat } from '../decoders/envelope.js';
import { sniffHead } from '../decoders/sniff-head.js';
import { sourceOrigin } from '../enrich/event-fields.js';
import { shareMap } from '../sinks/parquet/row-batch.js';
import type { EncoderPool } from '../sinks/parquet/encoder-pool.js';
import { sourceKey, shardOf, startPosition, checkpointAt, fingerprint, headTooShort } from '../state/source-position.js';
import { LoglakeError } from '../core/errors.js';
import { SourceEvents, type EventSinks } from './source-events.js';
import type { CommitSchedule } from './commit-schedule.js';
import { zeroCounts, filesDone, type Counts, type Progress } from './run-summary.js';

/** Run-wide settings and parts every source is read with. */
export interface SourceRunParts {
  sinks: EventSinks;
  schedule: CommitSchedule;
  pool: EncoderPool | undefined;
  /** Forced envelope format (instead of sniffing). */
  format: EnvelopeFormat | undefined;
  /** Service for rows whose origin does not say. */
  service: string | undefined;
  shard: { index: number; count: number } | undefined;
  onProgress: ((p: Progress) => void) | undefined;
  /** When progress was last reported (ms). */
  progressAt: number;
  /** Reading stops at the next chunk boundary once this is aborted (shutdown). */
  signal?: AbortSignal;
}

/** Whether `source` was read to its end under the stamp it has now (nothing new; it need not be opened). */
export function unchangedSince(source: Source, schedule: CommitSchedule): boolean {
  return source.stamp !== undefined && schedule.positionByStamp(source.stamp) !== undefined;
}

/** Outcome of one source: skipped (unchanged, another shard, empty) or read. */
export type SourceOutcome = { read: false } | { read: true; rows: number; error?: string };

/** Reads `source` once from where the warehouse (or this run) left it (batch runs). */
export async function ingestSource(source: Source, run: SourceRunParts): Promise<SourceOutcome> {
  let r: SourceReading | undefined;
  try {
    r = await SourceReading.open(source, run);
  } catch (e) {
    if (e instanceof LoglakeError) throw e;
    return unreadable(source, run, e);
  }
  if (!r) return { read: false };
  const error = await r.read(source, false, true);
  r.finish(source.gzip && error === undefined);
  return { read: true, rows: r.rows, error };
}

/** One source being read: its identity, position, open events and counts. */
export class SourceReading {
  private readonly events: SourceEvents;
  private readonly counts: Counts;
  private readonly rowsBefore: number;
  /** Physical lines and bytes read by this reading so far. */
  private lineNo = 0;
  private bytes = 0;
  /** Offset after the last line read. */
  private readEnd: number;
  /** Bytes left unconsumed at the end of the last read (an unterminated line). */
  private heldBack = 0;
  private finished = false;
  /** The local file (`device:inode`) read last: recorded so that a shorter copy is not taken for a truncation. */
  private fileId: string | undefined;
  private readonly gzip: boolean;
  /** The source's stamp when the last read reached its end (see Source.endStamp). */
  private endStamp: string | undefined;
  /** A content error (corrupt gzip): recorded with the position so the unchanged file is not read again. */
  private failed: { error: string; size: number | undefined } | undefined;

  private constructor(
    readonly key: string, private readonly head: Buffer, readonly path: string, readonly format: EnvelopeFormat,
    private readonly startLines: number, start: number, source: Source, private readonly run: SourceRunParts,
  ) {
    const meta = source.meta;
    const labels = meta.labels ? shareMap({ ...meta.labels }) : undefined;
    const summary = run.sinks.summary;
    this.counts = summary.by_format[format] ??= zeroCounts();
    this.rowsBefore = this.counts.rows;
    const origin = sourceOrigin(this.path, meta, labels, format, run.service, source.local ? fileStem(this.path) : undefined);
    this.events = new SourceEvents(origin, this.counts, run.sinks);
    this.readEnd = start;
    this.fileId = source.gzip ? undefined : source.fileId;
    this.gzip = source.gzip;
    run.schedule.reading(this, true);
  }

  /**
   * Identifies `source` and where to resume it; undefined when there is nothing to read (counted
   * in the summary). `live` answers a reading of the same content still open (follow mode).
   * Throws what reading the first bytes throws (see {@link unreadable}).
   */
  static async open(source: Source, run: SourceRunParts, live?: (key: string) => SourceReading | undefined): Promise<SourceReading | undefined> {
    const summary = run.sinks.summary;
    // unchanged since it was read to its end (same stamp): not even opened
    if (!run.shard && unchangedSince(source, run.schedule)) {
      summary.files_skipped_unchanged++;
      return undefined;
    }
    const head = await source.head();
    if (head.length === 0) return undefined;
    const lookup = (k: string): ReturnType<CommitSchedule['position']> => run.schedule.position(k);
    // a file still being written whose identity is not settled yet waits (its bytes are left for
    // the next run or pass): it starts like a known content but is still shorter than that
    // content's identity check (a copy in progress: copytruncate, compression), or, when
    // following, its first line is unfinished
    if (source.growing && ((live && !fingerprint(head).complete) || (headTooShort(head, lookup) && copyInProgress(head, live)))) {
      if (!live) summary.held_back_bytes += source.size ?? 0;
      return undefined;
    }
    const key = sourceKey(head, source.path, lookup);
    const open = live?.(key);
    if (open) return open;
    if (run.shard && source.shardable && shardOf(key, run.shard.count) !== run.shard.index) {
      summary.files_skipped_other_shards++;
      return undefined;
    }
    const format = run.format ?? sniffHead(head, source.sniffName);
    const pos = startPosition(run.schedule.position(key), source.gzip, source.size, source.fileId);
    if (pos === undefined) {
      summary.files_skipped_unchanged++;
      return undefined;
    }
    return new SourceReading(key, head, source.path, format, pos.startLines, pos.start, source, run);
  }

  /** Rows emitted from this reading so far. */
  get rows(): number {
    return this.counts.rows - this.rowsBefore;
  }

  /** Offset after the last line read. */
  get offset(): number {
    return this.readEnd;
  }

  /** The first bytes of this content as read when it was opened (its identity). */
  get headBytes(): Buffer {
    return this.head;
  }

  /** The local file (`device:inode`) this content was read from last. */
  get lastFileId(): string | undefined {
    return this.fileId;
  }

  /** Bytes of an unterminated last line left for a later read. */
  get pendingTail(): number {
    return this.heldBack;
  }

  /**
   * Reads `source` (this reading's content, possibly under another name after a rotation) from
   * where the last read stopped to the end of the data there now. Returns the read error, if any.
   * With `goneIsRetry` (follow mode), a source that vanished before anything was read (renamed or
   * removed since it was listed) is no error: `'gone'` is returned and it is met again under its
   * new name. With `finishing` (finish() follows at once) events still open are not made to
   * hold their own copies of their texts first: they are emitted right away.
   */
  async read(source: Source, goneIsRetry = false, finishing = false): Promise<string | undefined> {
    const run = this.run;
    const { sinks, schedule } = run;
    const summary = sinks.summary;
    const events = this.events;
    const maxLineBytes = sinks.maxLineBytes;
    const decoded = sinks.decoded;
    const format = this.format;
    const linesBefore = this.lineNo;
    const bytesBefore = this.bytes;
    const self = this;
    // a due window is committed at the first line boundary that is a commit point of every open
    // source: when streams interleave (stdout and stderr each with an open multi-line event), a
    // chunk's end is rarely one, and windows would grow to the overdue limit (memory). Only where
    // the cut runs beside reading (the row worker): the commit's hand-off is synchronous there.
    const lineCommits = sinks.rows.concurrentCut;
    let committing: Promise<void> | undefined;
    const sink: LineSink = {
      onText(line, bytes, offset, next) {
        if (lineCommits && committing === undefined && schedule.due && schedule.recordOpenPositions(false)) {
          committing = schedule.commit(false);
          committing.catch(() => undefined); // awaited (and reported) in onChunk
        }
        self.lineNo++;
        self.bytes += bytes + 1;
        self.readEnd = next;
        // valid UTF-8 without NUL (line-reader checked its chunk): its bytes are those of the line
        const d = decodeLine(format, line, decoded);
        if (!d.ok) return events.quarantine(Buffer.from(line, 'utf8'), offset, d.reason, 'decode');
        events.line(d, offset);
      },
      onLine(buf, s, e, offset, next) {
        if (lineCommits && committing === undefined && schedule.due && schedule.recordOpenPositions(false)) {
          committing = schedule.commit(false);
          committing.catch(() => undefined); // awaited (and reported) in onChunk
        }
        self.lineNo++;
        self.bytes += e - s + 1;
        self.readEnd = next;
        const slice = buf.subarray(s, e);
        // framing checks: binary content and invalid UTF-8 are quarantined with their bytes
        if (slice.indexOf(0) >= 0) return events.quarantine(Buffer.from(slice), offset, 'binary_content', 'frame');
        if (!isUtf8(slice)) return events.quarantine(Buffer.from(slice), offset, 'invalid_utf8', 'frame');
        const d = decodeLine(format, buf.toString('utf8', s, e), decoded);
        if (!d.ok) return events.quarantine(Buffer.from(slice), offset, d.reason, 'decode');
        events.line(d, offset);
      },
      onOverlong(headBytes, offset, length) {
        self.lineNo++;
        self.readEnd = offset + length;
        self.bytes += length;
        // `headBytes` may be a view into the reader's reused buffer: keep a copy
        events.quarantine(Buffer.from(headBytes), offset, `line_too_long (${length} bytes > ${maxLineBytes})`, 'read');
      },
      async onChunk() {
        if (committing) {
          const c = committing;
          committing = undefined;
          await c;
        }
        // a commit carries every open source's rows: each must record its position first
        if (schedule.due && schedule.recordOpenPositions(schedule.overdue)) await schedule.commit(false);
        reportProgress(run, self.path, self.bytes - bytesBefore, self.lineNo - linesBefore);
        // backpressure: do not run ahead of the row worker and the encoder workers
        const behind = sinks.rows.backlog();
        if (behind) await behind;
        while (run.pool && run.pool.inFlight > 4) await new Promise((r) => setTimeout(r, 5));
      },
      stopped: run.signal ? () => run.signal!.aborted : undefined,
    };
    let error: string | undefined;
    try {
      if (!source.gzip) this.fileId = source.fileId; // offsets of a .gz count decompressed bytes: no file to compare
      const res = await source.read(this.readEnd, sink, maxLineBytes);
      this.readEnd = res.endOffset;
      this.heldBack = res.heldBack;
      this.endStamp = res.heldBack === 0 && !run.signal?.aborted ? source.endStamp?.(res.endOffset) : undefined;
    } catch (e) {
      if (e instanceof LoglakeError) throw e; // commit / warehouse errors stop the run
      if (goneIsRetry && (e as NodeJS.ErrnoException).code === 'ENOENT' && this.lineNo === linesBefore) return 'gone';
      // a source that cannot be read to its end (corrupt gzip, I/O error): keep what was read,
      // record the failure as a quarantined "line" at the failing offset, and move on; the next
      // run retries from there
      error = errorText(e);
      this.endStamp = undefined;
      this.lineNo++;
      events.quarantine(new Uint8Array(0), this.readEnd, `read_error (${error})`, 'read');
      this.heldBack = 0;
      summary.source_errors.push({ path: this.path, error });
      // a corrupt gzip fails at the same place every time: recorded once, not read again unchanged
      if (isContentError(e)) this.failed = { error, size: source.size };
    }
    if (!finishing) events.detach();
    this.counts.lines += this.lineNo - linesBefore;
    this.counts.bytes += this.bytes - bytesBefore;
    return error;
  }

  /**
   * Records this source's commit barrier as its position for the next commit (see
   * SourceEvents.commitPoint); false when there is no safe point yet. With `force`, open events
   * blocking the barrier are closed so that there is one.
   */
  recordCommitPoint(force = false): boolean {
    const at = this.events.commitPoint(this.readEnd, force);
    if (!at) return false;
    const lines = this.startLines + this.lineNo - at.pendingLines;
    const was = this.run.schedule.position(this.key);
    if (was?.offset !== at.offset || was.lines !== lines || was.complete) this.run.schedule.record(this.key, checkpointAt(this.head, this.path, at.offset, lines, undefined, this.fileId));
    return true;
  }

  /** End of this reading: open events are emitted and the position after the last line is recorded. */
  finish(complete: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.run.schedule.reading(this, false);
    this.events.flush();
    this.events.close();
    const summary = this.run.sinks.summary;
    summary.held_back_bytes += this.heldBack;
    summary.files_read++;
    const cp = checkpointAt(this.head, this.path, this.readEnd, this.startLines + this.lineNo, complete && !this.failed, this.fileId);
    if (this.failed) {
      cp.error = this.failed.error;
      cp.size = this.failed.size;
    }
    // read to its end as listed: the next run may skip it unopened while the stamp holds (a gzip
    // source only once complete)
    if (this.endStamp !== undefined && !this.failed && (complete || !this.gzip)) cp.stamp = this.endStamp;
    this.run.schedule.record(this.key, cp);
  }
}

/**
 * Whether a growing file that starts like a known content but is shorter than its identity check
 * is a copy of it still being written: when that content is open in this process, its first bytes
 * tell (a prefix of them, or not); otherwise it cannot be told yet, and the file waits until it
 * stops growing or grows past the check.
 */
function copyInProgress(head: Buffer, live: ((key: string) => SourceReading | undefined) | undefined): boolean {
  const open = live?.('fp:' + fingerprint(head).id);
  if (!open) return true;
  const known = open.headBytes;
  return known.length >= head.length && known.subarray(0, head.length).equals(head);
}

/**
 * Tells `run.onProgress` (at most every 200 ms) how far the run is: the counts so far (rows count
 * as they are made; lines and bytes of the source being read are added to its format's counts when
 * its read ends, so they are given here) and files done / total.
 */
export function reportProgress(run: SourceRunParts, file: string, bytes = 0, lines = 0): void {
  if (!run.onProgress || Date.now() - run.progressAt <= 200) return;
  run.progressAt = Date.now();
  const summary = run.sinks.summary;
  let b = bytes, l = lines, r = 0;
  for (const c of Object.values(summary.by_format)) {
    b += c.bytes;
    l += c.lines;
    r += c.rows;
  }
  run.onProgress({ bytes: b, lines: l, rows: r, file, filesDone: filesDone(summary), filesTotal: summary.files_seen });
}

function errorText(e: unknown): string {
  return `${(e as NodeJS.ErrnoException).code ?? 'read_error'}: ${(e as Error).message}`;
}

/**
 * A source whose first bytes cannot be read (permission denied, not gzip, gzip cut inside its
 * header): one quarantined read error for it, counted under the format `unreadable`, listed in
 * `source_errors`; the run goes on. A content error (corrupt gzip) is recorded once under the
 * path's key and not repeated while the file keeps its size; other errors are retried next run.
 */
export function unreadable(source: Source, run: SourceRunParts, e: unknown): SourceOutcome {
  const { sinks, schedule } = run;
  const summary = sinks.summary;
  const key = 'path:' + source.path;
  const known = schedule.position(key);
  if (known?.error !== undefined && known.size === source.size) {
    summary.files_skipped_unchanged++;
    return { read: false };
  }
  const error = errorText(e);
  const counts = (summary.by_format.unreadable ??= zeroCounts());
  counts.lines++;
  counts.quarantined++;
  sinks.quarantine.add({ sourcePath: source.path, offset: 0, reason: `read_error (${error})`, stage: 'read', raw: new Uint8Array(0) });
  summary.source_errors.push({ path: source.path, error });
  if (isContentError(e)) schedule.record(key, { offset: 0, path: source.path, lines: 0, updated_at: new Date().toISOString(), error, size: source.size });
  return { read: true, rows: 0, error };
}
