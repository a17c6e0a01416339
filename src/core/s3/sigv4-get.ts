/**
 * AWS Signature Version 4 for the lean GET (light-get.ts): a `GET` without a body
 * (`x-amz-content-sha256: UNSIGNED-PAYLOAD`), signed synchronously with node's crypto and a
 * signing key derived once per day, region and credentials. The SDK's signer
 * (`@smithy/signature-v4`) derives and hashes anew at every request through a chain of promises,
 * about 25 µs of CPU per GET — for thousands of small objects, more than reading one. The output
 * is the same header set (`sigv4-get.test.ts` compares it with the SDK signer's).
 */
import { createHash, createHmac } from 'node:crypto';

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

let cachedKey: { id: string; key: Buffer } | undefined;

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = `${secret}\n${day}\n${region}\n${service}`;
  if (cachedKey?.id === id) return cachedKey.key;
  const kDate = createHmac('sha256', `AWS4${secret}`).update(day).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  const key = createHmac('sha256', kService).update('aws4_request').digest();
  cachedKey = { id, key };
  return key;
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

/** A header value as SigV4 canonicalizes it: trimmed, inner runs of spaces made one. */
function canonicalValue(v: string): string {
  return /^\S(?:\S| (?! ))*$/.test(v) ? v : v.trim().replace(/\s+/g, ' ');
}

/**
 * The headers to send: `headers` plus `host`, `x-amz-date`, `x-amz-content-sha256`,
 * `x-amz-security-token` (temporary credentials) and `authorization`.
 */
export function signGet(req: GetToSign, creds: SigningCredentials, region: string, service = 's3', now = new Date()): Record<string, string> {
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const h: Record<string, string> = { ...req.headers, host: req.host, 'x-amz-date': date, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  if (creds.sessionToken) h['x-amz-security-token'] = creds.sessionToken;
  const names = Object.keys(h).sort();
  let canonicalHeaders = '';
  for (const n of names) canonicalHeaders += `${n}:${canonicalValue(h[n]!)}\n`;
  const signed = names.join(';');
  const canonical = `GET\n${req.path}\n\n${canonicalHeaders}\n${signed}\nUNSIGNED-PAYLOAD`;
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', signingKey(creds.secretAccessKey, day, region, service)).update(toSign).digest('hex');
  h.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`;
  return h;
}
