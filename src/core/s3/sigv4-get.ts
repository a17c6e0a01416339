/**
 * AWS Signature Version 4 for the lean S3 requests (light-get.ts, lean-list.ts): a `GET` without a
 * body (`x-amz-content-sha256: UNSIGNED-PAYLOAD`), signed synchronously. The canonical request of
 * such a GET is a handful of lines, so it is written out directly: one SHA-256 of it and one HMAC
 * with the signing key, which is derived once per secret, day, region and service and kept. The
 * SDK's signer (`@smithy/signature-v4`) derives and hashes anew at every request through a chain of
 * promises (≈ 25 µs of CPU per GET) and `aws4` parses the request and builds it generically
 * (≈ 17 µs); this is a few µs. The output is the SDK signer's header set, byte for byte
 * (`sigv4-get.test.ts` compares them, query strings and session tokens included).
 */
import { createHash, createHmac } from 'node:crypto';
import * as nodeCrypto from 'node:crypto';

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
  /** The query string as sent, already canonical (see {@link canonicalQuery}); '' or absent for none. */
  query?: string;
}

/** RFC 3986 escaping (what SigV4 requires of query names and values, and of S3 key segments). */
export function escapeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A query string in SigV4's canonical form (names and values RFC 3986-escaped, sorted by name):
 * send it as it is and sign it with {@link GetToSign.query}.
 */
export function canonicalQuery(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((k) => params[k] !== undefined)
    .map((k) => [escapeRfc3986(k), escapeRfc3986(params[k]!)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

type OneShot = (algorithm: string, data: string, encoding: 'hex') => string;
const oneShot = (nodeCrypto as unknown as { hash?: OneShot }).hash;
/** Hex SHA-256 of a string (Node ≥ 20.12 hashes in one call, without a Hash object). */
const sha256Hex: (s: string) => string = oneShot
  ? (s) => oneShot('sha256', s, 'hex')
  : (s) => createHash('sha256').update(s, 'utf8').digest('hex');

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** The signing key derived last (one per day per client in practice), and a few more. */
let lastKey: { day: string; region: string; service: string; secret: string; key: Buffer } | undefined;
const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const k = lastKey;
  if (k && k.day === day && k.region === region && k.service === service && k.secret === secret) return k.key;
  const id = `${day}\u0000${region}\u0000${service}\u0000${secret}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
    if (signingKeys.size >= 16) signingKeys.clear(); // old days, rotated credentials
    signingKeys.set(id, key);
  }
  lastKey = { day, region, service, secret, key };
  return key;
}

const WHITESPACE = /\s/;

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
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const out: Record<string, string> = { ...req.headers, host: req.host, 'x-amz-date': date, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  if (creds.sessionToken) out['x-amz-security-token'] = creds.sessionToken;
  const names = Object.keys(out).sort();
  let canonicalHeaders = '';
  for (const n of names) {
    const v = out[n]!;
    canonicalHeaders += `${n}:${WHITESPACE.test(v) ? v.trim().replace(/\s+/g, ' ') : v}\n`;
  }
  const signedHeaders = names.join(';');
  const canonical = `GET\n${req.path}\n${req.query ?? ''}\n${canonicalHeaders}\n${signedHeaders}\nUNSIGNED-PAYLOAD`;
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', signingKey(creds.secretAccessKey, day, region, service)).update(toSign, 'utf8').digest('hex');
  out.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return out;
}
