/**
 * The hive-partitioned Parquet dataset: `<warehouse>/logs/service=<s>/date=YYYY-MM-DD/hour=HH/`.
 * Buffers segments per partition and writes a file when a partition reaches `targetRows`, or on
 * flush. Files are written as `.tmp`, fsynced and renamed; they become part of the dataset only
 * when the caller commits them (see state/warehouse-state.ts).
 */
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { join } from 'node:path';
import type { Segment } from './segment.js';
import { HOUR_MICROS } from './segment.js';
import { orderSegments } from './merge-segments.js';
import { encodeParquet } from './encode-parquet.js';
import type { CommittedFile } from '../../state/warehouse-state.js';
import type { EncoderPool } from './encoder-pool.js';

/** Partition-safe value: only [A-Za-z0-9._-], no leading dot, at most 100 chars, never empty. */
export function sanitizePartitionValue(v: string | undefined): string {
  if (!v) return 'unknown';
  let s = v.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (m) => '_'.repeat(m.length));
  if (s.length > 100) s = s.slice(0, 100);
  return s;
}

export function partitionDir(service: string, hour: number): string {
  const d = new Date(hour * (HOUR_MICROS / 1000));
  const date = d.toISOString().slice(0, 10);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  return `service=${service}/date=${date}/hour=${hh}`;
}

export interface DatasetWriterOptions {
  root: string;
  runId: string;
  /** Rows at which a partition's buffer is written out as a file. */
  targetRows?: number;
  pool?: EncoderPool;
}

export class DatasetWriter {
  private readonly parts = new Map<string, Segment[]>();
  private readonly partRows = new Map<string, number>();
  private seq = 0;
  bufferedBytes = 0;
  readonly written: CommittedFile[] = [];
  private readonly pending: Promise<void>[] = [];

  constructor(private readonly opts: DatasetWriterOptions) {}

  add(segs: Segment[]): void {
    for (const s of segs) {
      const key = partitionDir(s.service, s.hour);
      let list = this.parts.get(key);
      if (!list) this.parts.set(key, (list = []));
      list.push(s);
      const rows = (this.partRows.get(key) ?? 0) + s.rows;
      this.partRows.set(key, rows);
      this.bufferedBytes += s.bytes;
      if (rows >= (this.opts.targetRows ?? 1_000_000)) this.writePartition(key);
    }
  }

  private writePartition(key: string): void {
    const segs = this.parts.get(key);
    if (!segs || segs.length === 0) return;
    this.parts.delete(key);
    this.partRows.delete(key);
    for (const s of segs) this.bufferedBytes -= s.bytes;
    const dir = join(this.opts.root, 'logs', key);
    mkdirSync(dir, { recursive: true });
    const name = `part-${this.opts.runId}-${String(this.seq++).padStart(5, '0')}.parquet`;
    const rel = `logs/${key}/${name}`;
    const rows = segs.reduce((n, s) => n + s.rows, 0);
    const ordered = orderSegments(segs);
    const path = join(dir, name);
    if (this.opts.pool) {
      this.pending.push(
        this.opts.pool.encodeToFile(ordered, path).then((bytes) => {
          this.written.push({ path: rel, kind: 'data', rows, bytes, run_id: this.opts.runId });
        }),
      );
    } else {
      const bytes = encodeParquet(ordered);
      writeFileAtomic(path, bytes);
      this.written.push({ path: rel, kind: 'data', rows, bytes: bytes.length, run_id: this.opts.runId });
    }
  }

  /** Writes every buffered partition and waits for the files; returns the files written since the last call. */
  async flush(): Promise<CommittedFile[]> {
    for (const key of [...this.parts.keys()]) this.writePartition(key);
    await Promise.all(this.pending.splice(0));
    return this.written.splice(0);
  }
}
