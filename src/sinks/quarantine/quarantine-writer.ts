/**
 * Quarantine (dead-letter) output: every line that could not be framed or decoded, with its source,
 * byte offset, reason, the stage that rejected it and the raw bytes — as Parquet under
 * `<warehouse>/quarantine/date=YYYY-MM-DD/`, committed together with the data it came with.
 */
import type * as Arrow from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm/node';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-file.js';
import type { CommittedFile } from '../../state/warehouse-state.js';

export interface QuarantineEntry {
  sourcePath: string;
  offset: number;
  reason: string;
  stage: 'read' | 'frame' | 'decode';
  raw: Uint8Array;
}

/**
 * Arrow and parquet-wasm, loaded on the first quarantine file: most runs write none, and loading
 * them costs about 0.2 s of CPU at every start (synchronously, as `flush` is).
 */
let libs: { arrow: typeof Arrow; pw: typeof ParquetWasm } | undefined;
function parquetLibs(): { arrow: typeof Arrow; pw: typeof ParquetWasm } {
  if (!libs) {
    const require = createRequire(import.meta.url);
    libs = { arrow: require('apache-arrow') as typeof Arrow, pw: require('parquet-wasm/node') as typeof ParquetWasm };
  }
  return libs;
}

/** Raw bytes kept per entry; longer lines keep their head and say how long they were. */
export const MAX_RAW_BYTES = 64 * 1024;

export class QuarantineWriter {
  private entries: QuarantineEntry[] = [];
  private seq = 0;
  readonly byReason = new Map<string, number>();

  constructor(private readonly root: string, private readonly runId: string) {}

  add(e: QuarantineEntry): void {
    this.entries.push(e.raw.length > MAX_RAW_BYTES ? { ...e, raw: e.raw.slice(0, MAX_RAW_BYTES) } : e);
    this.byReason.set(e.reason, (this.byReason.get(e.reason) ?? 0) + 1);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Writes buffered entries as one Parquet file; returns it (or nothing when empty). */
  flush(ingestMicros: number): CommittedFile[] {
    if (this.entries.length === 0) return [];
    const es = this.entries;
    this.entries = [];
    const date = new Date(ingestMicros / 1000).toISOString().slice(0, 10);
    const dir = join(this.root, 'quarantine', `date=${date}`);
    mkdirSync(dir, { recursive: true });
    const name = `part-${this.runId}-${String(this.seq++).padStart(5, '0')}.parquet`;
    const { arrow, pw } = parquetLibs();
    const dec = new TextDecoder('utf-8', { fatal: false });
    const v = arrow.vectorFromArray;
    const withRaw = new arrow.Table({
      source_path: v(es.map((e) => e.sourcePath), new arrow.Utf8()),
      source_offset: v(es.map((e) => BigInt(e.offset)), new arrow.Int64()),
      reason: v(es.map((e) => e.reason), new arrow.Utf8()),
      stage: v(es.map((e) => e.stage), new arrow.Utf8()),
      raw_length: v(es.map((e) => e.raw.length), new arrow.Int32()),
      raw_text: v(es.map((e) => dec.decode(e.raw)), new arrow.Utf8()),
      raw: v(es.map((e) => e.raw), new arrow.Binary()),
      ingest_ts: v(es.map(() => Math.floor(ingestMicros / 1000)), new arrow.TimestampMillisecond('UTC')),
    });
    const bytes = pw.writeParquet(
      pw.Table.fromIPCStream(arrow.tableToIPC(withRaw, 'stream')),
      new pw.WriterPropertiesBuilder().setCompression(pw.Compression.ZSTD).build(),
    );
    writeFileAtomic(join(dir, name), bytes);
    return [{ path: `quarantine/date=${date}/${name}`, kind: 'quarantine', rows: es.length, bytes: bytes.length, run_id: this.runId }];
  }
}
