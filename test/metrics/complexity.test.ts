// Complexity metrics read the maps only (model null): sparseness (Gini), complexity (entropy) and
// effective complexity against their closed forms on one-hot, uniform and hand-made maps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, ndarray } from '../../src/index.ts';
import { giniIndex } from '../../src/metrics/complexity/sparseness.ts';
import { assertClose } from '../support/assert-close.ts';

const N = 16;
const input = ndarray(new Float32Array(2 * N), [2, 4, 4, 1]);
const oneHot = new Float32Array(N).fill(0);
oneHot[5] = -3;
const uniform = new Float32Array(N).fill(0.25);
const maps = ndarray([...oneHot, ...uniform], [2, 4, 4]);

test('sparseness: a one-hot map scores (n - 1) / n (the maximum), a uniform map 0', async () => {
  const { scores, higherIsBetter } = await evaluate(null, input, maps, 'sparseness');
  assertClose(scores, [(N - 1) / N, 0], { atol: 1e-6 });
  assert.equal(higherIsBetter, true);
});

test('sparseness equals the Gini index by its mean-difference definition on a hand-made map', () => {
  const a = [1, 2, 3, 4];
  // G = sum_ij |a_i - a_j| / (2 n^2 mean) = 20 / (2 * 16 * 2.5) = 0.25.
  assertClose([giniIndex(a)], [0.25], { atol: 1e-6 });
});

test('complexity: entropy 0 for a one-hot map, ln(n) for a uniform one', async () => {
  const { scores } = await evaluate(null, input, maps, 'complexity');
  assertClose(scores, [0, Math.log(N)], { atol: 1e-6 });
});

test('effective complexity counts pixels above eps relative to the largest', async () => {
  const graded = ndarray(Float32Array.from({ length: N }, (_, i) => (i < 4 ? 1 : i < 8 ? 1e-3 : 1e-7)), [1, 4, 4]);
  const one = ndarray(new Float32Array(N), [1, 4, 4, 1]);
  assert.deepEqual((await evaluate(null, one, graded, 'effective-complexity')).scores, [8]);
  assert.deepEqual((await evaluate(null, one, graded, 'effective-complexity', { eps: 0.01 })).scores, [4]);
  assert.deepEqual((await evaluate(null, input, maps, 'effective-complexity')).scores, [1, N]);
});

test('an input-shaped map with channels is summed over channels first', async () => {
  const rgb = ndarray(new Float32Array(2 * 2 * 3), [1, 2, 2, 3]);
  const map = ndarray([1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], [1, 2, 2, 3]);
  assertClose((await evaluate(null, rgb, map, 'sparseness')).scores, [giniIndex([0, 0, 0, 2])], { atol: 1e-6 });
});
