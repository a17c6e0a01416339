/** An S3 object found by listing, as a {@link Source} (offsets in decompressed bytes for `.gz`). */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Source } from '../source.js';
import { HEAD_BYTES } from '../source.js';
import { pathMetadata, type SourceMeta } from '../path-metadata.js';
import type { LineSink, ReadResult } from '../line-reader.js';
import type { S3Object } from './discover-s3.js';
import { readS3Head, readS3Object } from './object-stream.js';

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
    this.stamp = object.etag ? `s3:${object.etag}:${object.size}` : undefined;
  }

  endStamp(endOffset: number): string | undefined {
    return this.gzip || endOffset === this.size ? this.stamp : undefined;
  }

  head(): Promise<Buffer> {
    return readS3Head(this.client, this.object, HEAD_BYTES);
  }

  /** Objects are written whole: the trailing unterminated line is final. */
  read(start: number, sink: LineSink, maxLineBytes: number): Promise<ReadResult> {
    return readS3Object(this.client, this.object, start, sink, maxLineBytes);
  }
}
