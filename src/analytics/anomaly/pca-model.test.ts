import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jacobiEigen, fitPca, spe, normalUpperQuantile } from './pca-model.js';

test('Jacobi eigen decomposition of a symmetric matrix', () => {
  const e = jacobiEigen([[2, 1], [1, 2]]);
  assert.ok(Math.abs(e.values[0]! - 3) < 1e-9);
  assert.ok(Math.abs(e.values[1]! - 1) < 1e-9);
  const v = e.vectors[0]!;
  assert.ok(Math.abs(Math.abs(v[0]!) - Math.SQRT1_2) < 1e-9 && Math.abs(v[0]! - v[1]!) < 1e-9);
  // A 3×3 with known spectrum: diag(5, 2, -1) rotated stays (5, 2, -1).
  const e3 = jacobiEigen([[5, 0, 0], [0, 2, 0], [0, 0, -1]]);
  assert.deepEqual(Array.from(e3.values), [5, 2, -1]);
});

test('normal upper quantile', () => {
  assert.ok(Math.abs(normalUpperQuantile(0.001) - 3.0902) < 1e-3);
  assert.ok(Math.abs(normalUpperQuantile(0.025) - 1.96) < 1e-3);
});

test('PCA residual: rows off the normal subspace have large SPE', () => {
  // Events A and B always co-occur (B = 2A), C is small noise; one window breaks the relation.
  const rows: number[][] = [];
  for (let i = 0; i < 40; i++) {
    const a = 5 + (i % 7);
    rows.push([a, 2 * a, (i % 3) * 0.1]);
  }
  const model = fitPca(rows, { idf: false, variance: 0.95 });
  assert.ok(Number.isFinite(model.threshold));
  const normal = spe(model, [8, 16, 0.1]);
  const broken = spe(model, [8, 2, 0.1]);
  assert.ok(normal < model.threshold, `normal SPE ${normal} < Q ${model.threshold}`);
  assert.ok(broken > model.threshold, `broken SPE ${broken} > Q ${model.threshold}`);
  assert.ok(broken > 100 * Math.max(normal, 1e-6));
});

test('PCA with too few rows flags nothing', () => {
  const m = fitPca([[1, 2], [2, 3]]);
  assert.equal(m.threshold, Infinity);
});
