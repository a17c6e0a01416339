/**
 * File access for the Iceberg sink: the FileIO interface and its implementations, chosen by URI
 * scheme (`fileIOFor`). May import `iceberg/spec` (errors) and `core` only.
 */
import { isS3Uri } from '../../../core/s3/uri.js';
import { s3ClientFromEnv } from '../../../core/s3/client.js';
import { IcebergError } from '../spec/iceberg-error.js';
import type { FileIO } from './file-io.js';
import { LocalFileIO, fileUriToPath } from './local-file-io.js';
import { S3FileIO } from './s3-file-io.js';

export type { FileIO, WriteOptions, VersionedData } from './file-io.js';
export { LocalFileIO, fileUriToPath, pathToFileUri } from './local-file-io.js';
export type { LocalFileIOOptions } from './local-file-io.js';
export { S3FileIO, type S3FileIOOptions } from './s3-file-io.js';

/** Whether a location is on the local filesystem (`file:` URI or absolute path). */
export function isLocalLocation(location: string): boolean {
  return location.startsWith('file:') || location.startsWith('/');
}

/**
 * The FileIO for a warehouse location's scheme: `file:` or an absolute path → local filesystem,
 * confined to that warehouse (it never writes or deletes outside it); `s3://`
 * (`s3a://`, `s3n://`) → S3 with a client from the environment (custom endpoint, path style,
 * default credential chain; see core/s3/client.ts), released by `close()`.
 * @throws IcebergError INVALID_ARGUMENT for unsupported schemes.
 */
export function fileIOFor(location: string, env: NodeJS.ProcessEnv = process.env): FileIO {
  if (isLocalLocation(location)) return new LocalFileIO({ root: fileUriToPath(location) });
  if (isS3Uri(location)) return new S3FileIO({ client: s3ClientFromEnv(env), ownsClient: true });
  throw new IcebergError('INVALID_ARGUMENT', `no FileIO for location ${location} (supported: file://, s3://)`);
}
