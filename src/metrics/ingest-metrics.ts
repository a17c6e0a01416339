/**
 * Prometheus metrics of ingest (prom-client): what was read, what was committed, how commits go,
 * how fresh the lake is, and the process's memory. Counters of rows, merged and quarantined lines
 * advance when a commit succeeds, so they equal what the tables hold for this process's work.
 *
 * Imports nothing internal: callers hand in plain numbers.
 */
import { Registry, Counter, Gauge, Histogram, collectDefaultMetrics } from 'prom-client';

/** What one commit added, by envelope format and by service. */
export interface CommitDelta {
  byFormat: Record<string, { lines: number; bytes: number; merged: number; quarantined: number; blank: number }>;
  rowsByService: Record<string, number>;
  /** Newest event time (µs) per service among the committed rows. */
  newestTsByService: Record<string, number>;
}

export class IngestMetrics {
  readonly registry = new Registry();
  private readonly linesRead: Counter<'format'>;
  private readonly bytesRead: Counter<'format'>;
  private readonly rows: Counter<'service'>;
  private readonly merged: Counter<'format'>;
  private readonly quarantined: Counter<'format'>;
  private readonly blank: Counter<'format'>;
  private readonly commits: Counter;
  private readonly commitFailures: Counter<'reason'>;
  private readonly commitRetries: Counter;
  private readonly commitSeconds: Histogram;
  private readonly readErrors: Counter;
  private readonly listErrors: Counter;
  private readonly filesTracked: Gauge;
  private readonly lastCommit: Gauge;
  private readonly commitInterval: Gauge;
  private readonly newest = new Map<string, number>();

  constructor() {
    const registers = [this.registry];
    this.linesRead = new Counter({ name: 'loglake_lines_read_total', help: 'Physical lines read, by envelope format.', labelNames: ['format'], registers });
    this.bytesRead = new Counter({ name: 'loglake_bytes_read_total', help: 'Bytes read (decompressed), by envelope format.', labelNames: ['format'], registers });
    this.rows = new Counter({ name: 'loglake_rows_committed_total', help: 'Rows committed to the logs table, by service.', labelNames: ['service'], registers });
    this.merged = new Counter({ name: 'loglake_lines_merged_total', help: 'Physical lines merged into multi-line or partial events (committed), by format.', labelNames: ['format'], registers });
    this.quarantined = new Counter({ name: 'loglake_lines_quarantined_total', help: 'Lines committed to quarantine, by envelope format.', labelNames: ['format'], registers });
    this.blank = new Counter({ name: 'loglake_lines_blank_total', help: 'Lines of events made only of whitespace (dropped, not rows; committed), by format.', labelNames: ['format'], registers });
    this.commits = new Counter({ name: 'loglake_commits_total', help: 'Successful commits (data files + source positions).', registers });
    this.commitFailures = new Counter({ name: 'loglake_commit_failures_total', help: 'Failed commits, by reason (conflict = another writer advanced a source).', labelNames: ['reason'], registers });
    this.commitRetries = new Counter({ name: 'loglake_commit_retries_total', help: 'Catalog commit retries after concurrent updates.', registers });
    this.commitSeconds = new Histogram({ name: 'loglake_commit_duration_seconds', help: 'Commit duration (files durable → catalog/state updated).', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
    this.readErrors = new Counter({ name: 'loglake_read_errors_total', help: 'Sources that could not be read to their end.', registers });
    this.listErrors = new Counter({ name: 'loglake_list_errors_total', help: 'Listings of s3:// inputs that failed after the client\'s retries (follow mode lists again at the next poll).', registers });
    this.filesTracked = new Gauge({ name: 'loglake_files_tracked', help: 'Source files currently discovered.', registers });
    this.lastCommit = new Gauge({ name: 'loglake_last_commit_timestamp_seconds', help: 'Unix time of the last successful commit cycle (a cycle with nothing new to commit counts).', registers });
    const newest = this.newest;
    new Gauge({
      name: 'loglake_event_lag_seconds', help: 'Now minus the newest committed event time, by service.', labelNames: ['service'], registers,
      collect() {
        const now = Date.now() / 1000;
        for (const [service, micros] of newest) this.set({ service }, Math.max(0, now - micros / 1e6));
      },
    });
    this.commitInterval = new Gauge({ name: 'loglake_commit_interval_seconds', help: 'The configured --commit-interval (follow mode), so that alerts can say "N intervals".', registers });
    collectDefaultMetrics({ register: this.registry, prefix: 'loglake_' });
  }

  /**
   * A commit hand-off succeeded: its counts are in the tables now. `seconds` and `retries` describe
   * the table commit; undefined when there was nothing to commit (no files, no moved positions).
   */
  committed(d: CommitDelta, seconds?: number, retries = 0): void {
    for (const [format, c] of Object.entries(d.byFormat)) {
      if (c.lines) this.linesRead.inc({ format }, c.lines);
      if (c.bytes) this.bytesRead.inc({ format }, c.bytes);
      if (c.merged) this.merged.inc({ format }, c.merged);
      if (c.quarantined) this.quarantined.inc({ format }, c.quarantined);
      if (c.blank) this.blank.inc({ format }, c.blank);
    }
    for (const [service, n] of Object.entries(d.rowsByService)) if (n) this.rows.inc({ service }, n);
    for (const [service, ts] of Object.entries(d.newestTsByService)) if (ts > (this.newest.get(service) ?? -Infinity)) this.newest.set(service, ts);
    this.lastCommit.set(Date.now() / 1000);
    if (seconds === undefined) return;
    this.commits.inc();
    this.commitRetries.inc(retries);
    this.commitSeconds.observe(seconds);
  }

  /** A commit failed; `conflict` when another writer advanced a source meanwhile. */
  commitFailed(conflict: boolean): void {
    this.commitFailures.inc({ reason: conflict ? 'conflict' : 'error' });
  }

  readError(): void {
    this.readErrors.inc();
  }

  /** A listing of an s3:// input failed after the client's retries (follow mode tries again). */
  listError(): void {
    this.listErrors.inc();
  }

  setFilesTracked(n: number): void {
    this.filesTracked.set(n);
  }

  /** The commit interval of follow mode (seconds). */
  setCommitInterval(secs: number): void {
    this.commitInterval.set(secs);
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
