/** Standard input (`-`) as a {@link Source}: one stream, identified by its first line. */
import { Readable } from 'node:stream';
import type { Source } from './source.js';
import { HEAD_BYTES } from './source.js';
import { readStream, type LineSink, type ReadResult } from './line-reader.js';

export class StdinSource implements Source {
  readonly path = '-';
  readonly sniffName = '-';
  readonly meta = {};
  readonly gzip = false;
  readonly size = undefined;
  readonly local = false;
  readonly shardable = false;
  private readonly it: AsyncIterator<Buffer>;
  private headBuf: Buffer | undefined;
  private ended = false;

  constructor(input: Readable) {
    this.it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** Reads up to the first newline (or 64 KiB); those bytes are replayed by `read`. */
  async head(): Promise<Buffer> {
    if (this.headBuf) return this.headBuf;
    const parts: Buffer[] = [];
    let len = 0;
    while (len < HEAD_BYTES) {
      const r = await this.it.next();
      if (r.done) {
        this.ended = true;
        break;
      }
      const b = toBuffer(r.value);
      parts.push(b);
      len += b.length;
      if (b.indexOf(10) >= 0) break;
    }
    return (this.headBuf = Buffer.concat(parts));
  }

  async read(start: number, sink: LineSink, maxLineBytes: number): Promise<ReadResult> {
    const head = await this.head();
    const it = this.it;
    const ended = this.ended;
    async function* rest(): AsyncGenerator<Buffer> {
      yield head;
      if (ended) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield toBuffer(r.value);
      }
    }
    return readStream(Readable.from(rest()), start, sink, maxLineBytes);
  }
}

function toBuffer(v: unknown): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v as string);
}
