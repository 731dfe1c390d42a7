// Layer attribution for the path methods (wrt: layer, Captum's LayerIntegratedGradients): on an
// Embedding layer of a token model. With a linear head after the embedding, layer IG is exactly
// (E[x] - E[pad]) * W; with a non-linear one its sum is f(x) - f(pad) within the quadrature error.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, gradientShap, integratedGradients, tokenAttributions } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { seedWeights, withoutLeaks } from '../support/tensors.ts';

before(useCpu);

const TOKENS = 5;
const VOCAB = 7;
const DEPTH = 3;

/** ids [T] -> Embedding 'embed' [T, D] -> flatten -> dense(hidden, tanh) when `hidden` -> dense(2) 'logits'. */
function tokenModel(hidden?: number): tf.LayersModel {
  const input = tf.input({ shape: [TOKENS], name: 'ids' });
  const embedded = tf.layers.embedding({ inputDim: VOCAB, outputDim: DEPTH, name: 'embed' }).apply(input);
  let flat = tf.layers.flatten().apply(embedded);
  if (hidden) flat = tf.layers.dense({ units: hidden, activation: 'tanh' }).apply(flat);
  const out = tf.layers.dense({ units: 2, name: 'logits' }).apply(flat) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  seedWeights(model, 4, 0.9);
  return model;
}

const ids = tf.tensor2d([
  [1, 4, 2, 6, 0],
  [3, 3, 5, 1, 2],
]);

describe('layer Integrated Gradients on an Embedding layer', () => {
  test('linear head: (E[x] - E[0]) * W exactly; token attributions are its sums over the embedding axis', async () => {
    const model = tokenModel();
    const table = model.getLayer('embed').getWeights()[0]!.arraySync() as number[][];
    const kernel = model.getLayer('logits').getWeights()[0]!.arraySync() as number[][];
    const result = await withoutLeaks(() => integratedGradients(model, ids, { wrt: 'embed', target: 1, steps: 4 }));
    assert.deepEqual(result.map.shape, [2, TOKENS, DEPTH]);
    assert.equal(result.meta.wrt, 'embed');
    const rows = ids.arraySync() as number[][];
    const expected = rows.flatMap((row) => row.flatMap((id, t) => Array.from({ length: DEPTH }, (_, d) => (table[id]![d]! - table[0]![d]!) * kernel[t * DEPTH + d]![1]!)));
    assertClose(result.map.data, expected, { atol: 1e-5 });
    const tokens = tokenAttributions(result.map);
    assert.deepEqual(tokens.shape, [2, TOKENS]);
    assertClose(tokens.data, rows.flatMap((row, n) => row.map((_, t) => [0, 1, 2].reduce((s, d) => s + expected[(n * TOKENS + t) * DEPTH + d]!, 0))), { atol: 1e-5 });
    assert.equal(tokens.data[4], 0, 'the pad token (id 0, the baseline) gets nothing');
  });

  test('non-linear head: the sum is f(x) - f(pad) within the quadrature error, shrinking with steps', async () => {
    const model = tokenModel(4);
    const coarse = await integratedGradients(model, ids, { wrt: 'embed', steps: 4 });
    const fine = await withoutLeaks(() => integratedGradients(model, ids, { wrt: 'embed', steps: 32 }));
    const gap = fine.meta.scores.map((s, n) => s - (fine.meta.extra?.['baselineScores'] as number[])[n]!);
    (fine.meta.extra?.['delta'] as number[]).forEach((d, n) => {
      assert.ok(Math.abs(d) < 1e-3 * Math.max(1, Math.abs(gap[n]!)), `delta ${d} (gap ${gap[n]})`);
      assert.ok(Math.abs(d) <= Math.abs((coarse.meta.extra?.['delta'] as number[])[n]!) + 1e-6);
    });
    const sums = [0, 1].map((n) => Array.from(fine.map.data.slice(n * TOKENS * DEPTH, (n + 1) * TOKENS * DEPTH)).reduce((a, b) => a + b, 0));
    assertClose(sums, gap, { atol: 1e-3 });
  });

  test('GradientSHAP with wrt: its draws run between activations; on a linear head it equals layer IG', async () => {
    const model = tokenModel();
    const ig = await integratedGradients(model, ids, { wrt: 'embed', target: 0, steps: 4 });
    const shap = await withoutLeaks(() => gradientShap(model, ids, { wrt: 'embed', target: 0, samples: 3, seed: 1 }));
    assert.equal(shap.meta.wrt, 'embed');
    assertClose(shap.map.data, ig.map.data, { atol: 1e-5 });
  });

  test('a token model explained at its input is a clear error, and wrt names the layers', async () => {
    const model = tokenModel();
    await assert.rejects(integratedGradients(model, ids, { wrt: 'nope', steps: 2 }), (e: unknown) => e instanceof SaliencyError && /wrt.*'nope'.*embed/s.test(e.message));
    for (const run of [() => integratedGradients(model, ids, { steps: 2 }), () => gradientShap(model, ids, { samples: 2 })]) {
      await assert.rejects(withoutLeaks(run), (e: unknown) => e instanceof SaliencyError && e.argument === 'wrt' && /feeds the Embedding layer 'embed'.*give wrt: 'embed'/.test(e.message));
    }
  });
});
