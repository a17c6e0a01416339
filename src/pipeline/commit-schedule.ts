/**
 * When and what to commit. Buffered rows are cut into files (encoded on the worker pool) and,
 * once those are durable, the files and the source positions they cover are committed atomically
 * through the table's commit target. Commits run in order in the background while reading goes
 * on; a new commit waits for the ones before it, so at most one is in flight while reading goes on (backpressure), and the final commit waits for all.
 *
 * Positions: `record` notes the read position of a source (at a commit point or at its end);
 * `position` answers the latest one this run knows (uncommitted included) or the committed one.
 * A commit carries the rows of every source read so far, so before a commit every source still
 * open (follow mode keeps several) must record its commit point: `recordOpenPositions` asks them
 * all, and a commit is only started when each has one (exactly once after a SIGKILL).
 */
import type { SourceCheckpoint, CommittedFile } from '../state/warehouse-state.js';
import type { CommitTarget } from '../table/commit-target.js';
import type { DatasetWriter } from '../sinks/parquet/dataset-writer.js';
import type { QuarantineWriter } from '../sinks/quarantine/quarantine-writer.js';
import type { TemplateAssigner } from '../enrich/templates/template-assigner.js';
import type { IngestMetrics, CommitDelta } from '../metrics/ingest-metrics.js';
import type { RowSink, RowsCut } from './row-sink.js';
import { LoglakeError } from '../core/errors.js';
import type { RunSummary } from './run-summary.js';

/**
 * Bytes of --commit-bytes per row that also make a commit due by row count: short lines would
 * otherwise fill a window with so many rows that the batch's per-row arrays double (memory). At the
 * default 24 MiB that is ~42,000 rows, checked between read chunks (4 MiB, ~20,000 lines), so a
 * window stays below the batch's 65,536 initial rows.
 */
export const BYTES_PER_WINDOW_ROW = 600;

export interface CommitScheduleParts {
  target: CommitTarget;
  rows: RowSink;
  writer: DatasetWriter;
  quarantine: QuarantineWriter;
  miner: TemplateAssigner | undefined;
  summary: RunSummary;
  runId: string;
  startedAt: number;
  /** Approximate buffered bytes that make a commit due. */
  commitBytes: number;
  /** Told what each commit added (Prometheus counters). */
  metrics?: IngestMetrics;
}

/** A source still being read whose rows reach the batch before its final position is recorded. */
export interface OpenReading {
  /**
   * Records the source's commit barrier as its position for the next commit; false when it has
   * no safe point now. With `force`, open events that block the barrier are closed first (a
   * multi-line flush timeout), so that a safe point always exists.
   */
  recordCommitPoint(force: boolean): boolean;
}

export class CommitSchedule {
  /** Every file committed by this run. */
  readonly committedFiles: CommittedFile[] = [];
  /** Files that join the final commit only (processing metadata). */
  readonly finalFiles: CommittedFile[] = [];
  /** Positions recorded since the last commit's hand-off (handed over whole, then replaced). */
  private pending: Record<string, SourceCheckpoint> = {};
  private readonly known: Record<string, SourceCheckpoint> = {};
  /** Positions by stamp (see positionByStamp). */
  private byStamp: Map<string, SourceCheckpoint> | undefined;
  private readonly open = new Set<OpenReading>();
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private error: unknown;
  /** Counts at the last commit hand-off (metrics deltas). */
  private counted: { byFormat: Record<string, { lines: number; bytes: number; merged: number; quarantined: number; blank: number }>; rows: Record<string, number> } = { byFormat: {}, rows: {} };
  /** When the last commit finished successfully (ms; the run's start before any). */
  lastOkAt: number;

  constructor(private readonly p: CommitScheduleParts) {
    this.lastOkAt = p.startedAt;
  }

  /** Waits for every commit handed off so far; rethrows the first commit failure. */
  async settle(): Promise<void> {
    await this.chain;
    if (this.error) throw this.error;
  }

  /** Latest position of source `key`: read by this run (committed or not yet), else committed before. */
  position(key: string): SourceCheckpoint | undefined {
    return this.known[key] ?? this.p.target.sources[key];
  }

  /**
   * The position of a source read to its end under stamp `stamp` (Source.stamp), for skipping
   * unchanged sources unopened. An index over every committed position, built on first use: one
   * pass, then a hash lookup per source (never a scan per source). Keyed by the stamp itself, which
   * names the file (device and inode) or the object (URI), so the path it is given by (relative,
   * absolute, a rotation's new name) does not matter.
   */
  positionByStamp(stamp: string): SourceCheckpoint | undefined {
    if (!this.byStamp) {
      this.byStamp = new Map();
      for (const cp of Object.values(this.p.target.sources)) if (cp.stamp !== undefined) this.byStamp.set(cp.stamp, cp);
      for (const cp of Object.values(this.known)) if (cp.stamp !== undefined) this.byStamp.set(cp.stamp, cp);
    }
    return this.byStamp.get(stamp);
  }

  /** Notes the read position of a source; it is committed with the next commit. */
  record(key: string, cp: SourceCheckpoint): void {
    this.pending[key] = this.known[key] = cp;
    if (cp.stamp !== undefined) this.byStamp?.set(cp.stamp, cp);
  }

  /** A source starts (true) or ends (false) being read; see {@link recordOpenPositions}. */
  reading(r: OpenReading, open: boolean): void {
    if (open) this.open.add(r);
    else this.open.delete(r);
  }

  /**
   * Every open source records its commit point; true when all have one (a commit may start now).
   * With `force`, each is made to have one (see {@link OpenReading.recordCommitPoint}).
   */
  recordOpenPositions(force = false): boolean {
    let all = true;
    for (const r of this.open) if (!r.recordCommitPoint(force)) all = false;
    return all;
  }

  /** Enough rows (or bytes) are buffered for a commit. */
  get due(): boolean {
    const rows = this.p.rows.length;
    return rows > 0 && (this.p.rows.approxBytes > this.p.commitBytes || rows * BYTES_PER_WINDOW_ROW >= this.p.commitBytes);
  }

  /**
   * Far more than a commit's worth is buffered because some open source had no safe point:
   * the next commit point is forced (memory stays bounded by --commit-bytes).
   */
  get overdue(): boolean {
    return this.p.rows.approxBytes > 4 * this.p.commitBytes;
  }

  /**
   * Hands everything buffered so far to a commit (see module comment). Resolves once the commit
   * is queued — or, for the final one, once it is done; when an earlier commit is still running,
   * once that one is done (so at most one commit is in flight while reading goes on).
   */
  async commit(final: boolean): Promise<void> {
    const { rows, writer, quarantine, miner, target, summary, metrics } = this.p;
    const delta = metrics ? this.delta() : undefined;
    // the rows so far: cut here (local sink), or on the row worker while reading goes on; the
    // segments go to the encoders as soon as they are there (cuts resolve in order)
    let filesP: Promise<CommittedFile[]>;
    if (rows.length > 0) {
      const cut = rows.cut();
      if (!rows.concurrentCut) await cut;
      filesP = cut.then((c) => {
        writer.add(c.segs);
        if (delta) newestTs(delta, c);
        return writer.flush();
      });
      filesP.catch(() => undefined); // awaited (and reported) by the commit job below
    } else {
      filesP = writer.flush();
    }
    const qfiles = quarantine.flush(Date.now() * 1000);
    const extra = final ? this.finalFiles.splice(0) : [];
    const cps = this.pending;
    this.pending = {};
    this.queued++;
    const before = this.chain;
    const job = before.then(async () => {
      if (this.error) throw this.error;
      const files = [...(await filesP), ...qfiles, ...extra];
      this.committedFiles.push(...files);
      if (files.length === 0 && Object.keys(cps).length === 0 && !final) {
        if (delta) metrics!.committed(delta);
        return;
      }
      // test failpoint: die between "files in place" and "commit", the window exactly-once must survive
      if (process.env.LOGLAKE_FAILPOINT === `before-commit-${summary.commits}`) process.kill(process.pid, 'SIGKILL');
      summary.duration_ms = Date.now() - this.p.startedAt;
      if (final && miner) await miner.save();
      const run = final ? { run_id: this.p.runId, started_at: new Date(this.p.startedAt).toISOString(), finished_at: new Date().toISOString(), summary } : undefined;
      const t = performance.now();
      let info;
      try {
        info = await target.commit(files, cps, run);
      } catch (e) {
        metrics?.commitFailed(e instanceof LoglakeError && e.code === 'COMMIT_CONFLICT');
        throw e;
      }
      summary.commits++;
      summary.commit_retries += info.retries;
      if (delta) metrics!.committed(delta, (performance.now() - t) / 1000, info.retries);
    }).then(() => {
      this.lastOkAt = Date.now();
    }).finally(() => {
      this.queued--;
    });
    this.chain = job.catch((e: unknown) => {
      this.error ??= e;
    });
    if (final) {
      await job;
    } else if (this.queued > 1) {
      // backpressure: at most this commit stays in flight while reading goes on. Waiting for the
      // commits before it, not for this one, lets reading (and the row worker) fill the next
      // window while this window's files are encoded and synced: waiting for this one stalled
      // every thread but the encoder for a whole window's encoding (≈ every other commit)
      await before;
      if (this.error) throw this.error;
    }
  }

  /** What was counted since the last hand-off (the newest event times come with the cut). */
  private delta(): CommitDelta {
    const { summary } = this.p;
    const d: CommitDelta = { byFormat: {}, rowsByService: {}, newestTsByService: {} };
    for (const [f, c] of Object.entries(summary.by_format)) {
      const was = this.counted.byFormat[f] ?? { lines: 0, bytes: 0, merged: 0, quarantined: 0, blank: 0 };
      d.byFormat[f] = { lines: c.lines - was.lines, bytes: c.bytes - was.bytes, merged: c.merged - was.merged, quarantined: c.quarantined - was.quarantined, blank: c.blank - was.blank };
      this.counted.byFormat[f] = { lines: c.lines, bytes: c.bytes, merged: c.merged, quarantined: c.quarantined, blank: c.blank };
    }
    for (const [s, { rows }] of Object.entries(summary.by_service)) {
      d.rowsByService[s] = rows - (this.counted.rows[s] ?? 0);
      this.counted.rows[s] = rows;
    }
    return d;
  }
}

function newestTs(d: CommitDelta, c: RowsCut): void {
  for (const [s, t] of Object.entries(c.newestTsByService)) if (t > (d.newestTsByService[s] ?? -Infinity)) d.newestTsByService[s] = t;
}
