/**
 * Maps AWS SDK errors to LoglakeErrors with a clear message: a missing bucket or key is
 * INPUT_NOT_FOUND, everything else IO (retryable unless it is an auth/permission problem).
 */
import { LoglakeError } from '../errors.js';

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** The HTTP status of an SDK error, when it got one. */
export function httpStatusOf(e: unknown): number | undefined {
  return (e as SdkErrorLike | undefined)?.$metadata?.httpStatusCode;
}

/**
 * Wraps an SDK (or network) error raised while doing `what` (e.g. "listing s3://b/p").
 * LoglakeErrors pass through unchanged.
 */
export function s3Failure(e: unknown, what: string, context: Record<string, unknown> = {}): LoglakeError {
  if (e instanceof LoglakeError) return e;
  const err = (e ?? {}) as SdkErrorLike;
  const name = err.name ?? 'Error';
  const status = err.$metadata?.httpStatusCode;
  const attempts = err.$metadata?.attempts;
  const detail = `${name}${status ? ` (HTTP ${status})` : ''}${attempts && attempts > 1 ? ` after ${attempts} attempts` : ''}: ${err.message ?? String(e)}`;
  const ctx = { ...context, errorName: name, httpStatus: status };
  if (name === 'NoSuchBucket') {
    return new LoglakeError('INPUT_NOT_FOUND', `${what}: the bucket does not exist`, ctx, false, { cause: e });
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return new LoglakeError('INPUT_NOT_FOUND', `${what}: not found (${detail})`, ctx, false, { cause: e });
  }
  if (
    name === 'AccessDenied' || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' ||
    name === 'CredentialsProviderError' || status === 401 || status === 403
  ) {
    return new LoglakeError('IO', `${what}: access denied — check the AWS credentials and the bucket policy (${detail})`, ctx, false, { cause: e });
  }
  if (name === 'PreconditionFailed' || status === 412) {
    return new LoglakeError('IO', `${what}: the object changed since it was listed`, ctx, true, { cause: e });
  }
  const retryable = status === undefined || status >= 500 || status === 429 || Boolean(err.$retryable);
  return new LoglakeError('IO', `${what}: ${detail}`, ctx, retryable, { cause: e });
}
