// Grad-CAM: the original CAM identity (conv -> global average pooling -> dense), bilinear upsampling
// against hand values, and the automatic layer search (nested models, no off-by-one, no 1x1 maps).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, filterTarget, gradCam, sampleOf } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { seedWeights, withoutLeaks } from '../support/tensors.ts';
import { column, linearHeadModel, seededImages } from './cam-models.ts';

before(useCpu);

/** conv 'conv' (4 filters, relu) -> global average pooling -> dense(3, softmax), optionally with the conv inside a nested model 'base'. */
function camModel(nested: boolean): tf.LayersModel {
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' });
  const input = tf.input({ shape: [6, 6, 2], name: 'pixels' });
  const features = nested
    ? tf.sequential({ name: 'base', layers: [tf.layers.inputLayer({ inputShape: [6, 6, 2] }), conv] }).apply(input)
    : conv.apply(input);
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(features);
  const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'head' }).apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  seedWeights(model, 3, 0.8);
  return model;
}

/** The original CAM from the dense weights: sum_k W[k, c] A_k / (H W), per sample, shape [N, 6, 6]. */
function camFromDenseWeights(model: tf.LayersModel, nested: boolean, x: tf.Tensor, unit: number): Float32Array {
  const features = nested
    ? (model.getLayer('base') as tf.LayersModel)
    : tf.model({ inputs: model.inputs, outputs: model.getLayer('conv').output as tf.SymbolicTensor });
  const a = tf.tidy(() => (features.predict(x) as tf.Tensor).dataSync());
  const kernel = model.getLayer('head').getWeights()[0]?.arraySync() as number[][];
  const out = new Float32Array(a.length / 4);
  for (let p = 0; p < out.length; p++) {
    for (let k = 0; k < 4; k++) out[p] = (out[p] as number) + ((kernel[k] as number[])[unit] as number) * (a[p * 4 + k] as number) / 36;
  }
  return out;
}

describe('Grad-CAM equals the CAM of a global-average-pooling network', () => {
  for (const nested of [false, true]) {
    test(nested ? 'conv inside a nested model, found automatically' : 'conv at the top level', async () => {
      const model = camModel(nested);
      const x = seededImages([2, 6, 6, 2], 9);
      for (const unit of [0, 2]) {
        const expected = camFromDenseWeights(model, nested, x, unit);
        const raw = await withoutLeaks(() => gradCam(model, x, { target: unit, upsample: 'none', relu: false }));
        assert.deepEqual(raw.map.shape, [2, 6, 6]);
        assertClose(raw.map.data, expected, { atol: 1e-6, rtol: 1e-4 });
        const rectified = await gradCam(model, x, { target: unit });
        assertClose(rectified.map.data, expected.map((v) => Math.max(v, 0)), { atol: 1e-6, rtol: 1e-4 });
        assert.equal(rectified.meta.extra?.['layer'], nested ? 'base/conv' : 'conv');
        assert.equal(rectified.meta.extra?.['layerChosen'], 'automatically');
        assert.equal(rectified.meta.wrt, nested ? 'base/conv' : 'conv');
      }
      x.dispose();
    });
  }
});

describe('upsampling', () => {
  // features = 2x2 average pooling of a 4x4 input whose blocks are [[0, 1], [2, 3]]; the gradient
  // at it is 1 everywhere, so the CAM is A itself, A(y, x) = x + 2y, and bilinear resizing is exact.
  const model = linearHeadModel(4, 1, 2, [[1], [1], [1], [1]], [0]);
  const x = tf.tensor4d([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3], [1, 4, 4, 1]);
  const expected = (positions: number[]): number[] => positions.flatMap((py) => positions.map((px) => px + 2 * py));

  test("'bilinear' uses half-pixel centres", async () => {
    const result = await withoutLeaks(() => gradCam(model, x, { target: 0 }));
    assert.deepEqual(result.map.shape, [1, 4, 4]);
    assertClose(result.map.data, expected([0, 0.25, 0.75, 1]));
  });

  test("'align-corners' puts the corner cells on the corner pixels", async () => {
    const result = await gradCam(model, x, { target: 0, upsample: 'align-corners' });
    assertClose(result.map.data, expected([0, 1 / 3, 2 / 3, 1]));
  });

  test("'none' keeps the layer's resolution", async () => {
    const result = await gradCam(model, x, { target: 0, upsample: 'none' });
    assert.deepEqual(result.map.shape, [1, 2, 2]);
    assertClose(result.map.data, [0, 1, 2, 3]);
  });

  test('an unknown mode is refused by name, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    await assert.rejects(gradCam(model, x, { upsample: 'cubic' as 'none' }), /upsample: got "cubic"; expected one of 'bilinear', 'align-corners', 'none'/);
    await assert.rejects(gradCam(model, x, { layer: 'nope' }), (error: SaliencyError) => error.code === 'LAYER_NOT_FOUND');
    assert.equal(tf.memory().numTensors, before);
  });

  test('gradModifier applies to the gradient at the layer', async () => {
    const negated = await gradCam(model, x, { target: 0, upsample: 'none', relu: false, gradModifier: 'negate' });
    assertClose(negated.map.data, [0, -1, -2, -3]);
    assert.equal(negated.meta.gradModifier, 'negate');
  });
});

describe('the layer', () => {
  function chain(): tf.LayersModel {
    const model = tf.sequential({ name: 'chain' });
    model.add(tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 1, name: 'conv_a' }));
    model.add(tf.layers.conv2d({ filters: 2, kernelSize: 1, name: 'conv_b' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 4, name: 'pool_1x1' }));
    model.add(tf.layers.flatten({ name: 'flat' }));
    model.add(tf.layers.dense({ units: 2, name: 'out' }));
    seedWeights(model, 4);
    return model;
  }
  const model = chain();
  const x = seededImages([1, 4, 4, 1], 2);

  test('a 1x1 pooling output is skipped (keras-vis picked it: an all-blue map)', async () => {
    const result = await gradCam(model, x, { target: 1 });
    assert.equal(result.meta.extra?.['layer'], 'conv_b');
  });

  test('the layer right before the target is considered (keras-vis skipped it)', async () => {
    const result = await gradCam(model, x, { target: filterTarget('conv_b', 0) });
    assert.equal(result.meta.extra?.['layer'], 'conv_a');
  });

  test('by index, name or object, and reported as chosen by the caller', async () => {
    for (const layer of [0, 'conv_a', model.getLayer('conv_a')]) {
      const result = await gradCam(model, x, { target: 1, layer });
      assert.equal(result.meta.extra?.['layer'], 'conv_a');
      assert.equal(result.meta.extra?.['layerChosen'], 'by the caller');
    }
  });

  test('a layer without a spatial map is refused, naming the spatial layers', async () => {
    await assert.rejects(gradCam(model, x, { layer: 'flat' }), (error: SaliencyError) => {
      assert.equal(error.argument, 'layer');
      assert.match(error.message, /'flat' outputs shape \[any, 2\].*spatial layers are: conv_a, conv_b/);
      return true;
    });
  });

  test('a model without any spatial layer gets an error listing its layers', async () => {
    const dense = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1], name: 'f' }), tf.layers.dense({ units: 2, name: 'd' })] });
    await assert.rejects(gradCam(dense, x), (error: SaliencyError) => error.code === 'LAYER_NOT_FOUND' && /f \[any, 16\]/.test(error.message));
  });

  test('each sample of a batch gets its own map', async () => {
    const batch = seededImages([3, 4, 4, 1], 6);
    const together = await gradCam(model, batch, { target: 1 });
    for (let i = 0; i < 3; i++) {
      const single = tf.slice(batch, [i], [1]);
      const alone = await gradCam(model, single, { target: 1 });
      assertClose(alone.map.data, sampleOf(together.map, i).data);
      single.dispose();
    }
    batch.dispose();
  });
});

describe('linear head', () => {
  test('weights are the spatial means of the dense kernel, so the map is their weighted sum of A', async () => {
    const kernel = [[1], [-2], [3], [0.5], [2], [1], [-1], [0], [1], [1], [2], [-3]];
    const model = linearHeadModel(2, 3, 1, kernel, [0.1]);
    const x = seededImages([1, 2, 2, 3], 4);
    const values = x.dataSync();
    const g = column(kernel, 0);
    const weights = [0, 1, 2].map((k) => [0, 1, 2, 3].reduce((s, p) => s + (g[p * 3 + k] as number), 0) / 4);
    const expected = [0, 1, 2, 3].map((p) => weights.reduce((s, w, k) => s + w * (values[p * 3 + k] as number), 0));
    const result = await gradCam(model, x, { target: 0, relu: false });
    assertClose(result.map.data, expected, { atol: 1e-6 });
    x.dispose();
  });
});

describe('1-D maps', () => {
  test('a Conv1D model: the CAM identity over time steps, resized to the sequence length', async () => {
    const input = tf.input({ shape: [8, 2] });
    const conv = tf.layers.conv1d({ filters: 3, kernelSize: 3, activation: 'relu', name: 'conv1d' }).apply(input);
    const pooled = tf.layers.globalAveragePooling1d({}).apply(conv);
    const out = tf.layers.dense({ units: 2, name: 'head' }).apply(pooled) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    seedWeights(model, 5, 0.8);
    const x = seededImages([2, 8, 2], 3);
    const a = tf.tidy(() => (tf.model({ inputs: input, outputs: conv as tf.SymbolicTensor }).predict(x) as tf.Tensor).dataSync());
    const kernel = model.getLayer('head').getWeights()[0]?.arraySync() as number[][];
    const expected = Array.from({ length: 12 }, (_, p) => [0, 1, 2].reduce((s, k) => s + ((kernel[k] as number[])[1] as number) * (a[p * 3 + k] as number) / 6, 0));
    const raw = await withoutLeaks(() => gradCam(model, x, { target: 1, upsample: 'none', relu: false }));
    assert.deepEqual(raw.map.shape, [2, 6]);
    assertClose(raw.map.data, expected, { atol: 1e-6, rtol: 1e-4 });
    const resized = await gradCam(model, x, { target: 1 });
    assert.deepEqual(resized.map.shape, [2, 8]);
    assert.equal(resized.meta.extra?.['layer'], 'conv1d');
    x.dispose();
  });
});
