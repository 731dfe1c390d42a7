import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { inputXGradient, inputXGradientMethod, saliency } from '../../src/index.ts';
import { assertClose } from '../support/assert-close.ts';
import { useCpu } from '../support/backend.ts';
import { seededValues, withoutLeaks } from '../support/tensors.ts';
import { linearImageModel, tinyCnn } from './gradient-support/models.ts';

before(useCpu);

describe('inputXGradient', () => {
  const shape = [6, 6, 2] as const;
  const x = tf.tensor4d(seededValues(144, 8), [2, ...shape]);

  test('equals x * saliency, element by element', async () => {
    const model = tinyCnn(shape);
    const product = await withoutLeaks(() => inputXGradient(model, x, { target: 1 }));
    const gradient = await saliency(model, x, { target: 1 });
    const values = x.dataSync();
    assertClose(product.map.data, Array.from(gradient.map.data, (g, i) => g * (values[i] as number)), { atol: 1e-7 });
    assert.equal(product.meta.method, 'input-x-gradient');
    assert.deepEqual(product.meta.scores, gradient.meta.scores);
  });

  test('with wrt: the layer activation times the gradient there', async () => {
    const model = tinyCnn(shape);
    const layer = model.layers[0] as tf.layers.Layer;
    const activation = tf.tidy(() => tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor }).predict(x) as tf.Tensor);
    const product = await withoutLeaks(() => inputXGradient(model, x, { target: 0, wrt: layer.name }));
    const gradient = await saliency(model, x, { target: 0, wrt: layer.name });
    const a = activation.dataSync();
    assertClose(product.map.data, Array.from(gradient.map.data, (g, i) => g * (a[i] as number)), { atol: 1e-7 });
    assert.equal(product.meta.wrt, layer.name);
    activation.dispose();
  });

  test('sums to the score on a linear model without bias (completeness)', async () => {
    const weights = seededValues(72, 3);
    const model = linearImageModel(shape, weights, 0);
    const result = await inputXGradientMethod.run(model, x, { target: 0 });
    const values = x.dataSync();
    for (let i = 0; i < 2; i++) {
      const sum = result.map.data.slice(i * 72, (i + 1) * 72).reduce((a, b) => a + b, 0);
      const score = Array.from(weights).reduce((s, w, j) => s + w * (values[i * 72 + j] as number), 0);
      assert.ok(Math.abs(sum - score) < 1e-5 && Math.abs((result.meta.scores[i] as number) - score) < 1e-5, `${sum} vs ${score}`);
    }
  });
});
