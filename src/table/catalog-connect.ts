/**
 * How a command reaches an Iceberg REST catalog: the `--catalog-*` flags (shared by ingest, query,
 * maintain and the analytics commands) and the secrets from the environment, turned into
 * RestCatalogOptions. Secrets come only from the environment and never appear in a message:
 * - `LOGLAKE_CATALOG_TOKEN`: a bearer token;
 * - `LOGLAKE_CATALOG_CREDENTIAL=client_id:secret`: OAuth2 client credentials (token endpoint from
 *   the catalog config, `--catalog-oauth2-uri`, or `{uri}/v1/oauth/tokens`; `--catalog-scope`);
 * - `--catalog-sigv4 glue|s3tables|<name>`: AWS SigV4 with the default credential chain (env,
 *   profile, IRSA web identity, EKS Pod Identity), region from `--catalog-region`, `AWS_REGION`,
 *   `AWS_DEFAULT_REGION` or the endpoint's host name.
 */
import { redactSecrets } from '../core/redact.js';
import { UsageError } from '../core/errors.js';
import type { RestAuthConfig, RestCatalogOptions } from '../sinks/iceberg/index.js';

/** The `--catalog-*` settings of a REST catalog. */
export interface RestCatalogFlags {
  /** `--catalog-warehouse`: Glue account id, S3 Tables bucket ARN, or the server's warehouse name. */
  readonly warehouse?: string;
  /** `--catalog-sigv4`: SigV4 signing name. */
  readonly sigv4?: string;
  /** `--catalog-region`. */
  readonly region?: string;
  /** `--catalog-oauth2-uri`: OAuth2 token endpoint. */
  readonly oauth2Uri?: string;
  /** `--catalog-scope`: OAuth2 scope (default `catalog`). */
  readonly scope?: string;
}

/** Reads the `--catalog-*` flags from parsed values; undefined when none is given. */
export function restCatalogFlags(values: Readonly<Record<string, unknown>>): RestCatalogFlags | undefined {
  const s = (k: string): string | undefined => (typeof values[k] === 'string' ? values[k] as string : undefined);
  const flags: RestCatalogFlags = {
    warehouse: s('catalog-warehouse'), sigv4: s('catalog-sigv4'), region: s('catalog-region'), oauth2Uri: s('catalog-oauth2-uri'), scope: s('catalog-scope'),
  };
  return Object.values(flags).some((v) => v !== undefined) ? flags : undefined;
}

/** A URI for messages: no query string or fragment, credentials masked ({@link redactSecrets}). */
export function redactUri(uri: string): string {
  try {
    const u = new URL(uri);
    if (u.host) return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    // not a URL: redacted as text below
  }
  // opaque or unparsable (oracle:thin:user/password@host, jdbc:…): every known credential form masked
  return redactSecrets(uri).replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * RestCatalogOptions for `--catalog <http(s) uri>` and its flags.
 * @throws UsageError for inconsistent settings (SigV4 without a region, Glue/S3 Tables without a
 * warehouse, a malformed LOGLAKE_CATALOG_CREDENTIAL, both SigV4 and a token).
 */
export function restCatalogOptions(uri: string, flags: RestCatalogFlags = {}, env: NodeJS.ProcessEnv = process.env, name?: string): RestCatalogOptions {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new UsageError(`--catalog is not a valid URL: ${redactUri(uri)}`);
  }
  if (u.username || u.password) throw new UsageError('--catalog must not carry credentials in the URL; use LOGLAKE_CATALOG_TOKEN or LOGLAKE_CATALOG_CREDENTIAL');
  const token = env.LOGLAKE_CATALOG_TOKEN;
  const credential = env.LOGLAKE_CATALOG_CREDENTIAL;
  let auth: RestAuthConfig = { kind: 'none' };
  if (flags.sigv4 !== undefined) {
    if (!/^[a-z0-9-]+$/.test(flags.sigv4)) throw new UsageError(`--catalog-sigv4 must be a signing name such as glue or s3tables, got "${flags.sigv4}"`);
    if (token || credential) throw new UsageError('--catalog-sigv4 signs with AWS credentials; unset LOGLAKE_CATALOG_TOKEN / LOGLAKE_CATALOG_CREDENTIAL');
    const fromHost = /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/.exec(u.hostname)?.[1];
    const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? fromHost;
    if (!region) throw new UsageError('--catalog-sigv4 needs a region: --catalog-region or AWS_REGION');
    if ((flags.sigv4 === 'glue' || flags.sigv4 === 's3tables') && !flags.warehouse) {
      throw new UsageError(`--catalog-sigv4 ${flags.sigv4} needs --catalog-warehouse (${flags.sigv4 === 'glue' ? 'the AWS account id' : 'the table bucket ARN'})`);
    }
    auth = { kind: 'sigv4', service: flags.sigv4, region };
  } else if (token) {
    auth = { kind: 'bearer', token };
  } else if (credential) {
    const i = credential.indexOf(':');
    if (i <= 0 || i === credential.length - 1) throw new UsageError('LOGLAKE_CATALOG_CREDENTIAL must look like client_id:secret');
    auth = { kind: 'oauth2', clientId: credential.slice(0, i), clientSecret: credential.slice(i + 1), tokenUri: flags.oauth2Uri, scope: flags.scope };
  }
  if ((flags.oauth2Uri !== undefined || flags.scope !== undefined) && auth.kind !== 'oauth2') {
    throw new UsageError('--catalog-oauth2-uri / --catalog-scope need LOGLAKE_CATALOG_CREDENTIAL=client_id:secret');
  }
  if (flags.region !== undefined && auth.kind !== 'sigv4') throw new UsageError('--catalog-region only applies with --catalog-sigv4');
  return { uri, warehouse: flags.warehouse, auth, name };
}
