// NaN or Infinity in the input is refused with the argument and the first bad position named
// (NaN made every map NaN, Infinity every map zero, silently), unless allowNonFinite is given.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { occlusion, saliency, SaliencyError } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { withoutLeaks } from '../support/tensors.ts';
import { sumModel } from '../methods/linear-models.ts';

before(useCpu);

describe('non-finite input values', () => {
  const model = sumModel([2, 3, 1]);
  const withValue = (bad: number): tf.Tensor => tf.tensor([[1, 2, 3], [4, bad, 6]], [2, 3, 1]);

  for (const [label, bad] of [['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ['-Infinity', Number.NEGATIVE_INFINITY]] as const) {
    test(`${label} is refused by gradient and perturbation methods, naming input and the position`, async () => {
      const x = withValue(bad);
      for (const run of [() => saliency(model, x, { target: 0 }), () => occlusion(model, x, { window: 1, target: 0 })]) {
        await withoutLeaks(() =>
          assert.rejects(run(), (error: unknown) => {
            assert.ok(error instanceof SaliencyError);
            assert.equal(error.code, 'INVALID_ARGUMENT');
            assert.equal(error.argument, 'input');
            assert.match(error.message, new RegExp(`input: every value must be finite, but \\[0, 1, 1, 0\\] \\(batch first\\) is ${label}`));
            assert.match(error.message, /1 of 6 values/);
            assert.match(error.message, /allowNonFinite/);
            return true;
          }),
        );
      }
      x.dispose();
    });
  }

  test('allowNonFinite: true explains the input anyway', async () => {
    const x = withValue(Number.NaN);
    const result = await saliency(model, x, { target: 0, allowNonFinite: true });
    assert.deepEqual([...result.map.data], [1, 1, 1, 1, 1, 1]);
    assert.ok(Number.isNaN(result.meta.scores[0]));
    x.dispose();
  });

  test('the index names the model input of a multi-input model', async () => {
    const a = tf.input({ shape: [2] });
    const b = tf.input({ shape: [2] });
    const out = tf.layers.dense({ units: 1 }).apply(tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const two = tf.model({ inputs: [a, b], outputs: out });
    const inputs = [tf.tensor2d([[1, 2]]), tf.tensor2d([[3, Number.NaN]])];
    await assert.rejects(saliency(two, inputs, { target: 0 }), /input\[1\]: every value must be finite, but \[0, 1\]/);
    inputs.forEach((t) => t.dispose());
  });
});
