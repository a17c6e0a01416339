/**
 * The hive-partitioned Parquet dataset: `<warehouse>/logs/service=<s>/date=YYYY-MM-DD/hour=HH/`.
 * One file per partition per commit window. Files are written as `.tmp`, fsynced and renamed; they become part of the dataset only
 * when the caller commits them (see state/warehouse-state.ts).
 */
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { join } from 'node:path';
import type { Segment } from './segment.js';
import { HOUR_MICROS } from './segment.js';
import { encodeSegmentsParquet } from './writer/index.js';
import type { CommittedFile } from '../../state/warehouse-state.js';
import type { EncoderPool } from './encoder-pool.js';

export { sanitizePartitionValue } from '../../schema/partition-value.js';

export function partitionDir(service: string, hour: number): string {
  const d = new Date(hour * (HOUR_MICROS / 1000));
  const date = d.toISOString().slice(0, 10);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  return `service=${service}/date=${date}/hour=${hh}`;
}

export interface DatasetWriterOptions {
  runId: string;
  pool?: EncoderPool;
  /** Absolute directory for a data file of partition (service, hour). */
  dirFor(service: string, hour: number): string;
  /** Path relative to the warehouse, for the commit record. */
  relative(path: string): string;
}

/**
 * Rows up to which a window is encoded on this thread rather than on the encoder pool, until a
 * larger window has started the pool (then every window goes there): a worker's start (an isolate,
 * its modules, ≈ 60 ms of CPU) costs more than encoding a small run here. A follow-mode agent whose
 * windows stay small therefore encodes on this thread, between reads.
 */
const SMALL_ROWS = 20_000;

function rowsOf(segs: readonly Segment[]): number {
  let n = 0;
  for (const s of segs) n += s.rows;
  return n;
}

/**
 * Writes each segment (one partition's rows of one commit window, sorted by ts) as one Parquet
 * file, on the encoder pool when there is one (the segments of one `add` as one job).
 */
export class DatasetWriter {
  private seq = 0;
  private readonly pending: Promise<CommittedFile>[] = [];
  /** Whether a job went to the encoder pool (which then has its workers running). */
  private pooled = false;

  constructor(private readonly opts: DatasetWriterOptions) {}

  add(segs: Segment[]): void {
    const pool = this.pooled || rowsOf(segs) > SMALL_ROWS ? this.opts.pool : undefined;
    const paths: string[] = [];
    const rels: string[] = [];
    for (const s of segs) {
      const dir = this.opts.dirFor(s.service, s.hour);
      // the encoder pool makes a missing directory when it writes the file (AtomicFileBatch): no
      // mkdir per file on this thread
      if (!pool) mkdirSync(dir, { recursive: true });
      const name = `part-${this.opts.runId}-${String(this.seq++).padStart(5, '0')}.parquet`;
      const path = join(dir, name);
      paths.push(path);
      rels.push(this.opts.relative(path));
    }
    const runId = this.opts.runId;
    const file = (i: number, bytes: number): CommittedFile => ({ path: rels[i]!, kind: 'data' as const, rows: segs[i]!.rows, bytes, run_id: runId });
    if (segs.length === 0) return;
    if (pool) {
      // one job: the segments share their buffers, which are transferred to the worker
      this.pooled = true;
      const sizes = pool.encodeToFiles(segs, paths);
      segs.forEach((_, i) => this.pending.push(sizes.then((b) => file(i, b[i]!))));
    } else {
      segs.forEach((s, i) => {
        const bytes = encodeSegmentsParquet([s]);
        writeFileAtomic(paths[i]!, bytes);
        this.pending.push(Promise.resolve(file(i, bytes.length)));
      });
    }
  }

  /** The files added since the last call, once all of them are durable on disk. */
  flush(): Promise<CommittedFile[]> {
    return Promise.all(this.pending.splice(0));
  }
}
