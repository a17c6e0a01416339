/**
 * One readable log source, whatever it is stored in: a local file, an S3 object, standard input.
 * The pipeline asks each source the same things — who it is (`path`, `head` for the content
 * fingerprint), where a resume position is valid (`gzip`, `size`), and to read lines from an
 * offset to the end of the data there now — and runs one loop over all of them. Follow mode reads
 * a file source again from where it stopped whenever the inputs change (`change-watcher.ts`
 * says when): waiting for more is a property of the followed set, where new files appear too.
 *
 * Sources yield framed lines with byte offsets and nothing more: no decoding, no parsing.
 */
import type { LineSink, ReadResult } from './line-reader.js';
import type { SourceMeta } from './path-metadata.js';

export interface Source {
  /** What rows and checkpoints name as the origin: a path, an `s3://` URI, or `-` for stdin. */
  readonly path: string;
  /** The name format sniffing looks at (file path, object key). */
  readonly sniffName: string;
  /** What the path says about the origin (Kubernetes, Docker, Spark layouts). */
  readonly meta: SourceMeta;
  /** Offsets count decompressed bytes, and a read to the end is final (the source is complete). */
  readonly gzip: boolean;
  /** Stored size in bytes for resume decisions; undefined for a stream of unknown length. */
  readonly size: number | undefined;
  /** A local file: its name stem is the service of last resort. */
  readonly local: boolean;
  /** Whether `--shard` may assign the source to another writer (stdin always stays). */
  readonly shardable: boolean;
  /** A local file's `device:inode` (tells a truncated file from a copy of it); undefined otherwise. */
  readonly fileId?: string;
  /** Still being written (modified within the idle time): its head may not be final yet. */
  readonly growing?: boolean;
  /**
   * What the listing says about the stored source, cheaply and without reading it (a local file:
   * device, inode, size and modification time; an S3 object: URI, ETag and size). Equal stamps
   * mean the same source with the same unchanged bytes, so a source read to its end under a stamp
   * need not even be opened again. Undefined when there is no such thing (stdin).
   */
  readonly stamp?: string;
  /**
   * The stamp of what the last `read` read, when that read reached the source's end as stamped
   * (`endOffset` is where the read ended); undefined otherwise (the source grew meanwhile).
   */
  endStamp?(endOffset: number): string | undefined;
  /** First bytes (decompressed), at most 64 KiB: the content identity. Empty: nothing to read. */
  head(): Promise<Buffer>;
  /**
   * Reads physical lines from byte `start` into `sink` until the end of the data available now.
   * Rejects with the I/O error when the source cannot be read to that end (what was delivered
   * stays delivered).
   */
  read(start: number, sink: LineSink, maxLineBytes: number): Promise<ReadResult>;
}

/** Bytes of a source's head used for its identity. */
export const HEAD_BYTES = 65536;
