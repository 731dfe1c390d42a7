// Guided Grad-CAM: guided backprop at the input times the resized, rectified Grad-CAM.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradCam, guidedGradCam, saliency } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';
import { column, linearHeadModel, seededImages, seededKernel } from './cam-models.ts';

before(useCpu);

describe('Guided Grad-CAM', () => {
  test('on a linear head: the kernel column times relu(sum_k mean(g_k) A_k), per channel', async () => {
    const kernel = seededKernel(12, 2, 41);
    const model = linearHeadModel(2, 3, 1, kernel, [0, 0]);
    const x = seededImages([1, 2, 2, 3], 8);
    const a = x.dataSync();
    const g = column(kernel, 1);
    const weights = [0, 1, 2].map((k) => [0, 1, 2, 3].reduce((s, p) => s + (g[p * 3 + k] as number), 0) / 4);
    const cam = [0, 1, 2, 3].map((p) => Math.max(0, weights.reduce((s, w, k) => s + w * (a[p * 3 + k] as number), 0)));
    const result = await withoutLeaks(() => guidedGradCam(model, x, { target: 1 }));
    assert.deepEqual(result.map.shape, [1, 2, 2, 3]);
    assertClose(result.map.data, g.map((v, i) => v * (cam[Math.floor(i / 3)] as number)), { atol: 1e-6 });
    assert.equal(result.meta.backpropModifier, 'guided');
    assert.equal(result.meta.wrt, 'input');
    assert.equal(result.meta.extra?.['layer'], 'features');
    x.dispose();
  });

  test('on a ReLU network it is guided saliency times the Grad-CAM map', async () => {
    const model = tinyCnn();
    const images = tinyImages(2);
    const result = await guidedGradCam(model, images, { target: 3, layer: 'conv_b' });
    const guided = await saliency(model, images, { target: 3, backpropModifier: 'guided' });
    const cam = await gradCam(model, images, { target: 3, layer: 'conv_b' });
    const expected = guided.map.data.map((v, i) => v * (cam.map.data[Math.floor(i / 3)] as number));
    assertClose(result.map.data, expected, { atol: 1e-7 });
    assert.ok(result.map.data.some((v) => v !== 0), 'the map is not trivially zero');
    images.dispose();
  });

  test('refuses a named backprop modifier and upsample none', async () => {
    const model = tinyCnn();
    const images = tinyImages(1);
    const before = tf.memory().numTensors;
    await assert.rejects(guidedGradCam(model, images, { backpropModifier: 'rectified' }), /backpropModifier: guided-grad-cam applies 'guided'/);
    await assert.rejects(guidedGradCam(model, images, { upsample: 'none' as never }), /upsample: got "none"; expected one of 'bilinear', 'align-corners'/);
    assert.equal(tf.memory().numTensors, before, 'refusals leak nothing');
    images.dispose();
  });
});
