/**
 * FileIO over S3 and S3-API compatible stores (`s3://bucket/key`; `s3a://`, `s3n://` accepted).
 *
 * - Nothing half-written becomes visible: small files are one PutObject; files at or above
 *   `multipartThresholdBytes` go up as a multipart upload (@aws-sdk/lib-storage) that becomes
 *   visible only with CompleteMultipartUpload, and is aborted on failure.
 * - Create-if-absent (the default, for metadata files and manifests) sends `If-None-Match: *`;
 *   a conditional replace sends `If-Match: <etag>`. S3 answers 412 when the condition fails. When
 *   a retried request gets 412 because its own earlier attempt already landed (the answer to the
 *   first attempt was lost), the object holds exactly our bytes: that counts as success.
 * - Request failures (5xx, throttling, resets, timeouts) are retried by the SDK with backoff
 *   (client from `s3ClientFromEnv`: 5 attempts); a body that breaks mid-stream is resumed with
 *   ranged GETs pinned to the object's ETag (core/s3/resumable-get.ts).
 * - Credentials come from the AWS default chain; messages never carry them (only bucket/key).
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { LoglakeError } from '../../../core/errors.js';
import { resumableGet, type S3ReadOptions } from '../../../core/s3/resumable-get.js';
import { s3Failure, httpStatusOf } from '../../../core/s3/s3-errors.js';
import { formatS3Uri, parseS3Uri } from '../../../core/s3/uri.js';
import { IcebergError } from '../spec/iceberg-error.js';
import type { FileIO, VersionedData, WriteOptions } from './file-io.js';

/** Options of {@link S3FileIO}. */
export interface S3FileIOOptions {
  /** The client (see core/s3/client.ts `s3ClientFromEnv`). */
  readonly client: S3Client;
  /** Destroy the client on close() (default false: the caller owns it). */
  readonly ownsClient?: boolean;
  /** Files of at least this size go up as multipart uploads. Default 16 MiB. */
  readonly multipartThresholdBytes?: number;
  /** Part size of multipart uploads (S3 minimum 5 MiB). Default 8 MiB. */
  readonly partSizeBytes?: number;
  /** Parts uploaded at once. Default 4. */
  readonly queueSize?: number;
  /** Resume-after-break tuning of reads. */
  readonly read?: S3ReadOptions;
  /** Send If-None-Match / If-Match on writes (default true; S3 supports both since 2024). */
  readonly conditionalWrites?: boolean;
}

const MIB = 1024 * 1024;

function toIcebergError(e: unknown, what: string, location: string): IcebergError {
  if (e instanceof IcebergError) return e;
  const status = httpStatusOf(e);
  const name = (e as { name?: string } | undefined)?.name;
  if (name === 'PreconditionFailed' || status === 412) {
    return new IcebergError('PRECONDITION_FAILED', `${what} ${location}: precondition failed (the object exists or changed)`, { cause: e, context: { location } });
  }
  const le = e instanceof LoglakeError ? e : s3Failure(e, `${what} ${location}`, { location });
  if (le.code === 'INPUT_NOT_FOUND') {
    return new IcebergError('NOT_FOUND', le.message, { cause: e, context: { location } });
  }
  return new IcebergError('IO_ERROR', le.message, { cause: e, retryable: le.retryable, context: { location } });
}

/** FileIO for `s3://` locations. */
export class S3FileIO implements FileIO {
  private readonly client: S3Client;
  private readonly threshold: number;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly conditional: boolean;

  constructor(private readonly options: S3FileIOOptions) {
    this.client = options.client;
    this.threshold = options.multipartThresholdBytes ?? 16 * MIB;
    this.partSize = Math.max(5 * MIB, options.partSizeBytes ?? 8 * MIB);
    this.queueSize = options.queueSize ?? 4;
    this.conditional = options.conditionalWrites ?? true;
  }

  /** Reads a whole object (resumed across mid-body breaks). */
  async read(location: string): Promise<Buffer> {
    const { bucket, key } = parseS3Uri(location);
    return this.collect(bucket, key, location, undefined);
  }

  private async collect(bucket: string, key: string, location: string, etag: string | undefined, size?: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    try {
      for await (const c of resumableGet(this.client, { bucket, key, etag, size, uri: location }, 0, this.options.read)) parts.push(c);
    } catch (e) {
      throw toIcebergError(e, 'read', location);
    }
    return Buffer.concat(parts);
  }

  /** Reads an object with its ETag as version; undefined when missing. */
  async readVersioned(location: string): Promise<VersionedData | undefined> {
    const { bucket, key } = parseS3Uri(location);
    for (let attempt = 0; ; attempt++) {
      const head = await this.head(bucket, key, location);
      if (!head) return undefined;
      try {
        // pinned to the ETag just seen: a concurrent replace fails the GET instead of mixing versions
        const data = await this.collect(bucket, key, location, head.etag, head.size);
        return { data, version: head.etag };
      } catch (e) {
        const replaced = e instanceof IcebergError && (e.code === 'PRECONDITION_FAILED' || e.code === 'NOT_FOUND' || /changed since/.test(e.message));
        if (!replaced || attempt >= 4) throw e;
      }
    }
  }

  private async head(bucket: string, key: string, location: string): Promise<{ etag: string; size: number; modifiedMs?: number } | undefined> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { etag: r.ETag ?? '', size: r.ContentLength ?? 0, ...(r.LastModified ? { modifiedMs: r.LastModified.getTime() } : {}) };
    } catch (e) {
      const status = httpStatusOf(e);
      const name = (e as { name?: string }).name;
      if (status === 404 || name === 'NotFound' || name === 'NoSuchKey') return undefined;
      throw toIcebergError(e, 'stat', location);
    }
  }

  /** Writes an object atomically (PutObject, or multipart at or above the threshold). */
  async write(location: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    const { bucket, key } = parseS3Uri(location);
    const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    try {
      if (body.length >= this.threshold) await this.multipart(bucket, key, body, body.length, options);
      else await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length, ...this.conditions(options) }));
    } catch (e) {
      await this.settle(e, location, options, async () => body);
    }
  }

  /** Uploads a local file (streamed; multipart at or above the threshold). */
  async upload(location: string, localPath: string, options: WriteOptions = {}): Promise<void> {
    let size: number;
    try {
      size = (await fs.stat(localPath)).size;
    } catch (e) {
      throw new IcebergError('IO_ERROR', `upload: cannot read local file for ${location}: ${(e as Error).message}`, { cause: e, context: { location } });
    }
    if (size < this.threshold) {
      await this.write(location, await fs.readFile(localPath), options);
      return;
    }
    const { bucket, key } = parseS3Uri(location);
    try {
      await this.multipart(bucket, key, createReadStream(localPath), size, options);
    } catch (e) {
      await this.settle(e, location, options, () => fs.readFile(localPath));
    }
  }

  private conditions(options: WriteOptions): { IfNoneMatch?: string; IfMatch?: string } {
    if (!this.conditional) return {};
    if (options.ifMatch !== undefined) return { IfMatch: options.ifMatch };
    if (!options.overwrite) return { IfNoneMatch: '*' };
    return {};
  }

  private async multipart(bucket: string, key: string, body: Buffer | NodeJS.ReadableStream, size: number, options: WriteOptions): Promise<void> {
    // lib-storage passes the params to CreateMultipartUpload and CompleteMultipartUpload, so the
    // condition is checked when the object would become visible
    const upload = new Upload({
      client: this.client,
      params: { Bucket: bucket, Key: key, Body: body as Buffer, ContentLength: size, ...this.conditions(options) },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  /**
   * A write failed: a lost condition is success when the object now holds exactly our bytes (our
   * own earlier attempt landed and its answer was lost); everything else is rethrown as IcebergError.
   */
  private async settle(e: unknown, location: string, options: WriteOptions, ours: () => Promise<Buffer>): Promise<void> {
    const err = toIcebergError(e, 'write', location);
    if (err.code === 'PRECONDITION_FAILED') {
      const { bucket, key } = parseS3Uri(location);
      const head = await this.head(bucket, key, location).catch(() => undefined);
      if (head) {
        const mine = await ours();
        if (head.size === mine.length) {
          const single = `"${createHash('md5').update(mine).digest('hex')}"`;
          if (head.etag === single) return;
          const now = await this.collect(bucket, key, location, head.etag, head.size).catch(() => undefined);
          if (now && now.equals(mine)) return;
        }
      }
      throw new IcebergError('PRECONDITION_FAILED', options.ifMatch !== undefined
        ? `write ${location}: the object changed since it was read`
        : `write ${location}: the object already exists`, { cause: e, context: { location } });
    }
    if (err.code === 'NOT_FOUND' && options.ifMatch !== undefined) {
      throw new IcebergError('NOT_FOUND', `write ${location}: the object was deleted since it was read`, { cause: e, context: { location } });
    }
    throw err;
  }

  /** Whether the object exists. */
  async exists(location: string): Promise<boolean> {
    const { bucket, key } = parseS3Uri(location);
    return (await this.head(bucket, key, location)) !== undefined;
  }

  /** Size in bytes. */
  async size(location: string): Promise<number> {
    const { bucket, key } = parseS3Uri(location);
    const h = await this.head(bucket, key, location);
    if (!h) throw new IcebergError('NOT_FOUND', `stat: object not found: ${location}`, { context: { location } });
    return h.size;
  }

  /** Last-Modified of the object (S3 keeps whole seconds), or undefined when missing. */
  async modifiedMs(location: string): Promise<number | undefined> {
    const { bucket, key } = parseS3Uri(location);
    return (await this.head(bucket, key, location))?.modifiedMs;
  }

  /** Deletes an object (a missing one is not an error). */
  async delete(location: string): Promise<void> {
    const { bucket, key } = parseS3Uri(location);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (e) {
      if (httpStatusOf(e) === 404) return;
      throw toIcebergError(e, 'delete', location);
    }
  }

  /** Every object under a prefix (as a directory: `prefix/`), as `s3://` URIs, sorted. */
  async list(prefix: string): Promise<string[]> {
    const { bucket, key } = parseS3Uri(prefix);
    const dir = key === '' || key.endsWith('/') ? key : key + '/';
    const out: string[] = [];
    let token: string | undefined;
    try {
      do {
        const r = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: dir, ContinuationToken: token }));
        for (const o of r.Contents ?? []) if (o.Key !== undefined && !o.Key.endsWith('/')) out.push(formatS3Uri(bucket, o.Key));
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
    } catch (e) {
      throw toIcebergError(e, 'list', prefix);
    }
    return out.sort();
  }

  /**
   * Streams an object into a local file (resumed across breaks); the file is complete when the
   * promise resolves. Used by readers that need a local copy (the query cache).
   */
  async download(location: string, localPath: string): Promise<void> {
    const { bucket, key } = parseS3Uri(location);
    const { Readable } = await import('node:stream');
    const { createWriteStream } = await import('node:fs');
    try {
      await pipeline(Readable.from(resumableGet(this.client, { bucket, key, uri: location }, 0, this.options.read)), createWriteStream(localPath));
    } catch (e) {
      throw toIcebergError(e, 'download', location);
    }
  }

  /**
   * The client's resolved credentials (default chain), for handing to another S3 reader
   * (DuckDB httpfs). Never log them. Undefined when none resolve.
   */
  async credentials(): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined> {
    try {
      const c = await this.client.config.credentials();
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
    } catch {
      return undefined;
    }
  }

  /** The client's region. */
  async region(): Promise<string> {
    return (await this.client.config.region()) || 'us-east-1';
  }

  /** Releases the client when this FileIO owns it. */
  async close(): Promise<void> {
    if (this.options.ownsClient) this.client.destroy();
  }
}
