/**
 * The one per-source loop, the same for every kind of source: identity → shard → resume position
 * → read lines (framing checks, envelope decode, events into rows, quarantine) → commit points
 * between chunks → final position. Read failures become a quarantined read error at the failing
 * offset; what was read stays read.
 */
import { isUtf8 } from 'node:buffer';
import type { Source } from '../sources/source.js';
import { fileStem } from '../sources/path-metadata.js';
import type { LineSink, ReadResult } from '../sources/line-reader.js';
import { decodeLine, type EnvelopeFormat } from '../decoders/envelope.js';
import { sniffHead } from '../decoders/sniff-head.js';
import { sourceOrigin } from '../enrich/event-fields.js';
import { shareMap } from '../sinks/parquet/row-batch.js';
import type { EncoderPool } from '../sinks/parquet/encoder-pool.js';
import { sourceKey, shardOf, startPosition, checkpointAt } from '../state/source-position.js';
import { LoglakeError } from '../core/errors.js';
import { SourceEvents, type EventSinks } from './source-events.js';
import type { CommitSchedule } from './commit-schedule.js';
import { zeroCounts, type Progress } from './run-summary.js';

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
}

/** Outcome of one source: skipped (unchanged, another shard, empty) or read. */
export type SourceOutcome = { read: false } | { read: true; rows: number; error?: string };

/** Reads `source` from where the warehouse (or this run) left it. */
export async function ingestSource(source: Source, run: SourceRunParts): Promise<SourceOutcome> {
  const { sinks, schedule } = run;
  const summary = sinks.summary;
  const head = await source.head();
  if (head.length === 0) return { read: false };
  const path = source.path;
  const key = sourceKey(head, path, (k) => schedule.position(k));
  if (run.shard && source.shardable && shardOf(key, run.shard.count) !== run.shard.index) {
    summary.files_skipped_other_shards++;
    return { read: false };
  }
  const format = run.format ?? sniffHead(head, source.sniffName);
  const pos = startPosition(schedule.position(key), source.gzip, source.size);
  if (pos === undefined) {
    summary.files_skipped_unchanged++;
    return { read: false };
  }
  const { start, startLines } = pos;
  const meta = source.meta;
  const labels = meta.labels ? shareMap({ ...meta.labels }) : undefined;
  const counts = (summary.by_format[format] ??= zeroCounts());
  const src = sourceOrigin(path, meta, labels, format, run.service, source.local ? fileStem(path) : undefined);
  const events = new SourceEvents(src, counts, sinks);
  const maxLineBytes = sinks.maxLineBytes;
  const decoded = sinks.decoded;
  const rowsBefore = counts.rows;
  let lineNo = 0;
  let bytes = 0;
  let readEnd = start;

  const sink: LineSink = {
    onLine(buf, s, e, offset, next) {
      lineNo++;
      bytes += e - s + 1;
      readEnd = next;
      const slice = buf.subarray(s, e);
      // framing checks: binary content and invalid UTF-8 are quarantined with their bytes
      if (slice.indexOf(0) >= 0) return events.quarantine(Buffer.from(slice), offset, 'binary_content', 'frame');
      if (!isUtf8(slice)) return events.quarantine(Buffer.from(slice), offset, 'invalid_utf8', 'frame');
      const d = decodeLine(format, buf.toString('utf8', s, e), decoded);
      if (!d.ok) return events.quarantine(Buffer.from(slice), offset, d.reason, 'decode');
      events.line(d, offset);
    },
    onOverlong(headBytes, offset, length) {
      lineNo++;
      readEnd = offset + length;
      bytes += length;
      // `headBytes` may be a view into the reader's reused buffer: keep a copy
      events.quarantine(Buffer.from(headBytes), offset, `line_too_long (${length} bytes > ${maxLineBytes})`, 'read');
    },
    async onChunk() {
      if (schedule.due) {
        const at = events.commitPoint(readEnd);
        if (at) {
          schedule.record(key, checkpointAt(head, path, at.offset, startLines + lineNo - at.pendingLines));
          await schedule.commit(false);
        }
      }
      if (run.onProgress && Date.now() - run.progressAt > 200) {
        run.progressAt = Date.now();
        run.onProgress({ bytes: summary.totals.bytes + bytes, lines: summary.totals.lines + lineNo, rows: summary.totals.rows + counts.rows - rowsBefore, file: path });
      }
      // backpressure: do not run ahead of the encoder workers
      while (run.pool && run.pool.inFlight > 4) await new Promise((r) => setTimeout(r, 5));
    },
  };

  let res: ReadResult;
  let error: string | undefined;
  let complete = source.gzip;
  try {
    res = await source.read(start, sink, maxLineBytes);
  } catch (e) {
    if (e instanceof LoglakeError) throw e; // commit / warehouse errors stop the run
    // a source that cannot be read to its end (corrupt gzip, I/O error): keep what was read,
    // record the failure as a quarantined "line" at the failing offset, and move on; the next
    // run retries from there
    error = `${(e as NodeJS.ErrnoException).code ?? 'read_error'}: ${(e as Error).message}`;
    lineNo++;
    events.quarantine(new Uint8Array(0), readEnd, `read_error (${error})`, 'read');
    res = { endOffset: readEnd, lines: lineNo, heldBack: 0 };
    complete = false;
    summary.source_errors.push({ path, error });
  }
  events.flush();
  summary.held_back_bytes += res.heldBack;
  counts.lines += lineNo;
  counts.bytes += bytes;
  summary.files_read++;
  schedule.record(key, checkpointAt(head, path, res.endOffset, startLines + lineNo, complete));
  return { read: true, rows: counts.rows - rowsBefore, error };
}
