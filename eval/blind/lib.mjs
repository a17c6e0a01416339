// Shared helpers for the loglake evaluation set: seeded randomness, runtime envelopes
// (Docker json-file, Kubernetes CRI, Fluent Bit records, plain files) that remember the byte
// offset of every physical line, and the loglake CLI runner used by the scorers.
// Written from the formats' documentation only (see README.md), not from loglake's code.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';

/** mulberry32: small, fast, seedable PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    hex: (n) => { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(next() * 16)]; return s; },
    uuid: () => { const h = r.hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`; },
    // Poisson via inversion (small lambda) or normal approximation (large lambda)
    poisson: (lambda) => {
      if (lambda <= 0) return 0;
      if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(next)));
      const L = Math.exp(-lambda); let k = 0; let p = 1;
      do { k++; p *= next(); } while (p > L);
      return k - 1;
    },
  };
  return r;
}
function gauss(next) {
  const u = Math.max(next(), 1e-12); const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** RFC 3339 with nanoseconds, as dockerd and containerd write it (UTC, "Z"). */
export function rfc3339Nano(ms, extraNs = 0) {
  const d = new Date(Math.floor(ms));
  const base = d.toISOString().slice(0, 19);
  const frac = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6) + extraNs; // ns within the second
  return `${base}.${String(Math.min(frac, 999999999)).padStart(9, '0')}Z`;
}
export const isoMs = (ms) => new Date(ms).toISOString();
const pad = (n, w = 2) => String(n).padStart(w, '0');
/** log4j %d{ISO8601} / Kafka's [%d]: "yyyy-MM-dd HH:mm:ss,SSS" (UTC zone in our containers). */
export function log4jDate(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`;
}
/** Spark's log4j2 template %d{yy/MM/dd HH:mm:ss}. */
export function sparkDate(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear() % 100)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
/** PostgreSQL %t ("2026-03-02 08:00:00 UTC") and %m (with milliseconds). */
export function pgT(ms) { return log4jDate(ms).slice(0, 19) + ' UTC'; }
export function pgM(ms) { return log4jDate(ms).replace(',', '.') + ' UTC'; }
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** Common Log Format %t: [02/Mar/2026:08:00:01 +0000]. */
export function clfDate(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
/** BSD syslog (RFC 3164) timestamp: "Mar  2 08:00:01". */
export function bsdDate(ms) {
  const d = new Date(ms);
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
/** nginx error_log time: 2026/03/02 08:00:01 */
export function nginxErrDate(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
/** Apache error log time: Mon Mar 02 08:00:01.123456 2026 */
export function apacheErrDate(ms) {
  const d = new Date(ms);
  return `${DOW[d.getUTCDay()]} ${MON[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000 ${d.getUTCFullYear()}`;
}

/**
 * A log file being generated. `envelope` is one of docker-json, cri, fluentbit, plain.
 * Every event records the byte offset of its first physical line (what loglake keeps as
 * source_offset) and the offsets of all its other physical lines.
 */
export class LogFile {
  constructor(root, rel, envelope, meta = {}) {
    this.root = root; this.rel = rel; this.envelope = envelope; this.meta = meta;
    this.chunks = []; this.offset = 0; this.events = []; this.aliases = [];
  }
  _phys(str) {
    const b = Buffer.from(str + '\n', 'utf8');
    const at = this.offset;
    this.chunks.push(b); this.offset += b.length;
    return at;
  }
  /**
   * Write one event. `text` may contain \n (multi-line event: one physical line per text line,
   * except in Fluent Bit records where the whole event is one record).
   * opts: { stream, rtMs (runtime time, ms), expected, family, partial (split the first line into
   *   16 KiB-style parts: CRI P/F, Docker records without "\n"), interleave: { after, text, opts }
   *   (write another stream's event after physical line `after` of this one), noLastLine, lastText }
   * Returns the event record (also kept in this.events) or null when opts.noTruth.
   */
  write(text, opts) {
    const stream = opts.stream ?? 'stdout';
    const rt = opts.rtMs;
    const lines = text.split('\n');
    const offsets = [];
    if (this.envelope === 'docker-json') {
      lines.forEach((l, i) => {
        const time = rfc3339Nano(rt, i * 1000);
        if (i === 0 && opts.partial && Buffer.byteLength(l) > opts.partial) {
          // dockerd splits a line longer than its 16 KiB buffer: every part but the last lacks "\n"
          const parts = [];
          for (let k = 0; k < l.length; k += opts.partial) parts.push(l.slice(k, k + opts.partial));
          parts.forEach((p, j) => {
            const o = this._phys(JSON.stringify({ log: j < parts.length - 1 ? p : p + '\n', stream, time }));
            if (j === 0) offsets.push(o); else (opts._extra ??= []).push(o);
          });
        } else {
          offsets.push(this._phys(JSON.stringify({ log: l + '\n', stream, time })));
        }
        if (opts.interleave && i === opts.interleave.after) this.write(opts.interleave.text, opts.interleave.opts);
      });
    } else if (this.envelope === 'cri') {
      lines.forEach((l, i) => {
        const ts = rfc3339Nano(rt, i * 1000);
        if (i === 0 && opts.partial && l.length > opts.partial) {
          // CRI partial lines: P tags for all parts but the last, which is F
          const parts = [];
          for (let k = 0; k < l.length; k += opts.partial) parts.push(l.slice(k, k + opts.partial));
          parts.forEach((p, j) => {
            const o = this._phys(`${ts} ${stream} ${j < parts.length - 1 ? 'P' : 'F'} ${p}`);
            if (j === 0) offsets.push(o); else (opts._extra ??= []).push(o);
          });
        } else {
          offsets.push(this._phys(`${ts} ${stream} F ${l}`));
        }
        if (opts.interleave && i === opts.interleave.after) this.write(opts.interleave.text, opts.interleave.opts);
      });
    } else if (this.envelope === 'fluentbit') {
      const rec = { date: rt / 1000, time: rfc3339Nano(rt), stream, logtag: 'F', log: text, kubernetes: this.meta.kubernetes };
      offsets.push(this._phys(JSON.stringify(rec)));
    } else { // plain
      lines.forEach((l) => offsets.push(this._phys(l)));
    }
    if (opts.noTruth) return null;
    const ev = {
      file: this.rel,
      offset: offsets[0],
      line_offsets: [...offsets.slice(1), ...(opts._extra ?? [])],
      family: opts.family,
      envelope: this.envelope,
      multiline: lines.length > 1,
      lines: lines.length,
      first_line: lines[0],
      last_line: opts.noLastLine ? null : (opts.lastText ?? lines.filter((l) => l.trim()).pop()),
      expected: opts.expected ?? {},
    };
    this.events.push(ev);
    return ev;
  }
  flush() {
    const full = path.join(this.root, this.rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, Buffer.concat(this.chunks));
    for (const a of this.aliases) {
      const af = path.join(this.root, a);
      fs.mkdirSync(path.dirname(af), { recursive: true });
      try { fs.unlinkSync(af); } catch { /* absent */ }
      fs.symlinkSync(path.relative(path.dirname(af), full), af);
    }
  }
}

export function writeJson(file, obj) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(obj, null, 2));
}

/** Docker's config.v2.json beside a json-file log (only the keys a log reader would use). */
export function dockerConfig({ id, name, image, hostname, labels = {}, env = [], created }) {
  return {
    ID: id, Created: created, Name: '/' + name, Path: '/entrypoint.sh', Args: [],
    Config: { Hostname: hostname, Image: image, Env: env, Labels: labels },
    Image: 'sha256:' + crypto.createHash('sha256').update(image).digest('hex'),
    LogPath: `/var/lib/docker/containers/${id}/${id}-json.log`,
    HostConfig: { LogConfig: { Type: 'json-file', Config: {} } },
    State: { Running: true, StartedAt: created },
  };
}

export const LOGLAKE = process.env.LOGLAKE_BIN ?? new URL('../../bin/loglake.js', import.meta.url).pathname;

/** Run the loglake CLI; throws with stderr on a non-zero exit unless allowFail. */
export function loglake(args, { allowFail = false, maxBuffer = 1 << 30 } = {}) {
  const r = spawnSync(process.execPath, [LOGLAKE, ...args], { encoding: 'utf8', maxBuffer });
  if (r.status !== 0 && !allowFail) {
    throw new Error(`loglake ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  }
  return r;
}

/** `loglake query --format json` → array of row objects (one JSON object per line). */
export function queryRows(warehouse, sql) {
  const r = loglake(['query', '--warehouse', warehouse, '--format', 'json', sql]);
  return r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

export function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { (out._ ??= []).push(a); continue; }
    const k = a.slice(2);
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) out[k] = true; else { out[k] = v; i++; }
  }
  return out;
}
