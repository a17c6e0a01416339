/**
 * File access for the Iceberg sink: the FileIO interface and its implementations, chosen by URI
 * scheme (`fileIOFor`). May import `iceberg/spec` (errors) only.
 */
import { IcebergError } from '../spec/iceberg-error.js';
import type { FileIO } from './file-io.js';
import { LocalFileIO, fileUriToPath } from './local-file-io.js';

export type { FileIO, WriteOptions } from './file-io.js';
export { LocalFileIO, fileUriToPath, pathToFileUri } from './local-file-io.js';
export type { LocalFileIOOptions } from './local-file-io.js';

/**
 * A FileIO for a warehouse location's scheme (`file:` or an absolute path today; `s3://` later),
 * confined to that warehouse: it never writes or deletes outside it.
 * @throws IcebergError INVALID_ARGUMENT for unsupported schemes.
 */
export function fileIOFor(location: string): FileIO {
  if (location.startsWith('file:') || location.startsWith('/')) return new LocalFileIO({ root: fileUriToPath(location) });
  throw new IcebergError('INVALID_ARGUMENT', `no FileIO for location ${location} (supported: file://)`);
}
