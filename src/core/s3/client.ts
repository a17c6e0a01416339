/**
 * An S3Client configured from the environment: the standard AWS credential chain (env keys,
 * profiles, web identity / IRSA, EKS Pod Identity, IMDS), plus an endpoint override for
 * S3-compatible servers (MinIO, Ceph RGW, R2, s3rver, ...).
 *
 * Environment:
 * - `LOGLAKE_S3_ENDPOINT`, else `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`: custom endpoint;
 *   it turns on path-style addressing (`LOGLAKE_S3_FORCE_PATH_STYLE=false` turns it off).
 * - `AWS_REGION` / `AWS_DEFAULT_REGION`, else the profile's region, else `us-east-1`.
 * - `AWS_MAX_ATTEMPTS` (default 5: S3 throttles with 503 SlowDown under load).
 *
 * Checksums are computed/validated only when the operation requires them: S3-compatible servers
 * that do not understand aws-chunked uploads store the framing as content (s3rver does), and a
 * ranged GET carries no full-object checksum anyway.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** Default number of attempts per request (the SDK's own default is 3). */
export const DEFAULT_S3_MAX_ATTEMPTS = 5;

/** The endpoint override named by the environment, if any. */
export function s3EndpointFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env.LOGLAKE_S3_ENDPOINT || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  return v ? v.trim() : undefined;
}

let profileRegion: Promise<string> | undefined;

/** The region from the shared config files (what the SDK would pick), else us-east-1. */
function regionFromProfileOrDefault(): Promise<string> {
  profileRegion ??= (async () => {
    // A client without a region resolves it through the SDK's own loader (env, then profile);
    // no request is ever sent with it.
    const probe = new S3Client({});
    try {
      return (await probe.config.region()) || 'us-east-1';
    } catch {
      return 'us-east-1';
    } finally {
      probe.destroy();
    }
  })();
  return profileRegion;
}

/**
 * Builds an S3Client from `env` (default `process.env`). `overrides` win over everything
 * (tests pass credentials or a retry setting this way).
 *
 * When `env` is not `process.env` and holds `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, those
 * are used as static credentials; otherwise the SDK's default provider chain resolves them.
 */
export function s3ClientFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: S3ClientConfig = {}): S3Client {
  const endpoint = s3EndpointFromEnv(env);
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  const attempts = Number(env.AWS_MAX_ATTEMPTS);
  const config: S3ClientConfig = {
    region: region || (env === process.env ? regionFromProfileOrDefault : 'us-east-1'),
    maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : DEFAULT_S3_MAX_ATTEMPTS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // a bucket in another region than the configured one still works on AWS
    followRegionRedirects: true,
    // bounded connect; a body that stalls for a minute is destroyed (and resumed by openS3Stream)
    requestHandler: { connectionTimeout: 10_000, socketTimeout: 60_000 },
  };
  if (endpoint) {
    config.endpoint = endpoint;
    config.forcePathStyle = !/^(false|0|no)$/i.test(env.LOGLAKE_S3_FORCE_PATH_STYLE ?? '');
  }
  if (env !== process.env && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  return new S3Client({ ...config, ...overrides });
}
