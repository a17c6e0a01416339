/** An S3 object found by listing, as a {@link Source} (offsets in decompressed bytes for `.gz`). */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Source } from '../source.js';
import { HEAD_BYTES } from '../source.js';
import { pathMetadata, type SourceMeta } from '../path-metadata.js';
import type { LineSink, ReadResult } from '../line-reader.js';
import type { S3Object } from './discover-s3.js';
import { readS3Head, readS3Object, fetchWhole } from './object-stream.js';
import { readWhole } from '../line-reader.js';

export class S3ObjectSource implements Source {
  readonly path: string;
  readonly sniffName: string;
  readonly meta: SourceMeta;
  readonly gzip: boolean;
  readonly size: number;
  readonly local = false;
  readonly shardable = true;

  readonly stamp: string | undefined;

  constructor(private readonly client: S3Client, readonly object: S3Object) {
    this.path = object.uri;
    this.sniffName = object.key;
    this.meta = pathMetadata([object.uri]);
    this.gzip = object.gzip;
    this.size = object.size;
    // reads are pinned to the listed ETag: what was read is what the listing described
    // (with the URI: two objects of the same bytes have the same ETag)
    this.stamp = object.etag ? `${object.uri}:${object.etag}:${object.size}` : undefined;
  }

  endStamp(endOffset: number): string | undefined {
    return this.gzip || endOffset === this.size ? this.stamp : undefined;
  }

  /** Stored bytes an object may have to be fetched whole ahead of its turn (see prefetch). */
  static readonly PREFETCH_MAX_BYTES = 8 << 20;
  /** The object's content (decompressed for gzip), fetched ahead; undefined when that failed. */
  private whole: Promise<Buffer | undefined> | undefined;

  /**
   * Starts fetching the whole object (one GET, pinned to the listed ETag) so that its turn needs
   * no round trip: head() and read() then use these bytes. Only objects of at most
   * {@link PREFETCH_MAX_BYTES} stored bytes; larger ones stream as usual. A failed fetch is
   * forgotten: head() and read() then go to S3 themselves, with their own retries and errors.
   */
  prefetch(): void {
    if (this.whole || this.size > S3ObjectSource.PREFETCH_MAX_BYTES) return;
    this.whole = fetchWhole(this.client, this.object).catch(() => undefined);
  }

  /** Drops fetched bytes that will not be read (the object was skipped). */
  release(): void {
    this.whole = undefined;
  }

  async head(): Promise<Buffer> {
    const whole = await this.whole;
    if (whole) return whole.subarray(0, HEAD_BYTES);
    return readS3Head(this.client, this.object, HEAD_BYTES);
  }

  /** Objects are written whole: the trailing unterminated line is final. */
  async read(start: number, sink: LineSink, maxLineBytes: number): Promise<ReadResult> {
    const whole = await this.whole;
    this.whole = undefined; // read once: memory is bounded by the objects fetched ahead
    if (whole) return readWhole(whole, start, sink, maxLineBytes);
    return readS3Object(this.client, this.object, start, sink, maxLineBytes);
  }
}
