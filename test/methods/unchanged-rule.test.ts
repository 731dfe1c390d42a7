// A backprop rule (guided, rectified) that meets no ReLU or ReLU6 changes nothing: the map equals
// the plain gradient's, and meta.warnings says so (before, LeakyReLU nets gave vanilla maps silently).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { getMethod, guidedBackprop, guidedGradCam, saliency } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { seedWeights, withoutLeaks } from '../support/tensors.ts';

before(useCpu);

function convNet(activation: 'relu' | 'leaky'): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, name: 'conv' }));
  model.add(activation === 'relu' ? tf.layers.reLU() : tf.layers.leakyReLU({ alpha: 0.1 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 2 }));
  seedWeights(model, 3);
  return model;
}

const unchanged = /backpropModifier '(guided|rectified)' changed nothing: no ReLU or ReLU6 op/;

describe('a backprop rule that changed nothing', () => {
  const x = tf.tensor(Array.from({ length: 36 }, (_, i) => Math.sin(i)), [1, 6, 6, 1]);

  test('guided and rectified on a LeakyReLU net: the plain gradient, with a warning', async () => {
    const leaky = convNet('leaky');
    const plain = await saliency(leaky, x, { target: 0, gradModifier: 'none' });
    assert.ok(!plain.meta.warnings.some((w) => unchanged.test(w)));
    for (const rule of ['guided', 'rectified'] as const) {
      const result = await withoutLeaks(() => saliency(leaky, x, { target: 0, gradModifier: 'none', backpropModifier: rule }));
      assert.deepEqual([...result.map.data], [...plain.map.data]);
      assert.ok(result.meta.warnings.some((w) => w.includes(`'${rule}' changed nothing`)), result.meta.warnings.join('; '));
    }
    const named = await guidedBackprop(leaky, x, { target: 0 });
    assert.ok(named.meta.warnings.some((w) => unchanged.test(w)));
    const cam = await guidedGradCam(leaky, x, { target: 0, layer: 'conv' });
    assert.ok(cam.meta.warnings.some((w) => unchanged.test(w)), cam.meta.warnings.join('; '));
    const smooth = await getMethod('smoothgrad').run(leaky, x, { target: 0, backpropModifier: 'guided', samples: 3, seed: 1 });
    assert.ok(smooth.meta.warnings.some((w) => unchanged.test(w)), 'the noise tunnel keeps the inner warning');
  });

  test('no warning when the rule met a ReLU', async () => {
    const relu = convNet('relu');
    const result = await saliency(relu, x, { target: 0, backpropModifier: 'guided' });
    assert.ok(!result.meta.warnings.some((w) => unchanged.test(w)));
    const cam = await guidedGradCam(relu, x, { target: 0, layer: 'conv' });
    assert.ok(!cam.meta.warnings.some((w) => unchanged.test(w)));
  });
});
