/**
 * `fileIOFor` (./index.ts) without loading the AWS SDK up front: a local location gets its
 * LocalFileIO at once; an `s3://` one gets a FileIO that loads the S3 implementation (and the
 * SDK, ~0.2 s of CPU) on its first call. For parts every run opens (the template miner's state)
 * where most runs never touch S3.
 */
import { IcebergError } from '../spec/iceberg-error.js';
import { isS3Uri } from '../../../core/s3/uri.js';
import type { FileIO, VersionedData, WriteOptions } from './file-io.js';
import { LocalFileIO, fileUriToPath } from './local-file-io.js';

/** An S3 FileIO made on first use. */
class DeferredS3FileIO implements FileIO {
  private io: Promise<FileIO> | undefined;
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  private get(): Promise<FileIO> {
    this.io ??= Promise.all([import('./s3-file-io.js'), import('../../../core/s3/client.js')])
      .then(([{ S3FileIO }, { s3ClientFromEnv }]) => new S3FileIO({ client: s3ClientFromEnv(this.env), ownsClient: true }));
    return this.io;
  }

  async read(location: string): Promise<Buffer> {
    return (await this.get()).read(location);
  }
  async readVersioned(location: string): Promise<VersionedData | undefined> {
    return (await this.get()).readVersioned(location);
  }
  async write(location: string, data: Uint8Array, options?: WriteOptions): Promise<void> {
    return (await this.get()).write(location, data, options);
  }
  async upload(location: string, localPath: string, options?: WriteOptions): Promise<void> {
    return (await this.get()).upload(location, localPath, options);
  }
  async exists(location: string): Promise<boolean> {
    return (await this.get()).exists(location);
  }
  async size(location: string): Promise<number> {
    return (await this.get()).size(location);
  }
  async modifiedMs(location: string): Promise<number | undefined> {
    return (await this.get()).modifiedMs(location);
  }
  async delete(location: string): Promise<void> {
    return (await this.get()).delete(location);
  }
  async list(prefix: string): Promise<string[]> {
    return (await this.get()).list(prefix);
  }
  async download(location: string, localPath: string): Promise<void> {
    return (await this.get()).download(location, localPath);
  }
  async close(): Promise<void> {
    if (this.io) await (await this.io).close?.();
  }
}

/**
 * The FileIO for a location's scheme, as `fileIOFor` chooses it; the S3 one loads its modules
 * on first use.
 * @throws IcebergError INVALID_ARGUMENT for unsupported schemes.
 */
export function deferredFileIOFor(location: string, env: NodeJS.ProcessEnv = process.env): FileIO {
  if (location.startsWith('file:') || location.startsWith('/')) return new LocalFileIO({ root: fileUriToPath(location) });
  if (isS3Uri(location)) return new DeferredS3FileIO(env);
  throw new IcebergError('INVALID_ARGUMENT', `no FileIO for location ${location} (supported: file://, s3://)`);
}
