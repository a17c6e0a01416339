// Shared helpers for the blind2 generator and scorer (no loglake code is imported).

/** mulberry32: a small deterministic PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    hex: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(next() * 16)];
      return s;
    },
    alnum: (n) => {
      const al = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
      let s = '';
      for (let i = 0; i < n; i++) s += al[Math.floor(next() * al.length)];
      return s;
    },
  };
}

export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const k = a.slice(2);
      const v = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
      out[k] = v;
    }
  }
  return out;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Epoch microseconds (as Number; safe up to 2^53) → pieces in UTC. */
export function parts(us) {
  const d = new Date(Math.floor(us / 1000));
  return {
    Y: d.getUTCFullYear(), M: pad(d.getUTCMonth() + 1), D: pad(d.getUTCDate()),
    h: pad(d.getUTCHours()), m: pad(d.getUTCMinutes()), s: pad(d.getUTCSeconds()),
    ms: pad(Math.floor(us / 1000) % 1000, 3), us6: pad(us % 1000000, 6),
    mon: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()],
  };
}

/** RFC 3339 with nanoseconds (Docker json-file `time`, containerd CRI): us + 3 extra digits. */
export function rfc3339nano(us, extraNs = '000') {
  const p = parts(us);
  return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.us6}${extraNs}Z`;
}

/** RFC 3339 nanoseconds in a fixed offset zone (CRI-O writes local time with offset). */
export function rfc3339nanoOffset(us, offsetMin, extraNs = '000') {
  const p = parts(us + offsetMin * 60 * 1e6);
  const sign = offsetMin >= 0 ? '+' : '-';
  const a = Math.abs(offsetMin);
  return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.us6}${extraNs}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

export function isoMs(us) {
  const p = parts(us);
  return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.ms}Z`;
}

export function isoUs(us) {
  const p = parts(us);
  return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.us6}Z`;
}

export { pad };

/** Normalization used for severity comparison (docs/schema.md: normalized names). */
export function normSeverity(s) {
  if (s == null) return null;
  return String(s).toUpperCase();
}

/** Kafka ApiKeys enum name (JOIN_GROUP) vs display name (JoinGroup): compare without case and underscores. */
export function normApi(s) {
  return s == null ? null : String(s).replace(/_/g, '').toLowerCase();
}
