/**
 * Shared shapes of the generator: one application event (possibly multi-line), a time-varying
 * rate profile for realistic traffic, and Poisson arrivals.
 *
 * Imports only the PRNG.
 */
import type { Rng } from './prng.js';

/** Output stream of a container. */
export type Stream = 'stdout' | 'stderr';

/**
 * One logical application event: the text lines one write produced (a Java stack trace, a
 * PostgreSQL ERROR with its DETAIL/STATEMENT lines, a KafkaConfig dump...). `t` is the event time
 * in epoch milliseconds; the runtime timestamps are derived from it.
 */
export interface AppEvent {
  t: number;
  stream: Stream;
  lines: string[];
  /**
   * A deliberately broken physical line: written verbatim (plus `\n`) instead of the runtime's
   * envelope, and reported in the ground truth's `bad_lines` with this reason.
   */
  raw?: { text: string; reason: string; kind: string; binary?: boolean };
}

const HOUR = 3_600_000;

/**
 * Traffic intensity over time: a diurnal curve (trough 03:00 UTC, peak 15:00 UTC) times a slow
 * random walk in 10-minute buckets, so rates drift the way real services do.
 */
export class RateProfile {
  private readonly noise: number[];
  private readonly start: number;
  /** Upper bound of `factor`, for thinning. */
  readonly max: number;

  constructor(rng: Rng, start: number, end: number, jitter = 0.18) {
    this.start = start;
    const buckets = Math.ceil((end - start) / 600_000) + 2;
    this.noise = [];
    let walk = 0;
    for (let i = 0; i < buckets; i++) {
      walk = walk * 0.7 + rng.gauss(0, jitter);
      this.noise.push(Math.exp(walk));
    }
    this.max = Math.max(...this.noise);
  }

  /** Multiplier in (0, max]. */
  factor(t: number): number {
    const hour = (t / HOUR) % 24;
    const bell = (1 - Math.cos((2 * Math.PI * (hour - 3)) / 24)) / 2;
    const bucket = Math.floor((t - this.start) / 600_000);
    const n = this.noise[Math.min(Math.max(bucket, 0), this.noise.length - 1)] as number;
    return (0.45 + 0.55 * bell) * n;
  }
}

/**
 * Event times of a Poisson process with rate `perSecond × profile.factor(t)` on [from, to), by
 * thinning. Returned in increasing order, as integer milliseconds.
 */
export function arrivals(rng: Rng, from: number, to: number, perSecond: number, profile?: RateProfile): number[] {
  const out: number[] = [];
  if (perSecond <= 0 || to <= from) return out;
  const peak = perSecond * (profile ? profile.max : 1);
  const meanGapMs = 1000 / peak;
  let t = from;
  for (;;) {
    t += rng.exp(meanGapMs);
    if (t >= to) break;
    if (profile && rng.next() * profile.max > profile.factor(t)) continue;
    out.push(Math.floor(t));
  }
  return out;
}

/** Regular ticks every `periodMs` (with ±jitterMs), e.g. checkpoints or periodic cleaners. */
export function ticks(rng: Rng, from: number, to: number, periodMs: number, jitterMs = 0): number[] {
  const out: number[] = [];
  for (let t = from + rng.float(0, periodMs); t < to; t += periodMs) {
    const j = jitterMs ? rng.float(-jitterMs, jitterMs) : 0;
    const v = Math.floor(t + j);
    if (v >= from && v < to) out.push(v);
  }
  return out;
}

/** Whether `t` is inside any of the [start, end) windows. */
export function inWindows(t: number, windows: readonly { start: number; end: number }[]): boolean {
  for (const w of windows) if (t >= w.start && t < w.end) return true;
  return false;
}

/** Sorts events by time; stable, so sequences emitted at the same millisecond keep their order. */
export function sortEvents(events: AppEvent[]): AppEvent[] {
  return events.sort((a, b) => a.t - b.t);
}
