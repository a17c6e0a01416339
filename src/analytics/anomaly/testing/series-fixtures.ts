/** Test fixtures for the anomaly detectors: window series of 5-minute windows and steady noisy counts. */
import type { EntitySeries, WindowSeries } from '../window-series.js';

/** A window series of 5-minute windows starting at `start` (epoch ms), fully covered. */
export function series(entities: EntitySeries[], start: number): WindowSeries {
  const n = entities[0]!.total.length;
  return { windowSecs: 300, start, n, coverage: new Float64Array(n).fill(1), entities };
}

/** Deterministic "noisy but normal" counts around `level` (±15 %, a linear congruential sequence). */
export function steady(n: number, level: number, seed = 1): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(Math.round(level + ((x / 2147483648) - 0.5) * 0.3 * level));
  }
  return out;
}
