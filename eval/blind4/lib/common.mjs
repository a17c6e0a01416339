// Shared helpers: seeded PRNG, time formatting, Docker json-file writer with line/offset bookkeeping.
import fs from 'node:fs';
import path from 'node:path';

export function rng(seed) {
  let a = (seed >>> 0) || 1;
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0;
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
    weighted: (pairs) => { // [[weight, value], ...]
      const tot = pairs.reduce((s, p) => s + p[0], 0);
      let x = next() * tot;
      for (const [w, v] of pairs) { if ((x -= w) < 0) return v; }
      return pairs[pairs.length - 1][1];
    },
    uuid: () => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${'89ab'[Math.floor(next() * 4)]}${r.hex(3)}-${r.hex(12)}`,
  };
  return r;
}

export const pad = (n, w = 2) => String(n).padStart(w, '0');
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Broken-down local time for epoch ms at a fixed UTC offset (minutes). */
export function parts(ms, offMin = 0) {
  const d = new Date(ms + offMin * 60000);
  return { Y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), H: d.getUTCHours(), M: d.getUTCMinutes(), S: d.getUTCSeconds(), ms: d.getUTCMilliseconds() };
}

/** C/Python strftime subset used by the generators (%Y %m %d %H %M %S %z %b %y). */
export function strftime(ms, fmt, offMin = 0) {
  const p = parts(ms, offMin);
  const z = (offMin < 0 ? '-' : '+') + pad(Math.floor(Math.abs(offMin) / 60)) + pad(Math.abs(offMin) % 60);
  return fmt.replace(/%([YmdHMSzby%])/g, (_, c) => ({
    Y: String(p.Y), m: pad(p.m), d: pad(p.d), H: pad(p.H), M: pad(p.M), S: pad(p.S), z, b: MON[p.m - 1], y: pad(p.Y % 100), '%': '%',
  })[c]);
}

/** Go time.RFC3339Nano in UTC (trailing zeros of the fraction trimmed), as dockerd writes `time`. */
export function rfc3339nano(ms, extraNs = 0) {
  const p = parts(ms, 0);
  let frac = String(p.ms * 1000000 + extraNs).padStart(9, '0').replace(/0+$/, '');
  return `${p.Y}-${pad(p.m)}-${pad(p.d)}T${pad(p.H)}:${pad(p.M)}:${pad(p.S)}${frac ? '.' + frac : ''}Z`;
}

export const isoMs = (ms) => new Date(ms).toISOString();

/**
 * One container: accumulates physical lines (each a Docker json-file record) and truth events.
 * emit(stream, ms, text, truth): text may contain \n (one record per line, like dockerd's line splitting).
 */
export class Container {
  constructor({ id, name, image, labels = {}, env = [], hostname, cmd = [] }) {
    Object.assign(this, { id, name, image, labels, env, hostname: hostname ?? id.slice(0, 12), cmd });
    this.records = []; // {stream, ms, ns, line}
    this.events = [];
  }
  emit(stream, ms, text, truth) {
    const lines = text.split('\n');
    const first = this.records.length;
    let ns = 0;
    for (const line of lines) {
      // dockerd reads a stream through a 16 KiB buffer: a longer line becomes several records, all but
      // the last without the trailing newline (partial messages; the generators keep such lines ASCII).
      const chunks = [];
      for (let i = 0; i < line.length; i += 16384) chunks.push(line.slice(i, i + 16384));
      if (!chunks.length) chunks.push('');
      chunks.forEach((chunk, k) => {
        ns += 1000 + Math.floor(((ms * 7 + this.records.length * 13) % 97) * 1000);
        this.records.push({ stream, ms, ns, line: chunk, partial: k < chunks.length - 1 });
      });
    }
    if (truth) this.events.push({ first, last: first + lines.length - 1, stream, ...truth });
  }
  write(root) {
    const dir = path.join(root, 'var/lib/docker/containers', this.id);
    fs.mkdirSync(dir, { recursive: true });
    const rel = path.join('var/lib/docker/containers', this.id, `${this.id}-json.log`);
    const offsets = [];
    let off = 0;
    const chunks = [];
    for (const r of this.records) {
      // dockerd's jsonlog escapes <, >, & like Go's encoding/json.
      const s = JSON.stringify({ log: r.partial ? r.line : r.line + '\n', stream: r.stream, time: rfc3339nano(r.ms, r.ns) })
        .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026') + '\n';
      offsets.push(off);
      off += Buffer.byteLength(s);
      chunks.push(s);
    }
    fs.writeFileSync(path.join(root, rel), chunks.join(''));
    const created = rfc3339nano(this.records.length ? this.records[0].ms - 1500 : 0);
    const cfg = {
      StreamConfig: {}, State: { Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 4242, ExitCode: 0, Error: '', StartedAt: created, FinishedAt: '0001-01-01T00:00:00Z', Health: null },
      ID: this.id, Created: created, Managed: false, Path: this.cmd[0] ?? '', Args: this.cmd.slice(1),
      Config: { Hostname: this.hostname, Domainname: '', User: '', AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false, OpenStdin: false, StdinOnce: false, Env: this.env, Cmd: this.cmd, Image: this.image, Volumes: null, WorkingDir: '/app', Entrypoint: null, OnBuild: null, Labels: this.labels },
      Image: 'sha256:' + this.id.split('').reverse().join(''), NetworkSettings: {}, LogPath: '/' + rel, Name: '/' + this.name, Driver: 'overlay2', OS: 'linux', RestartCount: 0, HasBeenStartedBefore: true, HasBeenManuallyStopped: false, MountPoints: {}, AppArmorProfile: 'docker-default', HostnamePath: `/var/lib/docker/containers/${this.id}/hostname`, HostsPath: `/var/lib/docker/containers/${this.id}/hosts`, ResolvConfPath: `/var/lib/docker/containers/${this.id}/resolv.conf`,
    };
    fs.writeFileSync(path.join(dir, 'config.v2.json'), JSON.stringify(cfg));
    fs.writeFileSync(path.join(dir, 'hostconfig.json'), JSON.stringify({ LogConfig: { Type: 'json-file', Config: {} }, RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 } }));
    return this.events.map((e) => ({
      file: rel, container: this.name, first_line: e.first + 1, last_line: e.last + 1, offset: offsets[e.first],
      line_offsets: offsets.slice(e.first, e.last + 1), stream: e.stream, family: e.family, fields: e.fields, tags: e.tags ?? undefined,
    }));
  }
}
