import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { canonicalQuery, signGet } from './sigv4-get.js';

const when = new Date(Date.UTC(2026, 2, 2, 10, 15, 30, 123));

/** The SDK's own signer on the same request (path not escaped again, payload unsigned). */
async function sdkHeaders(
  path: string, host: string, extra: Record<string, string>, creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region: string, at = when,
  query: Record<string, string> = {},
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 's3', region, credentials: creds, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const [hostname, port] = host.split(':');
  const r = await signer.sign(
    { method: 'GET', protocol: 'https:', hostname: hostname!, port: port ? Number(port) : undefined, path, headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...extra }, query },
    { signingDate: at },
  );
  return r.headers as Record<string, string>;
}

test('the lean GET signature is the SDK signer\'s, header for header', async () => {
  const cases: { path: string; host: string; extra: Record<string, string>; creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; region: string }[] = [
    { path: '/logs/spark-team-a/spark-1b3b/pod-1/0000.json', host: '127.0.0.1:9000', extra: { 'if-match': '"44bd77fb40b1795a81755c8009bd7070"' }, creds: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, region: 'us-east-1' },
    { path: '/odd/a%20b%2Bc%281%29%21.json', host: 'logs.s3.eu-west-1.amazonaws.com', extra: { 'x-amz-meta-note': '  spaced   out\tvalue ' }, creds: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token/with+chars==' }, region: 'eu-west-1' },
  ];
  for (const c of cases) {
    const ours = signGet({ host: c.host, path: c.path, headers: c.extra }, c.creds, c.region, 's3', when);
    const sdk = await sdkHeaders(c.path, c.host, c.extra, c.creds, c.region);
    assert.deepEqual(ours, sdk, c.path);
  }
});

test('a listing query is signed as the SDK signs it (names sorted, values RFC 3986-escaped)', async () => {
  const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'tok' };
  const queries: Record<string, string>[] = [
    { 'list-type': '2', prefix: 'spark-team-a/', 'max-keys': '1000' },
    { 'list-type': '2', prefix: 'odd key/ü+(1)!*~', 'continuation-token': '1/ab+cd==', 'encoding-type': 'url', 'start-after': "a'b" },
  ];
  for (const q of queries) {
    const ours = signGet({ host: '127.0.0.1:9000', path: '/bkt', headers: {}, query: canonicalQuery(q) }, creds, 'us-east-1', 's3', when);
    assert.deepEqual(ours, await sdkHeaders('/bkt', '127.0.0.1:9000', {}, creds, 'us-east-1', when, q), JSON.stringify(q));
  }
  assert.equal(canonicalQuery({ b: '1', a: 'x y', c: undefined as unknown as string }), 'a=x%20y&b=1');
});

test('the signing key follows the day and the credentials (no stale key from a cache)', async () => {
  const creds = { accessKeyId: 'AKID', secretAccessKey: 'one' };
  const req = { host: 'h', path: '/b/k', headers: {} };
  const a = signGet(req, creds, 'us-east-1', 's3', when);
  const b = signGet(req, { ...creds, secretAccessKey: 'two' }, 'us-east-1', 's3', when);
  const nextDay = new Date(when.getTime() + 86_400_000);
  const c = signGet(req, creds, 'us-east-1', 's3', nextDay);
  assert.notEqual(a.authorization, b.authorization);
  assert.notEqual(a.authorization, c.authorization);
  assert.equal(b.authorization, (await sdkHeaders('/b/k', 'h', {}, { ...creds, secretAccessKey: 'two' }, 'us-east-1', when)).authorization);
  assert.equal(c.authorization, (await sdkHeaders('/b/k', 'h', {}, creds, 'us-east-1', nextDay)).authorization);
});
