/**
 * Authentication of REST catalog requests:
 * - `bearer`: a fixed token (`Authorization: Bearer …`), e.g. from `LOGLAKE_CATALOG_TOKEN`;
 * - `oauth2`: OAuth2 client credentials (`client_id:secret`), exchanged at the token endpoint
 *   (`oauth2-server-uri` from the catalog config, or `{uri}/v1/oauth/tokens`) for a bearer token that
 *   is cached until shortly before it expires and fetched again after a 401/419 — what Polaris,
 *   Nessie, Lakekeeper and Unity expect;
 * - `sigv4`: AWS Signature V4 (Glue: service `glue`, S3 Tables: `s3tables`) with credentials from
 *   the AWS default chain (env, profile, IRSA web identity, EKS Pod Identity / container
 *   credentials). The canonical path is escaped once more (`uriEscapePath`), as SigV4 requires for
 *   every service but S3: an ARN prefix `arn%3Aaws…` is signed as `arn%253Aaws…`.
 * No message made here contains a secret.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { IcebergError } from '../../spec/iceberg-error.js';

/** How to authenticate to a REST catalog. */
export type RestAuthConfig =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: string }
  | {
    readonly kind: 'oauth2';
    readonly clientId: string;
    readonly clientSecret: string;
    /** Token endpoint; default: config `oauth2-server-uri`, else `{uri}/v1/oauth/tokens`. */
    readonly tokenUri?: string;
    /** Default `catalog` (Java's and PyIceberg's default scope). */
    readonly scope?: string;
  }
  | {
    readonly kind: 'sigv4';
    /** Signing name: `glue`, `s3tables`, or another service name. */
    readonly service: string;
    readonly region: string;
    /** Default: the AWS default credential chain. */
    readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  };

/** A request about to be sent. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** Adds authentication headers to requests. */
export interface RestAuth {
  /** Headers to add (Authorization, X-Amz-*). */
  headersFor(request: OutgoingRequest): Promise<Record<string, string>>;
  /** Forgets a cached token (after a 401/419); returns whether a new one can be fetched. */
  invalidate(): boolean;
}

/** Fetch function type (the global `fetch`). */
export type FetchFn = typeof fetch;

class NoAuth implements RestAuth {
  async headersFor(): Promise<Record<string, string>> {
    return {};
  }

  invalidate(): boolean {
    return false;
  }
}

class BearerAuth implements RestAuth {
  constructor(private readonly token: string) {}

  async headersFor(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${this.token}` };
  }

  invalidate(): boolean {
    return false;
  }
}

class OAuth2Auth implements RestAuth {
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly cfg: Extract<RestAuthConfig, { kind: 'oauth2' }>,
    private readonly tokenUri: string,
    private readonly fetchFn: FetchFn,
    private readonly timeoutMs: number,
  ) {}

  async headersFor(): Promise<Record<string, string>> {
    if (this.token && Date.now() < this.token.expiresAt) return { authorization: `Bearer ${this.token.value}` };
    this.pending ??= this.fetchToken().finally(() => { this.pending = undefined; });
    return { authorization: `Bearer ${await this.pending}` };
  }

  invalidate(): boolean {
    const had = this.token !== undefined;
    this.token = undefined;
    return had;
  }

  private async fetchToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.cfg.clientId,
      client_secret: this.cfg.clientSecret,
      scope: this.cfg.scope ?? 'catalog',
    });
    const where = new URL(this.tokenUri);
    let res: Response;
    try {
      res = await this.fetchFn(this.tokenUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new IcebergError('CATALOG_UNAVAILABLE', `cannot reach the OAuth2 token endpoint ${where.origin}${where.pathname}: ${transportReason(e)}`, { retryable: true });
    }
    const text = await res.text();
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new IcebergError('NOT_AUTHORIZED', `OAuth2 token endpoint ${where.origin}${where.pathname} refused the client credentials (HTTP ${res.status}); check LOGLAKE_CATALOG_CREDENTIAL`);
    }
    if (!res.ok) throw new IcebergError('CATALOG_UNAVAILABLE', `OAuth2 token endpoint ${where.origin}${where.pathname} answered HTTP ${res.status}`, { retryable: res.status >= 500 });
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body; // a token response carries no 64-bit ids
    } catch {
      throw new IcebergError('CATALOG_UNAVAILABLE', `OAuth2 token endpoint ${where.origin}${where.pathname} did not answer JSON`);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new IcebergError('CATALOG_UNAVAILABLE', `OAuth2 token endpoint ${where.origin}${where.pathname} answered without access_token`);
    }
    const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    this.token = { value: body.access_token, expiresAt: Date.now() + Math.max(1, ttl - 60) * 1000 };
    return body.access_token;
  }
}

class SigV4Auth implements RestAuth {
  private readonly signer: SignatureV4;

  constructor(cfg: Extract<RestAuthConfig, { kind: 'sigv4' }>) {
    this.signer = new SignatureV4({
      service: cfg.service,
      region: cfg.region,
      credentials: cfg.credentials ?? defaultProvider(),
      sha256: Sha256,
      uriEscapePath: true,
      applyChecksum: true,
    });
  }

  async headersFor(request: OutgoingRequest): Promise<Record<string, string>> {
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of request.url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    let signed;
    try {
      signed = await this.signer.sign({
        method: request.method,
        protocol: request.url.protocol,
        hostname: request.url.hostname,
        port: request.url.port === '' ? undefined : Number(request.url.port),
        path: request.url.pathname,
        query,
        headers: { ...request.headers, host: request.url.host },
        body: request.body,
      });
    } catch (e) {
      const name = (e as Error).name === 'CredentialsProviderError' ? 'no AWS credentials found in the default chain (env, profile, web identity, container/Pod Identity)' : (e as Error).message;
      throw new IcebergError('NOT_AUTHORIZED', `cannot sign the REST catalog request with SigV4: ${name}`);
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') out[k] = String(v);
    return out;
  }

  invalidate(): boolean {
    return false;
  }
}

/** Short reason of a fetch failure (connection refused, timeout), without URLs or secrets. */
export function transportReason(e: unknown): string {
  const err = e as { name?: string; code?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
  return err.cause?.code ?? err.code ?? err.cause?.message ?? (e as Error).message ?? String(e);
}

/**
 * Builds the authenticator.
 * @param defaultTokenUri token endpoint for OAuth2 when the config names none.
 */
export function createRestAuth(cfg: RestAuthConfig, defaultTokenUri: string, fetchFn: FetchFn, timeoutMs: number): RestAuth {
  switch (cfg.kind) {
    case 'none': return new NoAuth();
    case 'bearer': return new BearerAuth(cfg.token);
    case 'oauth2': return new OAuth2Auth(cfg, cfg.tokenUri ?? defaultTokenUri, fetchFn, timeoutMs);
    case 'sigv4': return new SigV4Auth(cfg);
  }
}
