/** A local log file (plain or gzip) found by discovery, as a {@link Source}. */
import { statSync } from 'node:fs';
import type { Source } from './source.js';
import { HEAD_BYTES } from './source.js';
import type { DiscoveredFile } from './discover.js';
import { pathMetadata, type SourceMeta } from './path-metadata.js';
import { readPlainFile, readStream, gunzipStream, readHead, type LineSink, type ReadResult } from './line-reader.js';

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
   * @param idleMs a plain file modified less than this long ago may still be written: its
   *   unterminated last line is held back for the next run.
   */
  constructor(readonly file: DiscoveredFile, private readonly idleMs: number) {
    this.path = file.paths[0]!;
    this.sniffName = this.path;
    this.meta = pathMetadata(file.paths);
    this.gzip = file.gzip;
    this.size = file.size;
    this.fileId = `${file.dev}:${file.ino}`;
    this.growing = Date.now() - file.mtimeMs < idleMs;
  }

  head(): Promise<Buffer> {
    return readHead(this.file.realPath, this.gzip, HEAD_BYTES);
  }

  read(start: number, sink: LineSink, maxLineBytes: number): Promise<ReadResult> {
    const real = this.file.realPath;
    if (this.gzip) return readStream(gunzipStream(real), start, sink, maxLineBytes);
    const idle = Date.now() - statSync(real).mtimeMs > this.idleMs;
    return readPlainFile(real, start, sink, maxLineBytes, idle);
  }
}
