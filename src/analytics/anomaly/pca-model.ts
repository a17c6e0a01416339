/**
 * PCA residual (SPE / Q-statistic) model over event-count vectors, as in loglizer's PCA detector
 * (Xu et al., SOSP 2009): fit principal components on all windows, project each window onto the
 * residual subspace, and flag windows whose squared prediction error exceeds the
 * Jackson–Mudholkar threshold Q_α. Small dense matrices only; eigen decomposition by cyclic Jacobi.
 */

/** Eigen decomposition of a symmetric matrix (row-major n×n). */
export interface Eigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Eigenvectors as rows, in the order of `values` (each unit length). */
  vectors: Float64Array[];
}

/**
 * Cyclic Jacobi eigen decomposition of a symmetric matrix.
 * @param a symmetric matrix, rows (not modified)
 * @param maxSweeps sweeps before giving up (each sweep visits every off-diagonal pair)
 */
export function jacobiEigen(a: readonly ArrayLike<number>[], maxSweeps = 100): Eigen {
  const n = a.length;
  const m = a.map((r) => Float64Array.from(r));
  const v = Array.from({ length: n }, (_, i) => {
    const r = new Float64Array(n);
    r[i] = 1;
    return r;
  });
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += (m[i]![i] as number) ** 2;
      for (let j = i + 1; j < n; j++) off += (m[i]![j] as number) ** 2;
    }
    if (off <= 1e-22 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const app = m[p]![p] as number;
        const aqq = m[q]![q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p] as number;
          const mkq = m[k]![q] as number;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k] as number;
          const mqk = m[q]![k] as number;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vpk = v[p]![k] as number;
          const vqk = v[q]![k] as number;
          v[p]![k] = c * vpk - s * vqk;
          v[q]![k] = s * vpk + c * vqk;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => (m[y]![y] as number) - (m[x]![x] as number));
  return { values: Float64Array.from(order.map((i) => m[i]![i] as number)), vectors: order.map((i) => v[i] as Float64Array) };
}

/** Options of {@link fitPca}. */
export interface PcaOptions {
  /** Fraction of variance the principal subspace keeps (default 0.95). */
  variance?: number;
  /** Upper tail probability for Q_α (default 0.001, z = 3.0902). */
  alpha?: number;
  /** Weight columns by inverse document frequency before centering (default true, as loglizer). */
  idf?: boolean;
}

/** A fitted PCA residual model. */
export interface PcaModel {
  mean: Float64Array;
  idf: Float64Array;
  /** Principal directions (rows). */
  components: Float64Array[];
  eigenvalues: Float64Array;
  /** Squared-prediction-error threshold (Jackson–Mudholkar Q_α). */
  threshold: number;
}

/** Standard normal upper quantile for a few α (Acklam-free: bisection on erfc). */
export function normalUpperQuantile(alpha: number): number {
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (0.5 * erfc(mid / Math.SQRT2) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function erfc(x: number): number {
  // Numerical Recipes erfcc, fractional error < 1.2e-7.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

function transform(model: Pick<PcaModel, 'mean' | 'idf'>, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(model.mean.length);
  for (let j = 0; j < y.length; j++) y[j] = (x[j] as number) * (model.idf[j] as number) - (model.mean[j] as number);
  return y;
}

/**
 * Fits the PCA residual model on rows of an event-count matrix (windows × event types).
 * @returns the model; with fewer than 3 rows or no variance the threshold is +∞ (flags nothing)
 */
export function fitPca(rows: readonly ArrayLike<number>[], opts: PcaOptions = {}): PcaModel {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0]!.length;
  const idf = new Float64Array(d).fill(1);
  if (opts.idf ?? true) {
    for (let j = 0; j < d; j++) {
      let df = 0;
      for (const r of rows) if ((r[j] as number) > 0) df++;
      idf[j] = df === 0 ? 0 : Math.log(n / df) + 1e-9;
    }
  }
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += ((r[j] as number) * (idf[j] as number)) / n;
  const none: PcaModel = { mean, idf, components: [], eigenvalues: new Float64Array(0), threshold: Infinity };
  if (n < 3 || d === 0) return none;
  const xs = rows.map((r) => transform({ mean, idf }, r));
  const cov = Array.from({ length: d }, () => new Float64Array(d));
  for (const x of xs) for (let i = 0; i < d; i++) {
    const xi = x[i] as number;
    if (xi === 0) continue;
    const ci = cov[i] as Float64Array;
    for (let j = i; j < d; j++) ci[j]! += (xi * (x[j] as number)) / (n - 1);
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i]![j] = cov[j]![i] as number;
  const eig = jacobiEigen(cov);
  const lambdas = Array.from(eig.values, (l) => Math.max(l, 0));
  const total = lambdas.reduce((s, l) => s + l, 0);
  if (total <= 0) return none;
  const keepFrac = opts.variance ?? 0.95;
  let k = 0;
  let acc = 0;
  while (k < d && acc / total < keepFrac) acc += lambdas[k++] as number;
  const rest = lambdas.slice(k);
  const phi = [1, 2, 3].map((p) => rest.reduce((s, l) => s + l ** p, 0));
  let threshold = Infinity;
  const [p1, p2, p3] = phi as [number, number, number];
  if (p1 > 0 && p2 > 0) {
    const h0 = 1 - (2 * p1 * p3) / (3 * p2 * p2);
    const c = normalUpperQuantile(opts.alpha ?? 0.001);
    const base = (c * Math.sqrt(2 * p2 * h0 * h0)) / p1 + 1 + (p2 * h0 * (h0 - 1)) / (p1 * p1);
    threshold = base > 0 ? p1 * Math.pow(base, 1 / h0) : Infinity;
  }
  return { mean, idf, components: eig.vectors.slice(0, k), eigenvalues: Float64Array.from(lambdas), threshold };
}

/** Squared prediction error of one row: ‖(I − PPᵀ)x‖² after the model's weighting and centering. */
export function spe(model: PcaModel, row: ArrayLike<number>): number {
  const y = transform(model, row);
  const r = Float64Array.from(y);
  for (const p of model.components) {
    let dot = 0;
    for (let j = 0; j < y.length; j++) dot += (p[j] as number) * (y[j] as number);
    for (let j = 0; j < y.length; j++) r[j]! -= dot * (p[j] as number);
  }
  let s = 0;
  for (let j = 0; j < r.length; j++) s += (r[j] as number) ** 2;
  return s;
}
