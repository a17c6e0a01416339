/**
 * Seeded pseudo-random numbers for the synthetic cluster.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator, 32-bit) seeded through a
 * string hash, so each container can `fork` its own independent stream by name: adding or
 * reordering one generator never changes another one's output. Not cryptographic.
 *
 * Imports nothing internal.
 */

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 32-bit FNV-1a hash, mixed once more so that close strings diverge. */
function hash32(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic random stream. Same seed and same calls → same numbers, on every platform. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly seedText: string;

  /** @param seed integer seed, or the label of a forked stream */
  constructor(seed: number | string) {
    this.seedText = String(seed);
    this.a = hash32(this.seedText, 0x9e3779b9);
    this.b = hash32(this.seedText, 0x243f6a88);
    this.c = hash32(this.seedText, 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  /** An independent stream derived from this one's seed and a name (does not consume numbers). */
  fork(name: string): Rng {
    return new Rng(this.seedText + '/' + name);
  }

  /** Next unsigned 32-bit integer. */
  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One element with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.next() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  /** Exponentially distributed value with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Normally distributed value (Box–Muller). */
  gauss(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normally distributed value whose median is `median`. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.gauss(0, sigma));
  }

  /** `n` lowercase hex characters. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[this.nextU32() & 15];
    return s;
  }

  /** `n` characters of [a-zA-Z0-9]. */
  alnum(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += ALNUM[this.nextU32() % 62];
    return s;
  }

  /** `n` characters of [a-z0-9] (Kubernetes name suffixes). */
  lowerAlnum(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += LOWER_ALNUM[this.nextU32() % 36];
    return s;
  }

  /** A random (version 4 layout) UUID string. */
  uuid(): string {
    const h = this.hex(32);
    const variant = HEX[8 + (this.nextU32() & 3)] as string;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
