/**
 * When and what to commit. Buffered rows are cut into files (encoded on the worker pool) and,
 * once those are durable, the files and the source positions they cover are committed atomically
 * through the table's commit target. Commits run in order in the background while reading goes
 * on; at most one waits behind the running one (backpressure), and the final commit waits for all.
 *
 * Positions: `record` notes the read position of a source (at a commit point or at its end);
 * `position` answers the latest one this run knows (uncommitted included) or the committed one.
 */
import type { SourceCheckpoint, CommittedFile } from '../state/warehouse-state.js';
import type { CommitTarget } from '../table/commit-target.js';
import type { RowBatch } from '../sinks/parquet/row-batch.js';
import { cutSegments } from '../sinks/parquet/segment.js';
import type { DatasetWriter } from '../sinks/parquet/dataset-writer.js';
import type { QuarantineWriter } from '../sinks/quarantine/quarantine-writer.js';
import type { TemplateAssigner } from '../enrich/templates/template-assigner.js';
import type { RunSummary } from './run-summary.js';

export interface CommitScheduleParts {
  target: CommitTarget;
  batch: RowBatch;
  writer: DatasetWriter;
  quarantine: QuarantineWriter;
  miner: TemplateAssigner | undefined;
  summary: RunSummary;
  runId: string;
  startedAt: number;
  ingestMicros: number;
  /** Approximate buffered bytes that make a commit due. */
  commitBytes: number;
}

export class CommitSchedule {
  /** Every file committed by this run. */
  readonly committedFiles: CommittedFile[] = [];
  /** Files that join the final commit only (processing metadata). */
  readonly finalFiles: CommittedFile[] = [];
  private readonly pending: Record<string, SourceCheckpoint> = {};
  private readonly known: Record<string, SourceCheckpoint> = {};
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private error: unknown;

  constructor(private readonly p: CommitScheduleParts) {}

  /** Latest position of source `key`: read by this run (committed or not yet), else committed before. */
  position(key: string): SourceCheckpoint | undefined {
    return this.known[key] ?? this.p.target.sources[key];
  }

  /** Notes the read position of a source; it is committed with the next commit. */
  record(key: string, cp: SourceCheckpoint): void {
    this.pending[key] = this.known[key] = cp;
  }

  /** Enough rows are buffered for a commit. */
  get due(): boolean {
    return this.p.batch.length > 0 && this.p.batch.approxBytes > this.p.commitBytes;
  }

  /**
   * Hands everything buffered so far to a commit (see module comment). Resolves once the commit
   * is queued — or, for the final one or when another commit already waits, once it is done.
   */
  async commit(final: boolean): Promise<void> {
    const { batch, writer, quarantine, miner, target, summary } = this.p;
    if (batch.length > 0) {
      if (miner) await miner.fill(batch);
      writer.add(cutSegments(batch));
      batch.reset();
    }
    const filesP = writer.flush();
    const qfiles = quarantine.flush(this.p.ingestMicros);
    const extra = final ? this.finalFiles.splice(0) : [];
    const cps = { ...this.pending };
    for (const k of Object.keys(cps)) delete this.pending[k];
    this.queued++;
    const job = this.chain.then(async () => {
      if (this.error) throw this.error;
      const files = [...(await filesP), ...qfiles, ...extra];
      this.committedFiles.push(...files);
      if (files.length === 0 && Object.keys(cps).length === 0 && !final) return;
      // test failpoint: die between "files in place" and "commit", the window exactly-once must survive
      if (process.env.LOGLAKE_FAILPOINT === `before-commit-${summary.commits}`) process.kill(process.pid, 'SIGKILL');
      summary.duration_ms = Date.now() - this.p.startedAt;
      if (final && miner) await miner.save();
      const run = final ? { run_id: this.p.runId, started_at: new Date(this.p.startedAt).toISOString(), finished_at: new Date().toISOString(), summary } : undefined;
      const info = await target.commit(files, cps, run);
      summary.commits++;
      summary.commit_retries += info.retries;
    }).finally(() => {
      this.queued--;
    });
    this.chain = job.catch((e: unknown) => {
      this.error ??= e;
    });
    if (final || this.queued > 1) await job;
  }
}
