/**
 * `s3://bucket/key` URIs: parsing and formatting. `s3a://` and `s3n://` (Hadoop/Spark spellings)
 * are accepted and normalized to `s3://`. Keys are taken verbatim (no percent-decoding): S3 keys
 * may contain any character, and the URI is only a way to name them.
 */
import { LoglakeError } from '../errors.js';

/** A parsed S3 location: a bucket and a key or key prefix ('' for the whole bucket). */
export interface S3Location {
  bucket: string;
  /** Key or key prefix, without a leading slash; '' for the bucket root. */
  key: string;
}

const SCHEME = /^s3[an]?:\/\//i;

/** True when `s` looks like an S3 URI (`s3://`, `s3a://`, `s3n://`). */
export function isS3Uri(s: string): boolean {
  return SCHEME.test(s);
}

/**
 * Parses `s3://bucket/prefix/…` into bucket and key. Throws USAGE for anything else
 * (another scheme, an empty or malformed bucket name).
 */
export function parseS3Uri(uri: string): S3Location {
  const m = SCHEME.exec(uri);
  if (!m) throw new LoglakeError('USAGE', `not an S3 URI (expected s3://bucket/prefix): ${uri}`, { uri });
  const rest = uri.slice(m[0].length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  // S3 bucket names: 3-63 chars of [a-z0-9.-]; S3-compatible servers are sometimes laxer
  // (underscores, capitals), so only reject what can never be a bucket.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(bucket)) {
    throw new LoglakeError('USAGE', `bad bucket name in S3 URI: ${uri}`, { uri, bucket });
  }
  return { bucket, key };
}

/** `s3://bucket/key`. */
export function formatS3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
