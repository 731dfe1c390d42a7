// Robustness metrics: the gradient of a linear model does not depend on the input, so max- and
// avg-sensitivity and the local Lipschitz estimate are exactly 0; Input x Gradient of the same model
// moves by w * d, so its Lipschitz ratio is ||w * d|| / ||d||, bounded by max |w|.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { evaluate, ndarray } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { linearModel } from './models.ts';

before(useCpu);

const W = [2, -1, 0.5, 3];
const input = ndarray([1, 2, 4, -1, 0.5, 0.5, 1, 1], [2, 4]);

test("max-sensitivity, avg-sensitivity and the Lipschitz estimate of a linear model's gradient are 0", async () => {
  const model = linearModel(W);
  const before = tf.memory().numTensors;
  for (const metric of ['max-sensitivity', 'avg-sensitivity', 'local-lipschitz-estimate']) {
    const result = await evaluate(model, input, { explainer: { method: 'saliency' } }, metric, { target: 0, samples: 3 });
    assert.deepEqual(result.scores, [0, 0], metric);
    assert.equal(result.meta.evaluations, 1 + 3, `${metric}: the original map and 3 noisy copies per sample`);
  }
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test('Input x Gradient of a linear model: the Lipschitz ratio lies between min |w| and max |w|, sensitivity grows with the radius', async () => {
  const model = linearModel(W);
  const explainer = { explainer: { method: 'input-x-gradient' } };
  const lipschitz = await evaluate(model, input, explainer, 'local-lipschitz-estimate', { target: 0, samples: 4, spread: 0.5 });
  lipschitz.scores.forEach((v) => assert.ok(v > 0.5 && v <= 3 + 1e-6, `ratio ${v}`));
  assertClose([lipschitz.scores[0]!], [lipschitz.scores[1]!], { atol: 1e-5, message: 'the same noise for every sample: the ratio does not depend on x' });
  const small = await evaluate(model, input, explainer, 'max-sensitivity', { target: 0, samples: 4, spread: 0.01 });
  const large = await evaluate(model, input, explainer, 'max-sensitivity', { target: 0, samples: 4, spread: 0.1 });
  assertClose(large.scores, small.scores.map((v) => v * 10), { rtol: 1e-3, message: 'the change of w * (x + d) is linear in the radius' });
  model.dispose();
});

test('robustness metrics refuse maps: they need an explainer to recompute them', async () => {
  const model = linearModel(W);
  await assert.rejects(evaluate(model, input, ndarray(new Float32Array(8), [2, 4]), 'max-sensitivity'), /needs \{ explainer: \{ method, options \} \}/);
  await assert.rejects(evaluate(model, input, { explainer: { method: 'nope' } }, 'max-sensitivity'), /'nope' is not a registered method/);
  model.dispose();
});
