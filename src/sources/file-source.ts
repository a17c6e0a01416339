/** A local log file (plain or gzip) found by discovery, as a {@link Source}. */
import { statSync, type Stats } from 'node:fs';
import type { Source } from './source.js';
import { HEAD_BYTES } from './source.js';
import type { DiscoveredFile } from './discover.js';
import { pathMetadata, type SourceMeta } from './path-metadata.js';
import { readPlainFile, readStream, gunzipStream, readHead, readFileHead, type FileHead, type LineSink, type ReadResult } from './line-reader.js';
import { readSmallFileAhead, type ReadAhead } from './read-ahead.js';

export class FileSource implements Source {
  readonly path: string;
  readonly sniffName: string;
  readonly meta: SourceMeta;
  readonly gzip: boolean;
  readonly size: number;
  readonly local = true;
  readonly shardable = true;
  readonly fileId: string;
  readonly growing: boolean;
  /**
   * The whole file as head() read it (a file shorter than the head) and its status taken after
   * reading it, on the same open file: for the read that follows.
   */
  private whole: { bytes: Buffer; stat: Stats } | undefined;
  readonly stamp: string;
  /** The file as the last read() found it (size, stamp). */
  private readStat: { size: number; stamp: string } | undefined;
  /** The whole small file read ahead of its turn (see prefetch). */
  private early: Promise<FileHead | undefined> | undefined;

  /**
   * Local files are read synchronously, one after another: reading small files ahead with async
   * I/O was measured (CPU profile, 10,000 files, warm page cache) to cost the main thread more in
   * promise and thread-pool hand-offs than the waits it saves. On a cold page cache it is the other
   * way round, and small files are read ahead then (see read-ahead.ts and prefetch()).
   *
   * @param idleMs a plain file modified less than this long ago may still be written: its
   *   unterminated last line is held back for the next run.
   * @param ahead the run's switch to reading small files ahead on a cold page cache (batch runs;
   *   see read-ahead.ts); without it every file is read at its turn.
   */
  constructor(readonly file: DiscoveredFile, private readonly idleMs: number, private readonly ahead?: ReadAhead) {
    this.path = file.paths[0]!;
    this.sniffName = this.path;
    this.meta = pathMetadata(file.paths);
    this.gzip = file.gzip;
    this.size = file.size;
    this.fileId = `${file.dev}:${file.ino}`;
    this.growing = Date.now() - file.mtimeMs < idleMs;
    this.stamp = fileStamp(file);
  }

  endStamp(endOffset: number): string | undefined {
    const st = this.readStat;
    // a gzip file is read whole or not at all (the caller asks only after a complete read)
    return st && (this.gzip || st.size === endOffset) ? st.stamp : undefined;
  }

  /**
   * Starts reading the file whole ahead of its turn when the run found the page cache cold: only a
   * plain file smaller than a head that is not being written (see read-ahead.ts). head() uses those
   * bytes; a failed or outgrown early read is forgotten and the file is read at its turn.
   */
  prefetch(): void {
    if (this.early || !this.ahead?.cold || this.gzip || this.growing || this.size >= HEAD_BYTES) return;
    this.early = readSmallFileAhead(this.file.realPath, this.size).catch(() => undefined);
  }

  /** Drops an early read that will not be used (the file was skipped). */
  release(): void {
    this.early = undefined;
  }

  async head(): Promise<Buffer> {
    if (this.gzip) return readHead(this.file.realPath, true, HEAD_BYTES);
    const early = this.early;
    this.early = undefined;
    const { bytes, stat } = (early && (await early)) ?? this.readHeadNow();
    // a plain file shorter than the head is read whole already: `read` splits these bytes instead
    // of opening and reading the file again, and takes the status read with them instead of
    // looking at the file once more (the many-small-files case) — while it is the file listed
    this.whole = stat && stat.ino === this.file.ino && stat.dev === this.file.dev ? { bytes, stat } : undefined;
    return bytes;
  }

  /** The head read at the file's turn; a small file's read time tells the run whether the cache is cold. */
  private readHeadNow(): FileHead {
    if (!this.ahead || this.size >= HEAD_BYTES) return readFileHead(this.file.realPath, HEAD_BYTES, this.file.size);
    const t = performance.now();
    const head = readFileHead(this.file.realPath, HEAD_BYTES, this.file.size);
    this.ahead.observe(performance.now() - t);
    return head;
  }

  read(start: number, sink: LineSink, maxLineBytes: number): Promise<ReadResult> {
    const real = this.file.realPath;
    // the bytes of head() are used once, and only while the file is still that file, not shorter
    const whole = this.whole;
    this.whole = undefined;
    const st = whole && whole.stat.size >= whole.bytes.length ? whole.stat : statSync(real);
    this.readStat = { size: st.size, stamp: fileStamp(st) };
    if (this.gzip) return readStream(gunzipStream(real), start, sink, maxLineBytes);
    const idle = Date.now() - st.mtimeMs > this.idleMs;
    const known = whole && whole.stat === st ? whole.bytes : undefined;
    return readPlainFile(real, start, sink, maxLineBytes, idle, known, st.size);
  }
}

/** A local file's stamp: device, inode, size, modification time (see Source.stamp). */
export function fileStamp(st: { dev: number; ino: number; size: number; mtimeMs: number }): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
}
