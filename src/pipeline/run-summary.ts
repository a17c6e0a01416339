/** What an ingest run reports: counts per format and service, commits, files, errors. */
import type { SparkAppStatus } from '../table/processing-metadata.js';
import type { RefusedLink } from '../sources/discover.js';

export interface Progress {
  bytes: number;
  lines: number;
  rows: number;
  file: string;
  /** Sources finished so far (read, or skipped as unchanged / another shard's). */
  filesDone: number;
  /** Sources of the run (0 when not known up front, e.g. follow mode). */
  filesTotal: number;
}

/** Sources of the run finished so far: read, or skipped as unchanged or another shard's. */
export function filesDone(s: RunSummary): number {
  return s.files_read + s.files_skipped_unchanged + s.files_skipped_other_shards;
}

export interface Counts {
  lines: number;
  rows: number;
  merged: number;
  quarantined: number;
  /** Lines of events made only of blank lines (whitespace): dropped, not rows. */
  blank: number;
  bytes: number;
}

export interface RunSummary {
  run_id: string;
  warehouse: string;
  files_seen: number;
  files_read: number;
  files_skipped_unchanged: number;
  recovered_orphans: number;
  totals: Counts;
  by_format: Record<string, Counts>;
  by_service: Record<string, { rows: number }>;
  quarantine_reasons: Record<string, number>;
  files_written: number;
  bytes_written: number;
  commits: number;
  commit_retries: number;
  table_format: 'parquet' | 'iceberg';
  files_skipped_other_shards: number;
  /** Symlinks not followed (target outside the input roots and runtime log roots, or a system path); quarantined too. */
  refused_links: RefusedLink[];
  /** Sources that could not be read to their end (what was read is committed; the next run retries). */
  source_errors: Array<{ path: string; error: string }>;
  /** The seed's per-application folders (Fluent Bit S3 layout), when the inputs had any. */
  spark_apps: SparkAppStatus[];
  held_back_bytes: number;
  oversize_splits: number;
  duration_ms: number;
  balanced: boolean;
}

/** Empty counts. */
export const zeroCounts = (): Counts => ({ lines: 0, rows: 0, merged: 0, quarantined: 0, blank: 0, bytes: 0 });

/** A summary with nothing counted yet. */
export function newSummary(runId: string, warehouse: string, tableFormat: 'parquet' | 'iceberg', filesSeen: number, recovered: number): RunSummary {
  return {
    run_id: runId, warehouse, files_seen: filesSeen, files_read: 0,
    files_skipped_unchanged: 0, recovered_orphans: recovered, totals: zeroCounts(), by_format: {}, by_service: {},
    quarantine_reasons: {}, files_written: 0, bytes_written: 0, commits: 0, commit_retries: 0, table_format: tableFormat,
    files_skipped_other_shards: 0, refused_links: [], source_errors: [], spark_apps: [], held_back_bytes: 0, oversize_splits: 0,
    duration_ms: 0, balanced: true,
  };
}

/** Adds the per-format counts into the totals and checks the balance lines = rows + merged + quarantined + blank. */
export function sumTotals(summary: RunSummary): void {
  for (const c of Object.values(summary.by_format)) {
    summary.totals.lines += c.lines;
    summary.totals.rows += c.rows;
    summary.totals.merged += c.merged;
    summary.totals.quarantined += c.quarantined;
    summary.totals.blank += c.blank;
    summary.totals.bytes += c.bytes;
  }
  summary.balanced = summary.totals.lines === summary.totals.rows + summary.totals.merged + summary.totals.quarantined + summary.totals.blank;
}
