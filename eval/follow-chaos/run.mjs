#!/usr/bin/env node
// Black-box chaos test of `loglake ingest --follow` (written from README.md / --help only).
//
// A writer appends Docker json-file and Kubernetes CRI lines (unique ids, Java stack traces,
// Docker 16 KiB partials, CRI P/F partials) at a steady rate; a rotator applies logrotate-like
// rotations (rename+create, copytruncate, compress / delaycompress with progressive gzip, rotate N,
// maxsize, plain truncation), pods appear and pod/container directories are deleted; the follower
// is SIGKILLed / SIGTERMed at random moments and restarted. At the end a last follower catches up,
// is stopped with SIGTERM, and the table is checked with `loglake query`.
//
// usage: node eval/follow-chaos/run.mjs --seed 1 --duration 180 --rate 1000 [--mix all|rename|copy|...]
//        [--table-format parquet|iceberg] [--commit-interval 3s] [--keep]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const CLI = path.join(REPO, 'bin/loglake.js');

// ---------- args ----------
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, arr) => {
  if (a.startsWith('--')) acc.push([a.slice(2), arr[i + 1] && !arr[i + 1].startsWith('--') ? arr[i + 1] : 'true']);
  return acc;
}, []));
const SEED = Number(args.seed ?? 1);
const DURATION = Number(args.duration ?? 180) * 1000;
const RATE = Math.min(Number(args.rate ?? 1000), 3000);
const MIX = (args.mix ?? 'all').split(',');
const TABLE_FORMAT = args['table-format'] ?? 'parquet';
const COMMIT_INTERVAL = args['commit-interval'] ?? '3s';
const GRACE_S = 20;
const IDLE_S = 2;
const MAXSIZE = Number(args.maxsize ?? 3 * 1024 * 1024);
const ROTATE_N = Number(args.rotate ?? 4);
const KILLS = args['no-kill'] ? false : true;
const BASE = args.base ?? `/tmp/follow-chaos-s${SEED}-${Date.now()}`;
const RESULTS = path.join(HERE, 'results');

// ---------- PRNG ----------
function mulberry32(a) { return () => { a |= 0; a = (a + 0x6D2B79F5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
const rnd = mulberry32(SEED * 7919 + 17);
const rint = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const T0 = Date.now();
const rel = (t = Date.now()) => ((t - T0) / 1000).toFixed(1);

// ---------- layout ----------
const ROOT = path.join(BASE, 'root');
const DOCKER = path.join(ROOT, 'var/lib/docker/containers');
const PODS = path.join(ROOT, 'var/log/pods');
const CONTAINERS = path.join(ROOT, 'var/log/containers');
const WH = path.join(BASE, 'wh');
const LOGDIR = path.join(BASE, 'followers');
for (const d of [DOCKER, PODS, CONTAINERS, LOGDIR]) fs.mkdirSync(d, { recursive: true });

const timeline = []; // {t, what, src?, detail}
const note = (what, detail = {}) => { timeline.push({ t: Date.now(), what, ...detail }); };

// ---------- truth ----------
// A "gen" is one physical content epoch of a source (what a follower should see as one source).
const events = new Map(); // id -> {id, src, gen, kind, t, nlines, frames, len, stream}
let physLines = 0;
const sources = [];
let srcCounter = 0;

function rfc3339nano(t) { return new Date(t).toISOString().replace(/\.(\d{3})Z$/, (_, ms) => `.${ms}${String(rint(0, 999999)).padStart(6, '0')}Z`); }
function log4jTs(t) { return new Date(t).toISOString().replace('T', ' ').replace(/\.(\d{3})Z$/, ',$1'); }

const POLICIES = {
  rename: { method: 'create', compress: 'none' },
  copy: { method: 'copytruncate', compress: 'none' },
  gz: { method: 'create', compress: 'compress' },
  delaygz: { method: 'create', compress: 'delaycompress' },
  copygz: { method: 'copytruncate', compress: 'delaycompress' },
  kubelet: { method: 'create', compress: 'delaycompress', tsNames: true },
};
function choosePolicy(kind) {
  const names = MIX.includes('all') ? Object.keys(POLICIES) : MIX.filter((m) => POLICIES[m]);
  let candidates = names.filter((n) => kind === 'cri' || n !== 'kubelet');
  if (!candidates.length) candidates = ['rename'];
  const name = pick(candidates);
  return { name, ...POLICIES[name] };
}

function newSource(kind) {
  const n = srcCounter++;
  const tag = (kind === 'docker' ? 'd' : 'p') + n;
  let dir, file, meta;
  if (kind === 'docker') {
    const id = hex(64);
    dir = path.join(DOCKER, id);
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, `${id}-json.log`);
    const name = `svc${n}`;
    fs.writeFileSync(path.join(dir, 'config.v2.json'), JSON.stringify({ ID: id, Name: `/${name}`, Created: new Date().toISOString(), Config: { Hostname: id.slice(0, 12), Image: `example/${name}:1.0`, Labels: { 'com.docker.compose.service': name } }, LogPath: file }));
    fs.writeFileSync(path.join(dir, 'hostconfig.json'), '{}');
    meta = { id, name };
  } else {
    const ns = pick(['default', 'shop', 'payments']);
    const pod = `web${n}-${hex(10).slice(0, 10)}-${hex(5)}`;
    const uid = uuid();
    const container = pick(['app', 'api', 'worker']);
    dir = path.join(PODS, `${ns}_${pod}_${uid}`);
    fs.mkdirSync(path.join(dir, container), { recursive: true });
    file = path.join(dir, container, '0.log');
    const cid = hex(64);
    meta = { ns, pod, uid, container, cid, link: path.join(CONTAINERS, `${pod}_${ns}_${container}-${cid}.log`) };
  }
  const s = { tag, kind, dir, file, meta, seq: 0, fd: fs.openSync(file, 'a'), gen: 0, gens: [], rotating: false, alive: true, rotations: 0, policy: choosePolicy(kind), rotatedFiles: [] };
  if (kind === 'cri') { try { fs.symlinkSync(file, meta.link); } catch {} }
  s.gens.push({ gen: 0, ids: [], paths: [[Date.now(), file]], fate: 'live' });
  sources.push(s);
  note('source-created', { src: tag, file, policy: s.policy.name });
  return s;
}

function eventLines(s, id, t, kind) {
  const wt = t;
  const thread = `worker-${rint(1, 8)}`;
  if (kind === 'stack') {
    const nf = rint(3, 9);
    const sid = id.replace('-', '_');
    const lines = [`${log4jTs(t)} ERROR [${thread}] com.example.svc.Handler - request failed mid=${id} wt=${wt}`,
      `java.lang.IllegalStateException: cannot process ref=${id}`];
    for (let k = 1; k <= nf; k++) lines.push(`\tat com.example.svc.Worker_${sid}.step${k}(Worker.java:${100 + k})`);
    lines.push(`Caused by: java.io.IOException: connection reset ref=${id}`);
    lines.push(`\tat com.example.net.Conn_${sid}.read0(Conn.java:77)`);
    lines.push(`\t... ${nf} more`);
    return { lines, frames: nf + 1, stream: 'stderr' };
  }
  if (kind === 'long') {
    const len = rint(20000, 48000);
    const head = `${log4jTs(t)} INFO [${thread}] com.example.svc.Dump - payload mid=${id} wt=${wt} `;
    const tail = ` END-${id}`;
    const body = 'x'.repeat(Math.max(0, len - head.length - tail.length));
    return { lines: [head + body + tail], long: true, stream: 'stdout', len: (head + body + tail).length };
  }
  const lvl = pick(['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN']);
  return { lines: [`${log4jTs(t)} ${lvl} [${thread}] com.example.svc.Handler - processed order ${rint(1, 1e6)} mid=${id} wt=${wt}`], stream: pick(['stdout', 'stdout', 'stderr']) };
}

function writeEvent(s, kind) {
  const t = Date.now();
  const id = `${s.tag}-${++s.seq}`;
  const ev = eventLines(s, id, t, kind);
  let out = '';
  let nphys = 0;
  for (const line of ev.lines) {
    if (s.kind === 'docker') {
      // dockerd splits messages at 16 KiB: records without "\n" then the last one with it
      const chunks = [];
      for (let i = 0; i < line.length; i += 16384) chunks.push(line.slice(i, i + 16384));
      chunks.forEach((c, i) => { out += JSON.stringify({ log: c + (i === chunks.length - 1 ? '\n' : ''), stream: ev.stream, time: rfc3339nano(t) }) + '\n'; nphys++; });
    } else {
      const chunks = [];
      if (line.length > 16384 || (ev.long)) { let i = 0; while (i < line.length) { const n = rint(4000, 16384); chunks.push(line.slice(i, i + n)); i += n; } } else chunks.push(line);
      chunks.forEach((c, i) => { out += `${rfc3339nano(t)} ${ev.stream} ${i === chunks.length - 1 ? 'F' : 'P'} ${c}\n`; nphys++; });
    }
  }
  fs.writeSync(s.fd, out);
  physLines += nphys;
  const g = s.gens[s.gens.length - 1];
  g.ids.push(id);
  events.set(id, { id, src: s.tag, gen: g.gen, kind, t, nlines: ev.lines.length, nphys, frames: ev.frames ?? 0, len: ev.len ?? null });
}

// ---------- rotation ----------
const rotationCounts = {};
const countRot = (k) => { rotationCounts[k] = (rotationCounts[k] ?? 0) + 1; };
async function gzipProgressive(src, dst) {
  // like logrotate/gzip: the .gz grows while it is written, then the original is removed
  const inp = fs.openSync(src, 'r');
  const out = fs.createWriteStream(dst);
  const gz = zlib.createGzip();
  gz.pipe(out);
  const buf = Buffer.alloc(32768);
  for (;;) {
    const n = fs.readSync(inp, buf, 0, buf.length, null);
    if (n <= 0) break;
    gz.write(Buffer.from(buf.subarray(0, n)));
    await sleep(15);
  }
  fs.closeSync(inp);
  await new Promise((r) => { out.on('close', r); gz.end(); });
  fs.unlinkSync(src);
}

function genOfPath(s, p) { return s.gens.find((g) => g.paths.length && g.paths[g.paths.length - 1][1] === p && g.fate === 'live'); }
function movePath(s, from, to) {
  const g = genOfPath(s, from);
  fs.renameSync(from, to);
  if (g) g.paths.push([Date.now(), to]);
}

async function rotate(s, reason) {
  if (s.rotating || !s.alive) return;
  s.rotating = true;
  try {
    const pol = s.policy;
    s.rotations++;
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15) + String(s.rotations).padStart(2, '0');
    // names of rotated files, newest first
    const rotatedName = pol.tsNames ? `${s.file}.${stamp}` : `${s.file}.1`;
    if (!pol.tsNames) {
      // shift .k(.gz) -> .k+1(.gz), dropping beyond ROTATE_N
      for (let k = ROTATE_N; k >= 1; k--) {
        for (const ext of ['.gz', '']) {
          const p = `${s.file}.${k}${ext}`;
          if (!fs.existsSync(p)) continue;
          if (k === ROTATE_N) { dropFile(s, p, 'rotate-N'); continue; }
          movePath(s, p, `${s.file}.${k + 1}${ext}`);
        }
      }
    } else {
      // kubelet keeps containerLogMaxFiles: drop the oldest
      const rotated = fs.readdirSync(path.dirname(s.file)).filter((f) => f.startsWith('0.log.')).sort();
      while (rotated.length >= ROTATE_N) dropFile(s, path.join(path.dirname(s.file), rotated.shift()), 'rotate-N');
    }
    let kind;
    const cur = s.gens[s.gens.length - 1];
    if (pol.method === 'create') {
      fs.renameSync(s.file, rotatedName);
      cur.paths.push([Date.now(), rotatedName]);
      // the app keeps writing to its old fd for a moment (until it is told to reopen)
      const lag = rint(0, 400);
      const until = Date.now() + lag;
      while (Date.now() < until) { writeEvent(s, 'line'); await sleep(50); }
      const oldFd = s.fd;
      s.fd = fs.openSync(s.file, 'a');
      fs.closeSync(oldFd);
      kind = 'rename+create';
    } else {
      // copytruncate: copy then truncate; done without yielding so no line falls in between
      fs.copyFileSync(s.file, rotatedName);
      fs.truncateSync(s.file, 0);
      cur.paths.push([Date.now(), rotatedName]); cur.copied = true;
      kind = 'copytruncate';
    }
    s.gens.push({ gen: cur.gen + 1, ids: [], paths: [[Date.now(), s.file]], fate: 'live' });
    // compression
    let gzTarget = null;
    if (pol.compress === 'compress') gzTarget = rotatedName;
    if (pol.compress === 'delaycompress') {
      if (pol.tsNames) {
        const rotated = fs.readdirSync(path.dirname(s.file)).filter((f) => f.startsWith('0.log.') && !f.endsWith('.gz')).sort();
        rotated.pop(); // the newest stays uncompressed
        gzTarget = rotated.length ? path.join(path.dirname(s.file), rotated[rotated.length - 1]) : null;
      } else if (fs.existsSync(`${s.file}.2`)) gzTarget = `${s.file}.2`;
    }
    kind += pol.compress === 'none' ? '' : `+${pol.compress}`;
    countRot(kind);
    countRot(`reason:${reason}`);
    note('rotate', { src: s.tag, kind, reason, rotated: rotatedName, gzTarget });
    if (gzTarget) {
      const g = genOfPath(s, gzTarget);
      const t0 = Date.now();
      await gzipProgressive(gzTarget, gzTarget + '.gz');
      if (g) g.paths.push([Date.now(), gzTarget + '.gz']);
      note('gzip-done', { src: s.tag, file: gzTarget + '.gz', ms: Date.now() - t0 });
    }
  } catch (e) {
    note('rotate-error', { src: s.tag, err: String(e) });
  } finally { s.rotating = false; }
}

function dropFile(s, p, why) {
  const g = genOfPath(s, p);
  fs.unlinkSync(p);
  if (g) { g.fate = `deleted(${why})@${rel()}`; g.paths.push([Date.now(), '(deleted)']); }
  countRot(`delete:${why}`);
  note('delete-file', { src: s.tag, file: p, why });
}

async function truncateOnly(s) {
  if (s.rotating || !s.alive) return;
  s.rotating = true;
  try {
    // pause this source so a live follower has read everything, then truncate in place
    s.paused = true;
    await sleep(4000);
    fs.truncateSync(s.file, 0);
    const cur = s.gens[s.gens.length - 1];
    cur.fate = `truncated@${rel()}`;
    cur.paths.push([Date.now(), '(truncated)']);
    s.gens.push({ gen: cur.gen + 1, ids: [], paths: [[Date.now(), s.file]], fate: 'live' });
    countRot('truncate');
    note('truncate', { src: s.tag, file: s.file });
  } finally { s.paused = false; s.rotating = false; }
}

async function retireSource(s) {
  // pod terminated: stop writing, wait a while (kubelet GC), delete the whole directory
  s.alive = false;
  note('source-stopped', { src: s.tag });
  await sleep(rint(6000, 12000));
  while (s.rotating) await sleep(100);
  fs.closeSync(s.fd);
  for (const g of s.gens) if (g.fate === 'live') { g.fate = `dir-deleted@${rel()}`; g.paths.push([Date.now(), '(dir deleted)']); }
  fs.rmSync(s.dir, { recursive: true, force: true });
  if (s.meta.link) fs.rmSync(s.meta.link, { force: true });
  s.deleted = true;
  countRot('dir-delete');
  note('dir-deleted', { src: s.tag, dir: s.dir });
}

// ---------- follower control ----------
let follower = null;
let runNo = 0;
const runs = [];
const commitTimes = [];
function startFollower(extra = []) {
  runNo++;
  const out = path.join(LOGDIR, `run${runNo}.out`);
  const err = path.join(LOGDIR, `run${runNo}.err`);
  const argv = [CLI, 'ingest', PODS, CONTAINERS, DOCKER, '--follow', '--warehouse', WH, '--table-format', TABLE_FORMAT,
    '--commit-interval', COMMIT_INTERVAL, '--shutdown-grace', `${GRACE_S}s`, '--idle-secs', String(IDLE_S), '--cluster', 'chaos', '--json', '--no-progress', ...extra];
  const child = spawn(process.execPath, argv, { cwd: REPO, stdio: ['ignore', fs.openSync(out, 'w'), fs.openSync(err, 'w')] });
  const r = { n: runNo, pid: child.pid, start: Date.now(), out, err, end: null, signal: null, code: null, how: null, stopMs: null };
  runs.push(r);
  child.on('exit', (code, signal) => { r.end = Date.now(); r.code = code; r.signal = signal; if (r.sigAt) r.stopMs = r.end - r.sigAt; });
  follower = { child, r };
  note('follower-start', { run: runNo, pid: child.pid });
  return follower;
}
async function stopFollower(sig) {
  const { child, r } = follower;
  r.how = sig; r.sigAt = Date.now();
  note(`follower-${sig}`, { run: r.n, age_s: ((Date.now() - r.start) / 1000).toFixed(1) });
  if (r.end === null) {
    child.kill(sig);
    const deadline = Date.now() + (GRACE_S + 15) * 1000;
    while (r.end === null && Date.now() < deadline) await sleep(50);
    if (r.end === null) { note('follower-hung', { run: r.n }); child.kill('SIGKILL'); while (r.end === null) await sleep(50); r.hung = true; }
  } else r.diedEarly = true;
  follower = null;
}

// commit observation: the Parquet commit point is the rename of _loglake/state.json
let lastState = 0;
const stateFile = path.join(WH, '_loglake/state.json');
const statePoll = setInterval(() => {
  try { const m = fs.statSync(stateFile).mtimeMs; if (m !== lastState) { lastState = m; commitTimes.push(Date.now()); } } catch {}
}, 100);

// ---------- main ----------
function sh(argv) {
  const r = spawnSync(process.execPath, [CLI, ...argv], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 30 });
  return r;
}
function q(sql) {
  const r = sh(['query', '--warehouse', WH, '--format', 'json', sql]);
  if (r.status !== 0) throw new Error(`query failed (${r.status}): ${r.stderr}\n${sql}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function main() {
  console.log(`follow-chaos seed=${SEED} duration=${DURATION / 1000}s rate=${RATE}/s mix=${MIX} table=${TABLE_FORMAT} base=${BASE}`);
  for (let i = 0; i < 3; i++) newSource('docker');
  for (let i = 0; i < 3; i++) newSource('cri');
  // some history before the first follower starts
  startFollower();
  const tEnd = Date.now() + DURATION;
  let stop = false;
  // writer
  const writer = (async () => {
    const tick = 50;
    let carry = 0;
    while (!stop) {
      const active = sources.filter((s) => s.alive && !s.paused);
      carry += RATE * tick / 1000;
      while (carry >= 1 && active.length) {
        const s = pick(active);
        const r = rnd();
        const kind = r < 0.03 ? 'stack' : r < 0.034 ? 'long' : 'line';
        writeEvent(s, kind);
        carry -= kind === 'stack' ? 8 : 1;
      }
      await sleep(tick);
    }
  })();
  // rotator: maxsize checks + random time-based rotations + truncations
  const rotator = (async () => {
    while (!stop) {
      await sleep(rint(2000, 6000));
      if (stop) break;
      for (const s of sources) {
        if (!s.alive || s.rotating) continue;
        try { if (fs.statSync(s.file).size > MAXSIZE) rotate(s, 'maxsize'); } catch {}
      }
      const live = sources.filter((s) => s.alive && !s.rotating);
      if (!live.length) continue;
      const r = rnd();
      if (r < 0.55) rotate(pick(live), 'timer');
      else if (r < 0.65 && (MIX.includes('all') || MIX.includes('truncate'))) truncateOnly(pick(live));
    }
  })();
  // lifecycle: new pods / containers appear, old ones are deleted
  const lifecycle = (async () => {
    while (!stop) {
      await sleep(rint(20000, 35000));
      if (stop) break;
      const kind = rnd() < 0.5 ? 'docker' : 'cri';
      newSource(kind);
      const live = sources.filter((s) => s.alive);
      if (live.length > 5) retireSource(pick(live));
    }
  })();
  // killer
  while (Date.now() < tEnd) {
    await sleep(rint(4000, 22000));
    if (Date.now() >= tEnd) break;
    if (!KILLS) continue;
    const age = Date.now() - follower.r.start;
    const sig = age > 5000 && rnd() < 0.3 ? 'SIGTERM' : 'SIGKILL';
    await stopFollower(sig);
    await sleep(rint(0, 2500));
    startFollower();
  }
  stop = true;
  await Promise.all([writer, rotator, lifecycle]);
  while (sources.some((s) => s.rotating)) await sleep(100);
  note('writer-stopped');
  const tWriterStop = Date.now();
  // last follower: kill the current one, start one with metrics, wait until it stops reading
  await stopFollower('SIGKILL');
  await sleep(1000);
  const port = 19000 + (SEED % 1000);
  startFollower(['--metrics-addr', `127.0.0.1:${port}`]);
  let last = '', stableSince = Date.now(), metrics = '';
  const deadline = Date.now() + 240000;
  while (Date.now() < deadline) {
    await sleep(2000);
    metrics = await new Promise((res) => { http.get(`http://127.0.0.1:${port}/metrics`, (resp) => { let b = ''; resp.on('data', (d) => b += d); resp.on('end', () => res(b)); }).on('error', () => res('')); });
    if (!metrics) continue;
    const key = metrics.split('\n').filter((l) => /^loglake_(lines_read_total|rows_committed_total|lines_merged_total|bytes_read_total)/.test(l)).join('|');
    if (key !== last) { last = key; stableSince = Date.now(); }
    if (Date.now() - stableSince > 15000) break;
  }
  note('caught-up', { s_after_writer_stop: ((Date.now() - tWriterStop) / 1000).toFixed(1) });
  await stopFollower('SIGTERM');
  clearInterval(statePoll);
  fs.writeFileSync(path.join(BASE, 'final-metrics.prom'), metrics);
  await verify(metrics);
}

function pct(a, p) { if (!a.length) return null; const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]; }

async function verify(metrics) {
  const rep = [];
  const say = (s) => { rep.push(s); console.log(s); };
  // rows: ids and whole-event checks
  const rows = q(`SELECT source_path, source_offset, stream, service, namespace, pod, container, length(message) AS mlen,
      regexp_extract_all(message, 'mid=([a-z0-9-]+)', 1) AS mids,
      regexp_extract_all(message, 'Worker_([a-z0-9_]+)\\.step', 1) AS fr1,
      regexp_extract_all(message, 'Conn_([a-z0-9_]+)\\.read0', 1) AS fr2,
      regexp_extract_all(message, 'ref=([a-z0-9-]+)', 1) AS refs,
      strpos(message, '... ') > 0 AS hasmore,
      CASE WHEN message NOT LIKE '%mid=%' THEN left(message, 300) END AS orphan,
      CASE WHEN length(message) > 10000 THEN right(message, 40) END AS tail
    FROM logs`);
  const byId = new Map();
  const orphans = [];
  const stackBad = [];
  const longBad = [];
  const multiMid = [];
  const noMeta = { docker: 0, cri: 0 };
  for (const r of rows) {
    if (r.mids.length === 0) { orphans.push(r); continue; }
    if (r.mids.length > 1) multiMid.push(r);
    for (const id of r.mids) {
      if (!byId.has(id)) byId.set(id, []);
      byId.get(id).push(r);
    }
    const id = r.mids[0];
    const ev = events.get(id);
    if (!ev) continue;
    if (ev.kind === 'stack') {
      const sid = id.replace('-', '_');
      const frames = r.fr1.filter((x) => x === sid).length + r.fr2.filter((x) => x === sid).length;
      const refs = r.refs.filter((x) => x === id).length;
      if (frames !== ev.frames || refs !== 2 || !r.hasmore) stackBad.push({ id, frames, want: ev.frames, refs, hasmore: r.hasmore });
    }
    if (ev.kind === 'long') {
      if (r.mlen < ev.len - 200 || !(r.tail ?? '').endsWith(`END-${id}`)) longBad.push({ id, mlen: r.mlen, want: ev.len, tail: r.tail });
    }
    if (id.startsWith('p') && !r.pod) noMeta.cri++;
  }
  const lost = [], dup = [];
  for (const ev of events.values()) {
    const n = byId.get(ev.id)?.length ?? 0;
    if (n === 0) lost.push(ev); else if (n > 1) dup.push({ ev, n, rows: byId.get(ev.id) });
  }
  const unknown = [...byId.keys()].filter((k) => !events.has(k));
  const srcByTag = Object.fromEntries(sources.map((s) => [s.tag, s]));
  const genOf = (ev) => srcByTag[ev.src].gens.find((g) => g.gen === ev.gen);
  const atRisk = (ev) => { const f = genOf(ev).fate; return f !== 'live'; };
  const lostRisk = lost.filter(atRisk), lostBug = lost.filter((e) => !atRisk(e));
  const counts = { events: events.size, stack: 0, long: 0, line: 0 };
  for (const ev of events.values()) counts[ev.kind]++;

  say(`\n=== follow-chaos seed=${SEED} table=${TABLE_FORMAT} mix=${MIX} duration=${DURATION / 1000}s rate=${RATE}/s commit-interval=${COMMIT_INTERVAL}`);
  say(`written: ${counts.events} events (${counts.line} single lines, ${counts.stack} Java stack traces, ${counts.long} long lines split by the runtime), ${physLines} physical runtime lines, ${sources.length} sources (${sources.filter((s) => s.deleted).length} deleted)`);
  say(`table: ${rows.length} rows; ids found ${byId.size}; rows without any id (split fragments?) ${orphans.length}; rows with >1 id ${multiMid.length}; ids not written by us ${unknown.length}`);
  say(`LOST: ${lost.length} (in content later destroyed by truncation/deletion: ${lostRisk.length}; in content never destroyed: ${lostBug.length})`);
  say(`DUPLICATED: ${dup.length} ids (extra rows ${dup.reduce((a, d) => a + d.n - 1, 0)})`);
  say(`multi-line: stack traces not whole ${stackBad.length} / ${counts.stack}; long (partial-merged) lines not whole ${longBad.length} / ${counts.long}; CRI rows without pod metadata ${noMeta.cri}`);
  const kills = runs.filter((r) => r.how === 'SIGKILL').length, terms = runs.filter((r) => r.how === 'SIGTERM');
  say(`followers: ${runs.length} runs, ${kills} SIGKILL, ${terms.length} SIGTERM (exit codes ${terms.map((r) => `${r.code ?? r.signal}/${(r.stopMs / 1000).toFixed(1)}s`).join(', ')}); died on their own: ${runs.filter((r) => r.diedEarly).map((r) => `run${r.n} code=${r.code} sig=${r.signal}`).join(', ') || 'none'}; hung past grace+15s: ${runs.filter((r) => r.hung).length}`);
  say(`rotations: ${JSON.stringify(rotationCounts)}`);
  // summaries
  let sumRows = 0;
  for (const r of runs.filter((x) => x.how === 'SIGTERM')) {
    const txt = fs.readFileSync(r.out, 'utf8');
    let j = null; try { j = JSON.parse(txt); } catch {}
    if (!j) { say(`  run${r.n} (SIGTERM, exit ${r.code}): no JSON summary on stdout (${txt.length} bytes); stderr: ${fs.readFileSync(r.err, 'utf8').trim().split('\n').slice(-3).join(' | ')}`); continue; }
    const t = j.totals;
    const bal = t.lines === t.rows + t.merged + t.quarantined + t.blank;
    sumRows += t.rows;
    say(`  run${r.n} (SIGTERM after ${((r.sigAt - r.start) / 1000).toFixed(1)}s, exit ${r.code} in ${(r.stopMs / 1000).toFixed(1)}s): lines ${t.lines} = rows ${t.rows} + merged ${t.merged} + quarantined ${t.quarantined} + blank ${t.blank} -> ${bal ? 'balanced' : 'NOT BALANCED'}; balanced=${j.balanced}; commits ${j.commits}; source_errors ${j.source_errors.length}${j.source_errors.length ? ' ' + JSON.stringify(j.source_errors).slice(0, 400) : ''}; quarantine ${JSON.stringify(j.quarantine_reasons)}; held_back_bytes ${j.held_back_bytes}`);
  }
  // errors on stderr of any run
  for (const r of runs) {
    const e = fs.readFileSync(r.err, 'utf8').split('\n').filter((l) => l && !/^loglake: (following|SIGTERM: stopping)/.test(l));
    if (e.length) say(`  run${r.n} stderr (${r.how}): ${e.slice(0, 4).join(' | ').slice(0, 600)}`);
  }
  // quarantine
  try {
    const qr = q(`SELECT * FROM quarantine`);
    const byReason = {};
    for (const r of qr) { const k = r.reason ?? JSON.stringify(r).slice(0, 60); byReason[k] = (byReason[k] ?? 0) + 1; }
    say(`quarantine rows: ${qr.length} ${JSON.stringify(byReason)}`);
    for (const r of qr.slice(0, 8)) say(`  q: ${JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 160) : v])))}`);
  } catch (e) { say(`quarantine query failed: ${String(e).slice(0, 300)}`); }
  // metrics balance of the last follower
  const m = (name) => metrics.split('\n').filter((l) => l.startsWith(name)).reduce((a, l) => a + Number(l.split(' ').pop()), 0);
  say(`last follower metrics: lines_read ${m('loglake_lines_read_total')} rows ${m('loglake_rows_committed_total')} merged ${m('loglake_lines_merged_total')} quarantined ${m('loglake_lines_quarantined_total')} blank ${m('loglake_lines_blank_total')} read_errors ${m('loglake_read_errors_total')}`);
  // plain glob vs view (Parquet)
  if (TABLE_FORMAT === 'parquet') {
    const g = q(`SELECT count(*) AS n FROM read_parquet('${WH}/logs/**/*.parquet', hive_partitioning=true)`)[0].n;
    say(`plain DuckDB glob over the dataset: ${g} rows (view: ${rows.length})`);
    // freshness: row's data file mtime -> first observed commit at/after it, minus write time
    const fr = q(`SELECT filename, regexp_extract(message, 'wt=([0-9]+)', 1) AS wt, regexp_extract(message, 'mid=([a-z0-9-]+)', 1) AS id FROM read_parquet('${WH}/logs/**/*.parquet', filename=true, hive_partitioning=true) WHERE message LIKE '%wt=%'`);
    const mt = new Map();
    const lat = [];
    for (const r of fr) {
      if (!mt.has(r.filename)) { try { mt.set(r.filename, fs.statSync(r.filename).mtimeMs); } catch { mt.set(r.filename, null); } }
      const fm = mt.get(r.filename); if (fm == null || !r.wt || (byId.get(r.id)?.length ?? 0) !== 1) continue;
      const c = commitTimes.find((t) => t >= fm - 5); if (c == null) continue;
      lat.push((c - Number(r.wt)) / 1000);
    }
    say(`freshness (write -> commit observed, s, ids with exactly one row; includes catch-up after kills): n=${lat.length} p50 ${pct(lat, 0.5)?.toFixed(2)} p95 ${pct(lat, 0.95)?.toFixed(2)} p99 ${pct(lat, 0.99)?.toFixed(2)} max ${pct(lat, 1)?.toFixed(2)}; commits observed ${commitTimes.length}`);
  }
  // time from follower start to its first commit (Parquet: state.json changes; Iceberg: snapshots)
  let commits = commitTimes;
  if (TABLE_FORMAT === 'iceberg') { try { commits = q(`SELECT committed_at FROM snapshots ORDER BY committed_at`).map((r) => Date.parse(r.committed_at)); } catch { commits = []; } }
  say(`time to first commit per follower run (s; '-' = none before it was stopped): ${runs.map((r) => { const c = commits.find((t) => t >= r.start + 200); return `run${r.n}${r.how === 'SIGKILL' ? 'K' : 'T'} ${c != null && c <= (r.end ?? Infinity) + 500 ? ((c - r.start) / 1000).toFixed(1) : '-'}`; }).join(', ')}`);
  // details of lost / duplicated ids
  const history = (ev) => {
    const s = srcByTag[ev.src]; const g = genOf(ev);
    const around = timeline.filter((x) => Math.abs(x.t - ev.t) < 15000 && (x.src === ev.src || x.what.startsWith('follower'))).map((x) => `${rel(x.t)} ${x.what}${x.kind ? ' ' + x.kind : ''}${x.run ? ' run' + x.run : ''}${x.file ? ' ' + path.basename(x.file) : ''}`);
    return `src ${s.tag} (${s.kind}, policy ${s.policy.name}) gen ${g.gen} fate ${g.fate} written ${rel(ev.t)}s kind ${ev.kind}; file history: ${g.paths.map(([t, p]) => `${rel(t)} ${p.replace(ROOT, '')}`).join(' -> ')}; around: ${around.join('; ')}`;
  };
  const groupRuns = (list) => {
    // collapse consecutive ids of one src/gen into ranges
    const out = []; let cur = null;
    for (const ev of list.sort((a, b) => a.t - b.t)) {
      const seq = Number(ev.id.split('-')[1]);
      if (cur && cur.src === ev.src && cur.gen === ev.gen && seq <= cur.to + 3) { cur.to = seq; cur.n++; cur.last = ev; } else { cur = { src: ev.src, gen: ev.gen, from: seq, to: seq, n: 1, first: ev, last: ev }; out.push(cur); }
    }
    return out;
  };
  // per generation (one physical content epoch of a source): written, lost, duplicated, where the copies were read
  const short = (p) => p.replace(ROOT, '').replace(/[0-9a-f]{64}/g, (h) => h.slice(0, 6));
  const bad = [];
  for (const s of sources) for (const g of s.gens) {
    let l = 0, d = 0; const where = new Map(); let firstBad = null;
    for (const id of g.ids) {
      const rs = byId.get(id) ?? [];
      if (rs.length === 0) { l++; firstBad ??= id; }
      if (rs.length > 1) { d++; firstBad ??= id; const k = rs.map((r) => path.basename(short(r.source_path))).join(' + '); where.set(k, (where.get(k) ?? 0) + 1); }
    }
    if (l || d) bad.push({ s, g, l, d, where, firstBad });
  }
  if (bad.length) {
    say(`generations with lost or duplicated ids (src gen: written / lost / dup; how the dups were read; file history; events around the first bad id):`);
    for (const b of bad) {
      const ev = events.get(b.firstBad);
      say(`  ${b.s.tag} (${b.s.kind}, policy ${b.s.policy.name}) gen ${b.g.gen}: ${b.g.ids.length} / ${b.l} / ${b.d}${b.where.size ? ' [' + [...b.where].map(([k, n]) => `${k}: ${n}`).join('; ') + ']' : ''}; fate ${b.g.fate}`);
      say(`      history: ${b.g.paths.map(([t, p]) => `${rel(t)}s ${path.basename(short(p))}`).join(' -> ')}`);
      say(`      first bad id ${b.firstBad} written ${rel(ev.t)}s; around: ${timeline.filter((x) => Math.abs(x.t - ev.t) < 20000 && (x.src === ev.src || x.what.startsWith('follower'))).map((x) => `${rel(x.t)} ${x.what}${x.kind ? ' ' + x.kind : ''}${x.run ? ' run' + x.run : ''}`).join('; ')}`);
    }
  }
  if (stackBad.length) { say(`stack traces not whole (first 10):`); for (const b of stackBad.slice(0, 10)) say(`  ${JSON.stringify(b)}; ${history(events.get(b.id))}`); }
  if (longBad.length) { say(`long lines not whole (first 10):`); for (const b of longBad.slice(0, 10)) say(`  ${JSON.stringify(b)}`); }
  if (orphans.length) { say(`rows without an id (first 10):`); for (const o of orphans.slice(0, 10)) say(`  ${o.source_path.replace(ROOT, '')}@${o.source_offset} ${JSON.stringify(o.orphan).slice(0, 200)}`); }
  fs.mkdirSync(RESULTS, { recursive: true });
  const name = `seed${SEED}-${TABLE_FORMAT}-${MIX.join('+')}`;
  fs.writeFileSync(path.join(RESULTS, `${name}.txt`), rep.join('\n') + '\n');
  fs.writeFileSync(path.join(BASE, 'timeline.json'), JSON.stringify(timeline.map((x) => ({ ...x, t: rel(x.t) })), null, 1));
  fs.writeFileSync(path.join(BASE, 'truth.json'), JSON.stringify({ commitTimes: commits, sources: sources.map((s) => ({ tag: s.tag, kind: s.kind, file: s.file, policy: s.policy, gens: s.gens.map((g) => ({ ...g, ids: [g.ids[0], g.ids[g.ids.length - 1], g.ids.length] })) })), runs }, null, 1));
  say(`artifacts: ${BASE} (followers/, timeline.json, truth.json, wh/); report: eval/follow-chaos/results/${name}.txt`);
  if (!args.keep && lost.length === 0 && dup.length === 0) fs.rmSync(ROOT, { recursive: true, force: true });
  process.exitCode = lost.length || dup.length || stackBad.length || longBad.length ? 1 : 0;
}

main().catch((e) => { console.error(e); if (follower) follower.child.kill('SIGKILL'); process.exit(3); });
