/**
 * URL paths of the Iceberg REST catalog routes (`open-api/rest-catalog-open-api.yaml`):
 * `{uri}/v1/{prefix}/namespaces/{ns}/tables/{t}`, the prefix taken from `GET /v1/config`.
 *
 * Prefix rule: the prefix is a path. A prefix that already carries percent-escapes is sent as
 * returned; an ARN (S3 Tables: `arn:aws:s3tables:…:bucket/name`) is percent-encoded once as a whole
 * (`arn%3Aaws%3A…%2Fname`); anything else is encoded per `/`-separated segment, so Glue's
 * `catalogs/123456789012` keeps its `/`. Multi-level namespaces are joined with `%1F`.
 * Pure: no IO.
 */
import type { Namespace, TableIdentifier } from '../catalog.js';

/** The URL path form of a catalog `prefix` from the config route (no leading or trailing `/`). */
export function encodePrefix(prefix: string | undefined): string {
  const p = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (p === '') return '';
  if (/%[0-9A-Fa-f]{2}/.test(p)) return p;
  if (/^arn:/i.test(p)) return encodeURIComponent(p);
  return p.split('/').map(encodeURIComponent).join('/');
}

/** A namespace as one path segment: levels percent-encoded and joined with `%1F`. */
export function encodeNamespace(namespace: Namespace): string {
  return namespace.map(encodeURIComponent).join('%1F');
}

/** Builds the route paths below a catalog base URI and prefix. */
export class RestPaths {
  private readonly root: string;

  /**
   * @param baseUri the catalog URI, e.g. `https://glue.us-east-1.amazonaws.com/iceberg`.
   * @param prefix the `prefix` property of the merged config, if any.
   */
  constructor(baseUri: string, prefix: string | undefined) {
    const base = baseUri.replace(/\/+$/, '');
    const p = encodePrefix(prefix);
    this.root = p === '' ? `${base}/v1` : `${base}/v1/${p}`;
  }

  /** `GET {uri}/v1/config?warehouse=` (no prefix on this route). */
  static config(baseUri: string, warehouse: string | undefined): string {
    const base = `${baseUri.replace(/\/+$/, '')}/v1/config`;
    return warehouse === undefined ? base : `${base}?warehouse=${encodeURIComponent(warehouse)}`;
  }

  /** `{uri}/v1/oauth/tokens`, the spec's default token endpoint. */
  static oauthTokens(baseUri: string): string {
    return `${baseUri.replace(/\/+$/, '')}/v1/oauth/tokens`;
  }

  namespaces(): string {
    return `${this.root}/namespaces`;
  }

  namespace(ns: Namespace): string {
    return `${this.root}/namespaces/${encodeNamespace(ns)}`;
  }

  tables(ns: Namespace): string {
    return `${this.namespace(ns)}/tables`;
  }

  table(id: TableIdentifier): string {
    return `${this.tables(id.namespace)}/${encodeURIComponent(id.name)}`;
  }
}
