/**
 * SigV4 credentials from the AWS default chain, as a pod gets them, in child processes with a clean
 * environment (the chain memoises and reads the environment): EKS Pod Identity (a fake agent on
 * loopback behind AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) and
 * IRSA (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, with a fake STS through AWS_ENDPOINT_URL_STS).
 * The loopback REST catalog re-signs each request with aws4 and accepts only these credentials.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { startRestCatalogServer } from '../../../../../test/helpers/rest-catalog-server.js';
import { pathToFileUri } from '../../io/local-file-io.js';

const dir = mkdtempSync(join(tmpdir(), 'loglake-chain-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const CREDS = { accessKeyId: 'ASIAFAKEPODIDENTITY', secretAccessKey: 'fake-secret-from-the-agent', sessionToken: 'fake-session-token' };
const child = join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../test/helpers/rest-sigv4-child.js');

async function serve(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void>; hits: string[] }> {
  const hits: string[] = [];
  const srv = http.createServer((req, res) => { hits.push(`${req.method} ${req.url}`); handler(req, res); });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, hits, close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }) };
}

/** An environment with no host credentials at all. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return { ...env, AWS_CONFIG_FILE: join(dir, 'none-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none-credentials'), AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}

function runChild(uri: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [child, uri, 'glue', 'eu-west-1'], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

async function catalog() {
  const srv = await startRestCatalogServer({ warehouseLocation: pathToFileUri(join(dir, `wh${Math.random()}`)), auth: { kind: 'sigv4', service: 'glue', region: 'eu-west-1', ...CREDS } });
  after(() => srv.close());
  return srv;
}

test('EKS Pod Identity: credentials from the container credentials agent sign the requests', async () => {
  const srv = await catalog();
  const tokenFile = join(dir, 'eks-pod-identity-token');
  writeFileSync(tokenFile, 'pod-identity-token-xyz');
  const agent = await serve((req, res) => {
    if (req.headers.authorization !== 'pod-identity-token-xyz') { res.writeHead(401).end(); return; }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      AccessKeyId: CREDS.accessKeyId, SecretAccessKey: CREDS.secretAccessKey, Token: CREDS.sessionToken, Expiration: new Date(Date.now() + 3600_000).toISOString(),
    }));
  });
  after(() => agent.close());
  const env = cleanEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${agent.url}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
  const r = await runChild(srv.uri, env);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^ok chain,chain2/);
  assert.ok(agent.hits.length >= 1);
  assert.equal(srv.stats.authFailures, 0);
  assert.deepEqual(srv.violations, []);
  // a wrong agent token: one line naming the chain, no secret
  writeFileSync(tokenFile, 'wrong');
  const bad = await runChild(srv.uri, env);
  assert.equal(bad.code, 1);
  assert.match(bad.out, /^error .*no AWS credentials found in the default chain/);
  assert.doesNotMatch(bad.out, /fake-secret|pod-identity-token/);
});

test('IRSA: a web identity token exchanged at (fake) STS signs the requests', async () => {
  const srv = await catalog();
  const tokenFile = join(dir, 'irsa-token');
  writeFileSync(tokenFile, 'irsa-web-identity-jwt');
  const sts = await serve((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      if (form.get('Action') !== 'AssumeRoleWithWebIdentity' || form.get('WebIdentityToken') !== 'irsa-web-identity-jwt') { res.writeHead(403).end(); return; }
      res.writeHead(200, { 'content-type': 'text/xml' }).end(`<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>
<Credentials><AccessKeyId>${CREDS.accessKeyId}</AccessKeyId><SecretAccessKey>${CREDS.secretAccessKey}</SecretAccessKey><SessionToken>${CREDS.sessionToken}</SessionToken><Expiration>${new Date(Date.now() + 3600_000).toISOString()}</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/loglake/x</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser></AssumeRoleWithWebIdentityResult>
<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`);
    });
  });
  after(() => sts.close());
  const env = cleanEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/loglake', AWS_ENDPOINT_URL_STS: sts.url, AWS_REGION: 'eu-west-1' });
  const r = await runChild(srv.uri, env);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^ok chain,chain2/);
  assert.ok(sts.hits.some((h) => h.startsWith('POST')));
  assert.deepEqual(srv.violations, []);
});
