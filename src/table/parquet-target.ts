/**
 * The hive Parquet dataset as a commit target (see commit-target.ts for the Iceberg one):
 * `<warehouse>/logs/service=/date=/hour=` and its commit log (`state/warehouse-state.ts`); single
 * writer (a lock), orphans of crashed runs removed at start. Kept apart from the Iceberg target so
 * that a Parquet ingest never loads the Iceberg, catalog and AWS modules (start-up time).
 */
import { join } from 'node:path';
import { WarehouseState, type SourceCheckpoint, type CommittedFile, type RunRecord } from '../state/warehouse-state.js';
import { partitionDir } from '../sinks/parquet/dataset-writer.js';
import { LoglakeError } from '../core/errors.js';
import { isS3Uri } from '../core/s3/uri.js';

export interface CommitTarget {
  readonly kind: 'parquet' | 'iceberg';
  /**
   * Local directory under which writers put files named relative to the warehouse (data, quarantine):
   * the warehouse itself when local, a staging directory for a remote (S3) warehouse.
   */
  readonly localRoot: string;
  /** Committed source positions when the run started (keyed like SourceCheckpoint keys). */
  readonly sources: Record<string, SourceCheckpoint>;
  /** Directory (absolute path) for a data file of partition (service, hour), and its name prefix. */
  dataDir(service: string, hour: number): string;
  /** Path relative to the warehouse for bookkeeping of a data file. */
  relative(path: string): string;
  /** Commits files + positions atomically. `started` are the positions this run started each source from. */
  commit(files: CommittedFile[], cps: Record<string, SourceCheckpoint>, run?: RunRecord): Promise<CommitInfo>;
  close(): Promise<void>;
}

export interface CommitInfo {
  retries: number;
  snapshotId?: string;
}

/** The Parquet dataset target. */
export class ParquetTarget implements CommitTarget {
  readonly kind = 'parquet';
  readonly sources: Record<string, SourceCheckpoint>;
  recovered = 0;
  private constructor(private readonly state: WarehouseState, private readonly root: string) {
    this.sources = state.doc.sources;
  }

  get localRoot(): string {
    return this.root;
  }

  static open(root: string): ParquetTarget {
    if (isS3Uri(root)) throw new LoglakeError('USAGE', 'an S3 warehouse needs --table-format iceberg and an external catalog (--catalog postgresql://…)');
    const state = WarehouseState.open(root);
    state.lock();
    const t = new ParquetTarget(state, root);
    t.recovered = state.recover();
    return t;
  }

  dataDir(service: string, hour: number): string {
    return join(this.root, 'logs', partitionDir(service, hour));
  }

  relative(path: string): string {
    return path.slice(this.root.length + 1).split('\\').join('/');
  }

  async commit(files: CommittedFile[], cps: Record<string, SourceCheckpoint>, run?: RunRecord): Promise<CommitInfo> {
    this.state.commit(files, cps, run);
    return { retries: 0 };
  }

  async close(): Promise<void> {
    this.state.unlock();
  }
}
