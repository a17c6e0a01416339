/**
 * Turns the command line's inputs into sources, in reading order: local files and directories
 * (discovery and rotation order), then S3 prefixes and objects, then standard input (`-`).
 */
import type { Readable } from 'node:stream';
import type { Source } from './source.js';
import { discoverSources, type RefusedLink } from './discover.js';
import { FileSource } from './file-source.js';
import { ReadAhead } from './read-ahead.js';
import { StdinSource } from './stdin-source.js';
import { isS3Uri } from '../core/s3/uri.js';
import type { S3Client } from '@aws-sdk/client-s3';

export interface SourceSet {
  sources: Source[];
  /** Symlinks discovery did not follow (reported and quarantined by the caller). */
  refused: RefusedLink[];
  /** Releases what the sources hold (the S3 client's sockets). */
  close(): void;
}

export interface OpenSourcesOptions {
  /** A plain file modified less than this long ago keeps its unterminated last line for later. */
  idleMs: number;
  /** What `-` reads (default process.stdin). */
  stdin?: Readable;
  /** Follow symlinks to any target (default: only into input roots and runtime log roots). */
  followAnySymlink?: boolean;
}

/** Discovers every input; throws INPUT_NOT_FOUND (a LoglakeError) for an input matching nothing. */
export async function openSources(inputs: readonly string[], opts: OpenSourcesOptions): Promise<SourceSet> {
  const { files, refused } = discoverSources(inputs.filter((i) => i !== '-' && !isS3Uri(i)), { followAnySymlink: opts.followAnySymlink });
  const s3Inputs = inputs.filter((i) => isS3Uri(i));
  // small files are read ahead once their reads show a cold page cache (read-ahead.ts)
  const ahead = new ReadAhead();
  const sources: Source[] = files.map((f) => new FileSource(f, opts.idleMs, ahead));
  const stdin = (): void => {
    if (inputs.includes('-')) sources.push(new StdinSource(opts.stdin ?? process.stdin));
  };
  if (s3Inputs.length === 0) {
    stdin();
    return { sources, refused, close: () => undefined };
  }
  // the AWS SDK is loaded only when there is an s3:// input (start-up time)
  const [{ s3ClientFromEnv, discoverS3 }, { S3ObjectSource }] = await Promise.all([import('./s3/index.js'), import('./s3/s3-object-source.js')]);
  const client: S3Client = s3ClientFromEnv();
  try {
    const objects = await discoverS3(client, s3Inputs);
    for (const o of objects) sources.push(new S3ObjectSource(client, o));
    stdin();
    return { sources, refused, close: () => client.destroy() };
  } catch (e) {
    client.destroy();
    throw e;
  }
}
