import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, readlink, realpath, rm, lstat, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateCluster, EVENT_START, type GenerateResult, type GroundTruth } from './index.js';

let root: string;
let outA: string;
let resA: GenerateResult;
let gt: GroundTruth;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'loglake-gen-'));
  outA = join(root, 'a');
  resA = await generateCluster({ out: outA, seed: 42, scale: 'small' });
  gt = JSON.parse(await readFile(resA.groundTruthPath, 'utf8')) as GroundTruth;
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every entry of a tree: regular files and symlinks, relative paths with `/`. */
async function walk(dir: string, base = dir, out: string[] = []): Promise<string[]> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, base, out);
    else out.push(relative(base, p).split(sep).join('/'));
  }
  return out.sort();
}

async function treeHash(dir: string): Promise<string> {
  const h = createHash('sha256');
  for (const rel of await walk(dir)) {
    const p = join(dir, rel);
    h.update(rel + '\0');
    h.update((await lstat(p)).isSymbolicLink() ? 'link:' + (await readlink(p)) : await readFile(p));
    h.update('\0');
  }
  return h.digest('hex');
}

/** A file's physical lines (decompressed), without the terminating newlines. */
async function fileLines(rel: string): Promise<Buffer[]> {
  let data = await readFile(join(outA, rel));
  if (rel.endsWith('.gz')) data = gunzipSync(data);
  const lines: Buffer[] = [];
  let from = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, from)) {
    lines.push(data.subarray(from, i));
    from = i + 1;
  }
  assert.equal(from, data.length, `${rel} must end with a newline`);
  return lines;
}

const CRI_LINE = /^(\S+) (stdout|stderr) ([PF]) (.*)$/s;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

interface Decoded {
  /** Logical event texts with their runtime time (ms), per file. */
  events: { t: number; text: string }[];
  bad: number[];
}

/** Decodes a file of any layout into logical events, independently of the writers. */
async function decode(rel: string, layout: string, kind: string): Promise<Decoded> {
  const start = new RegExp(EVENT_START[kind] as string);
  const events: { t: number; text: string }[] = [];
  const bad: number[] = [];
  const addLine = (t: number, text: string): void => {
    const last = events[events.length - 1];
    if (start.test(text) || !last) events.push({ t, text });
    else last.text += '\n' + text;
  };
  const lines = await fileLines(rel);
  let partial = '';
  lines.forEach((buf, i) => {
    const s = buf.toString('utf8');
    if (layout === 'docker') {
      let rec: { log: string; stream: string; time: string };
      try {
        rec = JSON.parse(s) as typeof rec;
      } catch {
        bad.push(i + 1);
        events.push({ t: Number.NaN, text: s });
        return;
      }
      assert.deepEqual(Object.keys(rec), ['log', 'stream', 'time'], `${rel}:${i + 1} key order`);
      assert.match(rec.stream, /^(stdout|stderr)$/);
      assert.match(rec.time, RFC3339);
      if (!rec.log.endsWith('\n')) {
        assert.equal(rec.log.length, 16384, `${rel}:${i + 1} only 16 KiB records may be partial`);
        partial += rec.log;
        return;
      }
      addLine(Date.parse(rec.time), partial + rec.log.slice(0, -1));
      partial = '';
    } else if (layout === 'cri') {
      const m = CRI_LINE.exec(s);
      assert.ok(m, `${rel}:${i + 1} is not a CRI line`);
      const [, ts, , tag, payload] = m as unknown as [string, string, string, string, string];
      if (!RFC3339.test(ts) || Number.isNaN(Date.parse(ts))) bad.push(i + 1);
      if (tag === 'P') {
        assert.equal(payload.length, 16384);
        partial += payload;
        return;
      }
      addLine(Date.parse(ts), partial + payload);
      partial = '';
    } else if (layout === 'fluentbit') {
      const r = JSON.parse(s) as { timestamp: string; log_level: string; message: string; kubernetes: { pod_name: string; namespace_name: string; labels: Record<string, string> } };
      assert.match(r.timestamp, RFC3339);
      assert.match(r.log_level, /^(INFO|WARN|ERROR)$/);
      assert.equal(r.kubernetes.namespace_name, 'spark-team-a');
      for (const k of ['app', 'spark-app-selector', 'spark-role', 'spark-app-name', 'spark-version', 'submission-id', 'queue']) assert.ok(r.kubernetes.labels[k], `label ${k}`);
      assert.ok(rel.includes(`/${r.kubernetes.labels['spark-app-selector']}/${r.kubernetes.pod_name}/${r.kubernetes.pod_name}_`));
      events.push({ t: Date.parse(r.timestamp), text: r.message });
    } else {
      const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z) (.*)$/s.exec(s);
      assert.ok(m, `${rel}:${i + 1} is not a docker logs --timestamps line`);
      if (buf.length > 1024 * 1024) bad.push(i + 1);
      addLine(Date.parse(m[1] as string), m[2] as string);
    }
  });
  assert.equal(partial, '', `${rel} ends inside a partial line`);
  return { events, bad };
}

test('same seed gives a byte-identical tree; another seed does not', async () => {
  const again = join(root, 'b');
  await generateCluster({ out: again, seed: 42, scale: 'small' });
  const other = join(root, 'c');
  await generateCluster({ out: other, seed: 43, scale: 'small' });
  const [a, b, c] = await Promise.all([treeHash(outA), treeHash(again), treeHash(other)]);
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('small scale: every layout present, volume in range, result matches ground truth', () => {
  for (const layout of ['docker', 'cri', 'fluentbit', 'stdin']) assert.ok((resA.layouts[layout] ?? 0) > 0, layout);
  assert.ok(resA.lines >= 40_000 && resA.lines <= 80_000, `lines ${resA.lines}`);
  assert.equal(resA.lines, gt.counts.total.lines);
  assert.equal(resA.files, gt.counts.total.files);
  assert.equal(resA.bytes, gt.counts.total.bytes);
  assert.ok((gt.counts.services['taxi-trip']?.events ?? 0) >= 647, 'taxi-trip has at least the seed\'s 647 records');
});

test('Docker container folders look like /var/lib/docker/containers', async () => {
  const dirs = await readdir(join(outA, 'docker/containers'));
  assert.equal(dirs.length, 5);
  const names: string[] = [];
  for (const id of dirs) {
    assert.match(id, /^[0-9a-f]{64}$/);
    const files = await readdir(join(outA, 'docker/containers', id));
    for (const f of ['config.v2.json', 'hostconfig.json', 'hosts', 'resolv.conf', 'hostname', `${id}-json.log`, `${id}-json.log.1`, `${id}-json.log.2.gz`]) assert.ok(files.includes(f), `${id}/${f}`);
    const cfg = JSON.parse(await readFile(join(outA, 'docker/containers', id, 'config.v2.json'), 'utf8')) as { ID: string; Name: string; Config: { Image: string; Labels: Record<string, string> }; LogPath: string };
    assert.equal(cfg.ID, id);
    assert.ok(cfg.Config.Image);
    assert.equal(cfg.Config.Labels['com.docker.compose.service'], cfg.Name.slice(1));
    assert.ok(cfg.Config.Labels['com.docker.compose.project']);
    names.push(cfg.Name);
    const host = JSON.parse(await readFile(join(outA, 'docker/containers', id, 'hostconfig.json'), 'utf8')) as { LogConfig: { Type: string } };
    assert.equal(host.LogConfig.Type, 'json-file');
  }
  assert.deepEqual(names.sort(), ['/kafka-1', '/kafka-2', '/kafka-3', '/orders-api', '/postgres']);
});

test('kubelet symlinks resolve into the pods tree; rotated CRI files exist', async () => {
  const dir = join(outA, 'k8s/var/log/containers');
  const links = await readdir(dir);
  assert.ok(links.length >= 4);
  const pods = await realpath(join(outA, 'k8s/var/log/pods'));
  for (const l of links) {
    assert.match(l, /^[a-z0-9-]+_[a-z0-9-]+_[a-z0-9-]+-[0-9a-f]{64}\.log$/);
    assert.ok((await lstat(join(dir, l))).isSymbolicLink());
    const target = await realpath(join(dir, l));
    assert.ok(target.startsWith(pods + sep), `${l} -> ${target}`);
    assert.ok((await stat(target)).isFile());
  }
  const all = await walk(join(outA, 'k8s/var/log/pods'));
  assert.ok(all.some((p) => /\/0\.log\.\d{8}-\d{6}$/.test(p)), 'a plain rotated file');
  assert.ok(all.some((p) => /\/0\.log\.\d{8}-\d{6}\.gz$/.test(p)), 'a gzipped rotated file');
  assert.ok(all.some((p) => p.startsWith('spark-team-a_')), 'Spark pods in spark-team-a');
});

test('ground-truth counts equal what is on disk, and every line is well-formed', async () => {
  const kinds = new Map(gt.services.map((s) => [s.name, s.kind]));
  const onDisk = (await walk(outA)).filter((p) => p !== 'ground-truth.json' && (/(-json\.log(\.\d+(\.gz)?)?|\/0\.log(\.[\d-]+(\.gz)?)?|\.json|\.txt)$/.test(p)) && !/\/(config\.v2|hostconfig)\.json$/.test(p) && !p.startsWith('k8s/var/log/containers/'));
  assert.deepEqual(gt.counts.files.map((f) => f.path).sort(), onDisk);
  const perService = new Map<string, { lines: number; events: number }>();
  const badFound: string[] = [];
  for (const f of gt.counts.files) {
    const lines = await fileLines(f.path);
    assert.equal(lines.length, f.lines, `${f.path} lines`);
    assert.equal((await stat(join(outA, f.path))).size, f.bytes, `${f.path} bytes`);
    const d = await decode(f.path, f.layout, kinds.get(f.service) as string);
    assert.equal(d.events.length, f.events, `${f.path} events`);
    for (const n of d.bad) badFound.push(`${f.path}:${n}`);
    const s = perService.get(f.service) ?? { lines: 0, events: 0 };
    s.lines += f.lines;
    s.events += f.events;
    perService.set(f.service, s);
  }
  for (const [name, c] of Object.entries(gt.counts.services)) {
    assert.equal(c.lines, perService.get(name)?.lines, name);
    assert.equal(c.events, perService.get(name)?.events, name);
  }
  const layoutLines = Object.values(gt.counts.layouts).reduce((n, c) => n + c.lines, 0);
  assert.equal(layoutLines, gt.counts.total.lines);
  // Every bad line the decoders trip over is declared in the ground truth, and vice versa
  // (except the NUL block, which also fails JSON decoding and is declared).
  assert.deepEqual(badFound.sort(), gt.bad_lines.map((b) => `${b.path}:${b.line}`).sort());
});

test('bad lines are what the ground truth says they are', async () => {
  const kinds = new Set(gt.bad_lines.map((b) => b.kind));
  assert.deepEqual([...kinds].sort(), ['bad_timestamp', 'binary_nul', 'invalid_json', 'over_long']);
  for (const b of gt.bad_lines) {
    const line = (await fileLines(b.path))[b.line - 1] as Buffer;
    if (b.kind === 'binary_nul') assert.ok(line.includes(0));
    if (b.kind === 'invalid_json') assert.throws(() => JSON.parse(line.toString('utf8')));
    if (b.kind === 'bad_timestamp') assert.match(line.toString('utf8'), /^\d{4}-13-/);
    if (b.kind === 'over_long') assert.ok(line.length > 1024 * 1024);
  }
});

test('incidents lie within the period and their expected signals are in the data', async () => {
  const start = Date.parse(gt.start);
  const end = Date.parse(gt.end);
  assert.equal(end - start, 6 * 3_600_000);
  const types = new Set(gt.incidents.map((i) => i.type));
  for (const t of ['broker_restart', 'rebalance_storm', 'pg_lock_contention', 'executor_lost', 'error_spike', 'service_silence']) assert.ok(types.has(t as never), t);
  const kinds = new Map(gt.services.map((s) => [s.name, s.kind]));
  const byService = new Map<string, { t: number; text: string }[]>();
  for (const f of gt.counts.files) {
    const d = await decode(f.path, f.layout, kinds.get(f.service) as string);
    const list = byService.get(f.service) ?? [];
    list.push(...d.events.filter((e) => !Number.isNaN(e.t)));
    byService.set(f.service, list);
  }
  for (const inc of gt.incidents) {
    const s0 = Date.parse(inc.start);
    const s1 = Date.parse(inc.end);
    assert.ok(s0 >= start && s1 <= end && s0 < s1, inc.id);
    for (const sig of inc.expected_signals) {
      const from = sig.start ? Date.parse(sig.start) : s0;
      const to = sig.end ? Date.parse(sig.end) : s1;
      const events = (byService.get(sig.service) ?? []).filter((e) => e.t >= from && e.t < to);
      if (sig.kind === 'silence') {
        // Runtime timestamps trail event times by a few ms; allow the edges.
        assert.equal(events.filter((e) => e.t >= from + 1000 && e.t < to - 1000).length, 0, `${inc.id}: ${sig.description}`);
      } else {
        const re = new RegExp(sig.pattern as string, 'm');
        const n = events.filter((e) => re.test(e.text)).length;
        assert.ok(n >= (sig.min_count ?? 1), `${inc.id}: ${sig.description}: ${n} < ${sig.min_count}`);
      }
    }
  }
});
