/**
 * AWS Signature Version 4 for the lean GET (light-get.ts): a `GET` without a body
 * (`x-amz-content-sha256: UNSIGNED-PAYLOAD`), signed synchronously by `aws4` (a small, widely used
 * signer that keeps the derived signing keys in a cache). The SDK's signer (`@smithy/signature-v4`)
 * derives and hashes anew at every request through a chain of promises, about 25 µs of CPU per
 * GET — for thousands of small objects, more than reading one. The output is the same header set
 * (`sigv4-get.test.ts` compares it with the SDK signer's).
 */
import aws4 from 'aws4';

/** Credentials as the SDK's provider resolves them. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What is signed: a GET of `path` (already URI-escaped) on `host`, with `headers` (lower-case names). */
export interface GetToSign {
  host: string;
  path: string;
  headers: Record<string, string>;
}

let lastDate: { second: number; text: string } | undefined;

/** `20260302T101500Z` of a date (the same second: the text made for it last). */
function amzDate(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (lastDate?.second === second) return lastDate.text;
  const iso = d.toISOString();
  const text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastDate = { second, text };
  return text;
}

/**
 * The headers to send (lower-case names): `headers` plus `host`, `x-amz-date`,
 * `x-amz-content-sha256`, `x-amz-security-token` (temporary credentials) and `authorization`.
 */
export function signGet(req: GetToSign, creds: SigningCredentials, region: string, service = 's3', now = new Date()): Record<string, string> {
  const headers: Record<string, string> = { ...req.headers, host: req.host, 'x-amz-date': amzDate(now), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  const signed = aws4.sign({ method: 'GET', host: req.host, path: req.path, service, region, headers }, creds);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}
