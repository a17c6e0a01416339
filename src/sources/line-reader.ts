/**
 * Bytes → physical lines with their byte offsets, for plain files, gzip files (offsets in the
 * decompressed stream) and stdin. Never loads a whole file: reads in chunks and hands each line
 * to a callback as a slice of the chunk.
 *
 * - A trailing line without newline is consumed only when `finalTail` is true (file idle, gzip,
 *   stdin); otherwise it is left for the next run (it is still being written).
 * - A line longer than `maxLineBytes` is reported through `onOverlong` with its head bytes and
 *   full length, and never buffered whole.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { openSync, readSync, closeSync, createReadStream, statSync, fstatSync, type Stats } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface LineSink {
  /** A complete line: `buf[start, end)` without the newline (and without a trailing \r); `next` is the offset after its newline. */
  onLine(buf: Buffer, start: number, end: number, offset: number, next: number): void;
  /**
   * Optional: a complete line already decoded, because the chunk it came in is valid UTF-8 without
   * NUL bytes (the common case: one decode per chunk instead of one per line). `bytes` is its
   * length in bytes (without the newline and a trailing \r), what `onLine`'s `end - start` would be.
   * Without it every line goes to `onLine`.
   */
  onText?(line: string, bytes: number, offset: number, next: number): void;
  /** A line over the limit: its first bytes and its full length. */
  onOverlong(head: Buffer, offset: number, length: number): void;
  /** Called between chunks: lets the consumer flush batches (may be async for backpressure). */
  onChunk?(): Promise<void> | void;
  /** Checked after each chunk: true stops reading there (shutdown); the unterminated tail is kept for later. */
  stopped?: () => boolean;
}

export interface ReadResult {
  /** Offset just after the last consumed byte. */
  endOffset: number;
  /** Lines consumed. */
  lines: number;
  /** Bytes left unconsumed at the end (an unterminated line still being written). */
  heldBack: number;
}

const CHUNK = 4 * 1024 * 1024;
/** Chunks shorter than this are split line by line (one decode per chunk pays from here). */
const MIN_TEXT_CHUNK = 256;
/**
 * Bytes decoded into one string (then cut into lines) when the sink takes text: small enough for
 * V8's young generation (cheaper than one string per read chunk), large enough to pay.
 */
const TEXT_PIECE = 64 * 1024;

class LineSplitter {
  private carry: Buffer | null = null;
  private carryStart = 0;
  private overlong = false;
  private overHead: Buffer | null = null;
  private overStart = 0;
  private overLen = 0;
  offset: number;
  lines = 0;

  constructor(start: number, private readonly sink: LineSink, private readonly max: number) {
    this.offset = start;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    const n = chunk.length;
    if (this.overlong) {
      const nl = chunk.indexOf(10, 0);
      if (nl < 0) {
        this.overLen += n;
        return;
      }
      this.overLen += nl + 1;
      this.sink.onOverlong(this.overHead!, this.overStart, this.overLen);
      this.lines++;
      this.offset = this.overStart + this.overLen;
      this.overlong = false;
      this.overHead = null;
      pos = nl + 1;
    } else if (this.carry) {
      const nl = chunk.indexOf(10, 0);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        this.checkOverlong();
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = null;
      if (line.length > this.max) {
        this.sink.onOverlong(line.subarray(0, 65536), this.carryStart, line.length + 1);
      } else {
        let e = line.length;
        if (e > 0 && line[e - 1] === 13) e--;
        this.sink.onLine(line, 0, e, this.carryStart, this.carryStart + line.length + 1);
      }
      this.lines++;
      this.offset = this.carryStart + line.length + 1;
      pos = nl + 1;
    }
    let off = this.offset;
    if (this.sink.onText && n - pos >= MIN_TEXT_CHUNK) {
      // pieces of about TEXT_PIECE bytes, each ending in a newline, decoded at once
      const last = chunk.lastIndexOf(10);
      while (pos <= last) {
        const to = last - pos < TEXT_PIECE ? last + 1 : chunk.indexOf(10, pos + TEXT_PIECE) + 1;
        const done = this.pushText(chunk, pos, to, off);
        if (done < 0) break; // NUL or invalid UTF-8 in it: line by line from here
        off = done;
        pos = to;
      }
    }
    while (pos < n) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      const len = nl - pos;
      if (len > this.max) {
        this.sink.onOverlong(chunk.subarray(pos, pos + 65536), off, len + 1);
      } else {
        let e = nl;
        if (e > pos && chunk[e - 1] === 13) e--;
        this.sink.onLine(chunk, pos, e, off, off + len + 1);
      }
      this.lines++;
      off += len + 1;
      pos = nl + 1;
    }
    this.offset = off;
    if (pos < n) {
      this.carry = Buffer.from(chunk.subarray(pos));
      this.carryStart = off;
      this.checkOverlong();
    }
  }

  /**
   * The whole lines `chunk[from, to)` (ending in a newline) through `onText`, decoded at once when
   * they are valid UTF-8 without NUL bytes; -1 (nothing done) otherwise. A line over the limit
   * still goes to `onOverlong` with its bytes.
   */
  private pushText(chunk: Buffer, from: number, to: number, offset: number): number {
    const sink = this.sink;
    const max = this.max;
    const region = chunk.subarray(from, to);
    if (region.indexOf(0) >= 0) return -1;
    const ascii = isAscii(region);
    if (!ascii && !isUtf8(region)) return -1;
    const text = region.toString(ascii ? 'latin1' : 'utf8');
    const tn = text.length;
    let pos = 0; // in text
    let bpos = from; // in chunk (bytes), the same line's start
    let off = offset;
    while (pos < tn) {
      const nl = text.indexOf('\n', pos);
      // a multi-byte UTF-8 sequence never holds byte 10: the n-th newline is the n-th either way
      const bnl = ascii ? from + nl : chunk.indexOf(10, bpos);
      const len = bnl - bpos;
      if (len > max) {
        sink.onOverlong(chunk.subarray(bpos, bpos + 65536), off, len + 1);
      } else {
        let e = nl;
        let be = bnl;
        if (e > pos && text.charCodeAt(e - 1) === 13) {
          e--;
          be--;
        }
        sink.onText!(text.slice(pos, e), be - bpos, off, off + len + 1);
      }
      this.lines++;
      off += len + 1;
      pos = nl + 1;
      bpos = bnl + 1;
    }
    return off;
  }

  private checkOverlong(): void {
    if (this.carry && this.carry.length > this.max) {
      this.overlong = true;
      this.overHead = Buffer.from(this.carry.subarray(0, 65536));
      this.overStart = this.carryStart;
      this.overLen = this.carry.length;
      this.carry = null;
    }
  }

  /** End of input: consume the unterminated tail when `final`. Returns bytes held back. */
  end(final: boolean): number {
    if (this.overlong) {
      if (!final) return this.overLen;
      this.sink.onOverlong(this.overHead!, this.overStart, this.overLen);
      this.lines++;
      this.offset = this.overStart + this.overLen;
      this.overlong = false;
      return 0;
    }
    if (!this.carry) return 0;
    if (!final) return this.carry.length;
    const line = this.carry;
    this.carry = null;
    let e = line.length;
    if (e > 0 && line[e - 1] === 13) e--;
    this.sink.onLine(line, 0, e, this.carryStart, this.carryStart + line.length);
    this.lines++;
    this.offset = this.carryStart + line.length;
    return 0;
  }
}

/**
 * Reads a plain file from `start`. `known`, when given, holds the file's bytes from offset 0 as
 * they were read a moment ago (a small file's head, see FileSource): they are split without
 * reading them again, and only what lies beyond them is read from the file — not even opened when
 * `size` (the file's size as just seen) says there is nothing beyond them.
 */
export async function readPlainFile(
  path: string, start: number, sink: LineSink, maxLineBytes: number, finalTail: boolean, known?: Buffer, size?: number,
): Promise<ReadResult> {
  const sp = new LineSplitter(start, sink, maxLineBytes);
  let pos = start;
  if (known && start < known.length) {
    sp.push(known.subarray(start));
    pos = known.length;
    if (sink.onChunk) await sink.onChunk();
    if (sink.stopped?.()) return { endOffset: sp.offset, lines: sp.lines, heldBack: sp.end(false) };
  }
  if (known && size !== undefined && size <= known.length && pos >= known.length) {
    return { endOffset: sp.offset, lines: sp.lines, heldBack: sp.end(finalTail) };
  }
  const fd = openSync(path, 'r');
  try {
    // one buffer for the whole file, no larger than what is there to read (thousands of small
    // files must not each allocate a 4 MiB buffer): every line is consumed (decoded or copied)
    // during push(), and the unterminated tail is copied into the splitter's carry, so nothing
    // keeps a view into it
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(65536, fstatSync(fd).size - pos + 1)));
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      pos += n;
      sp.push(buf.subarray(0, n));
      if (sink.onChunk) await sink.onChunk();
      if (sink.stopped?.()) {
        finalTail = false;
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
  const heldBack = sp.end(finalTail);
  return { endOffset: sp.offset, lines: sp.lines, heldBack };
}

/**
 * Reads the lines of a source held whole in memory (`whole` = its bytes from offset 0, e.g. a
 * small object fetched ahead) from `start`; the trailing unterminated line is consumed (the
 * source is complete). A `start` beyond the end reads nothing and ends at the end, as
 * {@link readStream} reports a short stream.
 */
export async function readWhole(whole: Buffer, start: number, sink: LineSink, maxLineBytes: number): Promise<ReadResult> {
  if (start >= whole.length) return { endOffset: whole.length, lines: 0, heldBack: 0 };
  const sp = new LineSplitter(start, sink, maxLineBytes);
  sp.push(whole.subarray(start));
  if (sink.onChunk) await sink.onChunk();
  if (sink.stopped?.()) return { endOffset: sp.offset, lines: sp.lines, heldBack: sp.end(false) };
  const heldBack = sp.end(true);
  return { endOffset: sp.offset, lines: sp.lines, heldBack };
}

/** Reads a stream (gzip-decompressed file or stdin), skipping the first `start` bytes. */
export async function readStream(stream: Readable, start: number, sink: LineSink, maxLineBytes: number): Promise<ReadResult> {
  const sp = new LineSplitter(start, sink, maxLineBytes);
  let skipped = 0;
  for await (const c of stream) {
    let chunk = c as Buffer;
    if (skipped < start) {
      const need = start - skipped;
      if (chunk.length <= need) {
        skipped += chunk.length;
        continue;
      }
      chunk = chunk.subarray(need);
      skipped = start;
    }
    sp.push(chunk);
    if (sink.onChunk) await sink.onChunk();
    if (sink.stopped?.()) {
      if (typeof (stream as Readable).destroy === 'function') (stream as Readable).destroy();
      return { endOffset: sp.offset, lines: sp.lines, heldBack: sp.end(false) };
    }
  }
  if (skipped < start) {
    // the stream is shorter than the committed offset: the caller treats the source as replaced
    return { endOffset: skipped, lines: 0, heldBack: 0 };
  }
  const heldBack = sp.end(true);
  return { endOffset: sp.offset, lines: sp.lines, heldBack };
}

export function gunzipStream(path: string): Readable {
  return createReadStream(path, { highWaterMark: CHUNK }).pipe(createGunzip({ chunkSize: 1024 * 1024 }));
}

/** First bytes of a plain file and, when they are the whole file, its status (see {@link readFileHead}). */
export interface FileHead {
  bytes: Buffer;
  /**
   * The open file's status taken after its bytes were read, when fewer than `n` were there (the
   * whole file as it is now, unless `stat.size` says it grew meanwhile): a small file's read needs
   * no second look at it. Undefined when the head is full (a larger file).
   */
  stat?: Stats;
}

/**
 * First bytes of a plain file, at most `n`, in one open: `sizeHint` (its size as listed) sizes the
 * buffer (plus one byte to see growth; a file that grew is read on up to `n` bytes all the same).
 * After a short read the file's status is taken on the same descriptor: when its size says
 * nothing lies beyond the bytes read, that was the end (no second read to see it), and the status
 * is returned with them — taken after every byte was read, its modification time covers every
 * write whose bytes were read. So a small file costs open, read, fstat, close.
 */
export function readFileHead(path: string, n: number, sizeHint: number): FileHead {
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(Math.max(1, Math.min(n, sizeHint + 1)));
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        if (got >= n) return { bytes: buf };
        const bigger = Buffer.allocUnsafe(n);
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const want = buf.length - got;
      const k = readSync(fd, buf, got, want, got);
      if (k > 0) got += k;
      if (k >= want) continue;
      // a short read: the end of the file, unless its status says there is more (it grew since)
      const stat = fstatSync(fd);
      if (k <= 0 || stat.size <= got) return { bytes: buf.subarray(0, got), stat };
    }
  } finally {
    closeSync(fd);
  }
}

/** First bytes of a file (decompressed for gzip), at most `n`. */
export async function readHead(path: string, gzip: boolean, n = 4096): Promise<Buffer> {
  if (!gzip) return readFileHead(path, n, statSync(path).size).bytes;
  const parts: Buffer[] = [];
  let len = 0;
  const s = gunzipStream(path);
  try {
    for await (const c of s) {
      parts.push(c as Buffer);
      len += (c as Buffer).length;
      if (len >= n) break;
    }
  } catch (e) {
    // a gzip cut in its data still gives us its first bytes (the full read reports the error);
    // one that yields nothing (not gzip at all, cut inside its header) is an error of its own,
    // unless the file is simply empty
    if (len === 0 && statSync(path).size > 0) throw e;
  } finally {
    s.destroy();
  }
  return Buffer.concat(parts).subarray(0, n);
}

/** Whether a read error is in the content itself (a corrupt gzip), so rereading cannot help. */
export function isContentError(e: unknown): boolean {
  return /^Z_/.test(String((e as { code?: unknown } | undefined)?.code ?? ''));
}
