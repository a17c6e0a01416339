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
 * Writes each segment (one partition's rows of one commit window, sorted by ts) as one Parquet
 * file, on the encoder pool when there is one.
 */
export class DatasetWriter {
  private seq = 0;
  private readonly pending: Promise<CommittedFile>[] = [];

  constructor(private readonly opts: DatasetWriterOptions) {}

  add(segs: Segment[]): void {
    for (const s of segs) {
      const dir = this.opts.dirFor(s.service, s.hour);
      mkdirSync(dir, { recursive: true });
      const name = `part-${this.opts.runId}-${String(this.seq++).padStart(5, '0')}.parquet`;
      const path = join(dir, name);
      const rel = this.opts.relative(path);
      const rows = s.rows;
      if (this.opts.pool) {
        this.pending.push(this.opts.pool.encodeToFile([s], path).then((bytes) => ({ path: rel, kind: 'data' as const, rows, bytes, run_id: this.opts.runId })));
      } else {
        const bytes = encodeSegmentsParquet([s]);
        writeFileAtomic(path, bytes);
        this.pending.push(Promise.resolve({ path: rel, kind: 'data' as const, rows, bytes: bytes.length, run_id: this.opts.runId }));
      }
    }
  }

  /** The files added since the last call, once all of them are durable on disk. */
  flush(): Promise<CommittedFile[]> {
    return Promise.all(this.pending.splice(0));
  }
}
