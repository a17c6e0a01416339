import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { discoverFiles, discoverSources, rotationKey } from './discover.js';
import { pathMetadata } from './path-metadata.js';
import { LoglakeError } from '../core/errors.js';

const ID = 'a'.repeat(64);
const CID = 'b'.repeat(64);

function nodeTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'loglake-discover-'));
  // docker: live file, two rotations (one gzipped), runtime files beside them
  const c = join(root, 'var/lib/docker/containers', ID);
  mkdirSync(c, { recursive: true });
  writeFileSync(join(c, `${ID}-json.log`), '{"log":"live\\n","stream":"stdout","time":"2026-01-01T00:00:03Z"}\n');
  writeFileSync(join(c, `${ID}-json.log.1`), '{"log":"older\\n","stream":"stdout","time":"2026-01-01T00:00:02Z"}\n');
  writeFileSync(join(c, `${ID}-json.log.2.gz`), gzipSync('{"log":"oldest\\n","stream":"stdout","time":"2026-01-01T00:00:01Z"}\n'));
  writeFileSync(join(c, 'config.v2.json'), JSON.stringify({ ID, Name: '/kafka-2', Config: { Image: 'apache/kafka:3.7.0', Hostname: 'kafka-2', Labels: { 'com.docker.compose.service': 'kafka' } } }));
  for (const f of ['hostconfig.json', 'hosts', 'resolv.conf', 'hostname']) writeFileSync(join(c, f), 'x\n');
  // kubernetes: pods tree with dated rotation, containers/ symlink into it
  const pd = join(root, 'var/log/pods/spark-team-a_taxi-driver_0c1d2e3f-1111-2222-3333-444455556666/spark-kubernetes-driver');
  mkdirSync(pd, { recursive: true });
  writeFileSync(join(pd, '0.log'), '2026-01-01T00:00:03Z stdout F live\n');
  writeFileSync(join(pd, '0.log.20260101-000002'), '2026-01-01T00:00:02Z stdout F older\n');
  writeFileSync(join(pd, '0.log.20260101-000001.gz'), gzipSync('2026-01-01T00:00:01Z stdout F oldest\n'));
  const cd = join(root, 'var/log/containers');
  mkdirSync(cd, { recursive: true });
  symlinkSync(join(pd, '0.log'), join(cd, `taxi-driver_spark-team-a_spark-kubernetes-driver-${CID}.log`));
  return root;
}

test('directories: runtime files skipped, rotations oldest first, live file last', () => {
  const root = nodeTree();
  const files = discoverFiles([join(root, 'var/lib/docker/containers')]);
  assert.deepEqual(files.map((f) => basename(f.realPath)), [`${ID}-json.log.2.gz`, `${ID}-json.log.1`, `${ID}-json.log`]);
  assert.equal(files[0]!.gzip, true);
});

test('kubernetes: dated rotations in order, and a file reached through /var/log/containers is read once', () => {
  const root = nodeTree();
  const files = discoverFiles([join(root, 'var/log/pods'), join(root, 'var/log/containers')]);
  assert.deepEqual(files.map((f) => basename(f.realPath)), ['0.log.20260101-000001.gz', '0.log.20260101-000002', '0.log']);
  const live = files[2]!;
  assert.equal(live.paths.length, 2, 'both the pods path and the containers link');
  const meta = pathMetadata(live.paths);
  assert.equal(meta.namespace, 'spark-team-a');
  assert.equal(meta.pod, 'taxi-driver');
  assert.equal(meta.podUid, '0c1d2e3f-1111-2222-3333-444455556666');
  assert.equal(meta.container, 'spark-kubernetes-driver');
  assert.equal(meta.containerId, CID);
  assert.equal(meta.restartCount, 0);
});

test('docker metadata comes from config.v2.json beside the log', () => {
  const root = nodeTree();
  const files = discoverFiles([join(root, 'var/lib/docker/containers')]);
  const meta = pathMetadata(files[2]!.paths);
  assert.equal(meta.containerId, ID);
  assert.equal(meta.dockerName, 'kafka-2');
  assert.equal(meta.image, 'apache/kafka:3.7.0');
  assert.equal(meta.labels?.['com.docker.compose.service'], 'kafka');
});

test('globs and explicit files; a missing input is a clear INPUT_NOT_FOUND error', () => {
  const root = nodeTree();
  const files = discoverFiles([join(root, 'var/lib/docker/containers/*/*-json.log*')]);
  assert.equal(files.length, 3);
  const explicit = discoverFiles([join(root, 'var/lib/docker/containers', ID, 'hosts')]);
  assert.equal(explicit.length, 1, 'a file named explicitly is read even if it is a runtime file name');
  assert.throws(() => discoverFiles([join(root, 'nope')]), (e: unknown) => e instanceof LoglakeError && e.code === 'INPUT_NOT_FOUND');
  assert.throws(() => discoverFiles([join(root, 'nope/*.log')]), (e: unknown) => e instanceof LoglakeError && e.code === 'INPUT_NOT_FOUND');
});

test('rotation keys', () => {
  assert.deepEqual(rotationKey('/x/app.log.3.gz'), { base: '/x/app.log', rank: 3, dated: undefined });
  assert.deepEqual(rotationKey('/x/0.log.20250219-233547'), { base: '/x/0.log', rank: 1, dated: '20250219-233547' });
  assert.equal(rotationKey('/x/0.log').rank, 0);
});

test("Fluent Bit S3 layout: the seed's spark-app-selector folder and pod name come from the path", () => {
  const meta = pathMetadata(['/b/spark-on-eks/spark-application-logs/spark-team-a/spark-1b3b78e281664cefb74ca64a1ed5a2d9/taxi-trip-ebs-pvc-exec-1/taxi-trip-ebs-pvc-exec-1_230915_8kTnRfkj.json']);
  assert.equal(meta.sparkAppSelector, 'spark-1b3b78e281664cefb74ca64a1ed5a2d9');
  assert.equal(meta.pod, 'taxi-trip-ebs-pvc-exec-1');
});

test('symlinks: followed into the inputs and the pods tree beside containers/, refused into system paths and elsewhere', () => {
  const root = nodeTree();
  const outside = mkdtempSync(join(tmpdir(), 'loglake-outside-'));
  writeFileSync(join(outside, 'private.log'), 'not yours\n');
  const inDir = join(root, 'var/lib/docker/containers', ID);
  symlinkSync('/etc/hostname', join(inDir, 'etc.log'));
  symlinkSync('/proc/self/environ', join(inDir, 'environ.log'));
  symlinkSync(join(outside, 'private.log'), join(inDir, 'elsewhere.log'));
  symlinkSync(join(inDir, `${ID}-json.log.1`), join(inDir, 'inside.log'));
  const r = discoverSources([join(root, 'var/lib/docker/containers')]);
  assert.deepEqual(r.refused.map((x) => [basename(x.path), x.reason]).sort(), [
    ['elsewhere.log', 'symlink_outside_inputs'], ['environ.log', 'symlink_to_system_path'], ['etc.log', 'symlink_to_system_path']]);
  assert.ok(r.files.some((f) => f.paths.some((p) => p.endsWith('inside.log'))));
  assert.ok(!r.files.some((f) => f.realPath.startsWith('/etc') || f.realPath.startsWith('/proc') || f.realPath.startsWith(outside)));
  // kubelet's containers/ links into the pods tree beside it keep working when only containers/ is named
  const k = discoverSources([join(root, 'var/log/containers')]);
  assert.equal(k.refused.length, 0);
  assert.equal(k.files.length, 1);
  // opt-in
  const all = discoverSources([join(root, 'var/lib/docker/containers')], { followAnySymlink: true });
  assert.equal(all.refused.length, 0);
  assert.ok(all.files.some((f) => f.realPath === join(outside, 'private.log')));
});

test('a named device or /proc file is a clear usage error, not a silent skip', () => {
  for (const p of ['/dev/zero', '/dev/null', '/proc/self/environ']) {
    assert.throws(() => discoverSources([p]), (e: unknown) => e instanceof LoglakeError && e.code === 'USAGE' && e.message.includes(p) && /not a log file|pseudo-filesystem/.test(e.message));
  }
});

test('pods path: a pod uid that is not a UUID (a static pod hash, any name without "_") still gives the pod', () => {
  const meta = pathMetadata(['/var/log/pods/kube-system_etcd-node-1_a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6/etcd/3.log']);
  assert.equal(meta.namespace, 'kube-system');
  assert.equal(meta.pod, 'etcd-node-1');
  assert.equal(meta.container, 'etcd');
  assert.equal(meta.restartCount, 3);
  const other = pathMetadata(['/var/log/pods/shop_payments-0_uid-42/api/0.log']);
  assert.equal(other.pod, 'payments-0');
  assert.equal(other.container, 'api');
});
