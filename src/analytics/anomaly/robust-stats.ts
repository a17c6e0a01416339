/**
 * Robust statistics for count series: median, MAD and the robust z-score
 * `z = (x - median) / max(1.4826·MAD, floor)`. Pure functions.
 */

/** Consistency constant making MAD estimate σ for normal data. */
export const MAD_SCALE = 1.4826;

/** Median of the values (NaN for none). Does not modify the input. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const a = Float64Array.from(values).sort();
  const h = n >> 1;
  return n % 2 === 1 ? (a[h] as number) : ((a[h - 1] as number) + (a[h] as number)) / 2;
}

/** Median absolute deviation from the median (unscaled; NaN for none). */
export function mad(values: ArrayLike<number>, med = median(values)): number {
  const d = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) d[i] = Math.abs((values[i] as number) - med);
  return median(d);
}

/** Median and robust scale of a baseline. */
export interface RobustBaseline {
  median: number;
  /** 1.4826·MAD, raised to `floor`. */
  scale: number;
  n: number;
}

/**
 * Summarizes a baseline for robust z-scores.
 * @param values the baseline values
 * @param floor smallest allowed scale (MAD is 0 for flat or mostly-zero series); for counts use
 *   {@link countScaleFloor}
 */
export function robustBaseline(values: ArrayLike<number>, floor: number | ((med: number) => number) = 1): RobustBaseline {
  const med = median(values);
  const f = typeof floor === 'function' ? floor(med) : floor;
  return { median: med, scale: Math.max(MAD_SCALE * mad(values, med), f), n: values.length };
}

/** Robust z-score of `x` against a baseline: (x − median) / scale. */
export function robustZ(x: number, b: RobustBaseline): number {
  return (x - b.median) / b.scale;
}

/**
 * Scale floor for Poisson-like counts: √max(median, 1). A window count is only "many σ" above its
 * baseline when it is well beyond the counting noise of that baseline.
 */
export function countScaleFloor(med: number): number {
  return Math.sqrt(Math.max(med, 1));
}

/** The q-quantile (0..1) with linear interpolation (NaN for none). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const a = Float64Array.from(values).sort();
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (a[lo] as number) + ((a[hi] as number) - (a[lo] as number)) * (pos - lo);
}
