// LIME against a weighted regression solved by hand: the same coalitions, each copy weighted by
// exp(-(1 - cos(x, x'))^2 / (2 width^2)) from the copy itself, and the normal equations of the
// weighted least squares solved by Gaussian elimination (the library uses an SVD).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { drawBernoulliCoalitions, lime, weightedLeastSquares } from '../../../src/index.ts';
import { seededRandom } from '../../../src/core/random.ts';
import { useCpu } from '../../support/backend.ts';
import { assertClose } from '../../support/assert-close.ts';
import { functionModel } from '../../../src/index.ts';

before(useCpu);

/** Solves A b = y for a small dense system by Gaussian elimination with partial pivoting. */
function solve(a: number[][], y: number[]): number[] {
  const n = y.length;
  const m = a.map((row, i) => [...row, y[i] as number]);
  for (let c = 0; c < n; c++) {
    const pivot = m.slice(c).reduce((best, row, i) => (Math.abs(row[c] as number) > Math.abs((m[best] as number[])[c] as number) ? c + i : best), c);
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = ((m[r] as number[])[c] as number) / ((m[c] as number[])[c] as number);
      for (let k = c; k <= n; k++) (m[r] as number[])[k] = ((m[r] as number[])[k] as number) - f * ((m[c] as number[])[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

/** The weighted least-squares fit [intercept, ...coefficients] from the normal equations. */
function handFit(z: readonly ArrayLike<number>[], y: readonly number[], w: readonly number[]): number[] {
  const rows = z.map((r) => [1, ...Array.from(r)]);
  const k = (rows[0] as number[]).length;
  const a = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => rows.reduce((s, r, n) => s + (w[n] as number) * (r[i] as number) * (r[j] as number), 0)));
  const b = Array.from({ length: k }, (_, i) => rows.reduce((s, r, n) => s + (w[n] as number) * (r[i] as number) * (y[n] as number), 0));
  return solve(a, b);
}

describe('LIME', () => {
  const f = (v: ArrayLike<number>): number => (v[0] as number) * (v[1] as number) + Math.sin(v[2] as number) + 0.5 * (v[3] as number) ** 2;
  const model = functionModel({
    inputShape: [4],
    outputSize: 1,
    predict: async ([rows], count) => Float32Array.from({ length: count }, (_, r) => f((rows as Float32Array).subarray(r * 4, r * 4 + 4))),
  });
  const x = [1.5, -2, 0.7, 3];
  const baseline = [0.5, 0.5, -1, 0];

  test('coefficients equal the hand-solved weighted regression with the cosine kernel', async () => {
    const width = 0.75;
    const result = await lime(model, { data: Float32Array.from(x), shape: [4] }, { samples: 30, seed: 4, kernelWidth: width, baseline: { data: Float32Array.from(baseline), shape: [4] }, target: 0 });
    const draws = drawBernoulliCoalitions(4, 30, seededRandom(4));
    const copies = draws.map((z) => x.map((v, p) => (z[p] ? v : (baseline[p] as number))));
    const norm = (v: number[]): number => Math.hypot(...v);
    const weights = copies.map((c) => {
      const cos = c.reduce((s, v, p) => s + v * (x[p] as number), 0) / (norm(c) * norm(x));
      return Math.exp(-((1 - cos) ** 2) / (2 * width * width));
    });
    const fit = handFit(draws, copies.map(f), weights);
    assertClose(result.map.data, fit.slice(1), { atol: 1e-4, rtol: 1e-4 });
    assert.equal(result.meta.extra?.['samples'], 30);
  });

  test('ridge shrinks the coefficients towards zero, and the solver gives the minimum-norm fit with fewer samples than features', async () => {
    const plain = await lime(model, { data: Float32Array.from(x), shape: [4] }, { samples: 30, seed: 4, target: 0 });
    const ridged = await lime(model, { data: Float32Array.from(x), shape: [4] }, { samples: 30, seed: 4, target: 0, ridge: 10 });
    const size = (v: ArrayLike<number>): number => Math.hypot(...Array.from(v));
    assert.ok(size(ridged.map.data) < size(plain.map.data), 'ridge shrinks');
    const few = weightedLeastSquares([[1, 0, 1]], [3], [1]);
    assertClose([few.intercept, ...few.coefficients], [1, 1, 0, 1], { atol: 1e-9 });
  });
});
