// Sobol attribution against closed forms: for an additive score f(m) = sum_i g_i(m_i) of independent
// uniform masks, feature i's total Sobol index is Var g_i / sum_j Var g_j. HSIC against Xplique's
// estimator written out with explicit centring matrices. The Sobol' sequence against its known
// first points and the count of primitive polynomials per degree, phi(2^s - 1) / s.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { functionModel, hsic, hsicIndices, sobol, sobolPoints } from '../../../src/index.ts';
import { primitivePolynomials } from '../../../src/methods/black-box/sobol-sequence.ts';
import { useCpu } from '../../support/backend.ts';
import { assertClose } from '../../support/assert-close.ts';

before(useCpu);

/** A function model of 4 values scoring g(x) = x0 + 2 x1^2 + sin(pi x2) + 0 x3. */
const additive = functionModel({
  inputShape: [4],
  outputSize: 1,
  predict: async ([rows], count) =>
    Float32Array.from({ length: count }, (_, r) => {
      const v = (rows as Float32Array).subarray(r * 4, r * 4 + 4);
      return (v[0] as number) + 2 * (v[1] as number) ** 2 + Math.sin(Math.PI * (v[2] as number));
    }),
});
const ones = { data: new Float32Array(4).fill(1), shape: [4] };

describe('Sobol attribution', () => {
  test('total indices of an additive function of uniform masks match Var g_i / sum Var g_j', async () => {
    const variances = [1 / 12, 4 * (1 / 5 - 1 / 9), 1 / 2 - 4 / Math.PI ** 2, 0];
    const total = variances.reduce((a, b) => a + b, 0);
    const result = await sobol(additive, ones, { designs: 1024, target: 0 });
    assertClose(result.map.data, variances.map((v) => v / total), { atol: 0.02, message: 'total Sobol indices' });
    assert.deepEqual(result.meta.extra?.['evaluations'], [1024 * 5]);
  });

  test('designs must be a power of two', async () => {
    await assert.rejects(sobol(additive, ones, { designs: 24, target: 0 }), /designs: got 24; expected a power of two/);
  });
});

describe('HSIC attribution', () => {
  test("indices equal Xplique's estimator tr(K_i H L H) / N with explicit matrices", () => {
    const n = 12;
    const features = 3;
    const masks = Array.from({ length: n * features }, (_, i) => ((i * 7 + 3) % 5 < 2 ? 1 : 0));
    const y = Array.from({ length: n }, (_, j) => 1 + (masks[j * features] as number) * 2 + 0.3 * Math.cos(j));
    const width = [...y].sort((a, b) => a - b).reduce((m, v, i, s) => (i === (s.length - 1) / 2 || Math.abs(i - (s.length - 1) / 2) === 0.5 ? m + v / 2 : m), 0);
    const h = (j: number, k: number): number => (j === k ? 1 : 0) - 1 / n;
    const l = (j: number, k: number): number => Math.exp(-(((y[j] as number) - (y[k] as number)) ** 2) / (2 * width * width));
    const expected = Array.from({ length: features }, (_, i) => {
      const k = (j: number, q: number): number => 1 + (0.5 - ((masks[j * features + i] as number) - (masks[q * features + i] as number)) ** 2);
      const mul = (a: (j: number, q: number) => number, b: (j: number, q: number) => number) => (j: number, q: number): number => {
        let s = 0;
        for (let t = 0; t < n; t++) s += a(j, t) * b(t, q);
        return s;
      };
      const khlh = mul(mul(mul(k, h), l), h);
      let trace = 0;
      for (let j = 0; j < n; j++) trace += khlh(j, j);
      return trace / n;
    });
    assertClose(hsicIndices(masks, y, features), expected, { atol: 1e-9, rtol: 1e-9 });
  });

  test('with binary masks the features that change the score rank far above those that do not (sin(pi m) is 0 at m = 0 and 1)', async () => {
    const result = await hsic(additive, ones, { designs: 256, target: 0 });
    const [a, b, c, d] = Array.from(result.map.data) as number[];
    assert.ok(Math.min(a as number, b as number) > 100 * Math.max(Math.abs(c as number), Math.abs(d as number)), `got ${[a, b, c, d]}`);
    assert.ok((b as number) > (a as number), 'the feature worth 2 outranks the one worth 1');
    assert.deepEqual(result.meta.extra?.['evaluations'], [256]);
  });
});

describe("Sobol' sequence", () => {
  test('the first points of dimensions 1 and 2 are the standard ones; every dimension is balanced', () => {
    const points = sobolPoints(2, 7);
    assert.deepEqual(Array.from({ length: 7 }, (_, n) => points[2 * n]), [0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
    assert.deepEqual(Array.from({ length: 7 }, (_, n) => points[2 * n + 1]), [0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]);
    const many = sobolPoints(300, 255);
    for (let j = 0; j < 300; j++) {
      let below = 0;
      for (let n = 0; n < 255; n++) if ((many[n * 300 + j] as number) < 0.5) below++;
      assert.equal(below, 127, `dimension ${j}: with the origin, 256 points split 128/128`);
    }
  });

  test('primitive polynomials per degree number phi(2^s - 1) / s', () => {
    const counts = new Map<number, number>();
    for (const { degree } of primitivePolynomials(1110)) counts.set(degree, (counts.get(degree) ?? 0) + 1);
    assert.deepEqual([...counts.values()].slice(0, 12), [1, 1, 2, 2, 6, 6, 18, 16, 48, 60, 176, 144]);
  });
});
