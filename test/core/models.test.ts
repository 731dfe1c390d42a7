// Model forms: nested models addressed through their inner layers, multi-input and multi-output
// models, and the guarantee that the user's model is never changed, also when a call throws.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { customTarget, filterTarget, listLayers, saliency, SaliencyError } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { seedWeights, seededValues, weightSnapshot, withoutLeaks } from '../support/tensors.ts';

before(useCpu);

function nestedModel(): { outer: tf.Sequential; inner: tf.LayersModel } {
  const input = tf.input({ shape: [5, 5, 2] });
  const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', name: 'inner_conv' }).apply(input);
  const flat = tf.layers.flatten({ name: 'inner_flatten' }).apply(conv) as tf.SymbolicTensor;
  const inner = tf.model({ inputs: input, outputs: flat, name: 'base' });
  const outer = tf.sequential({ name: 'classifier' });
  outer.add(inner);
  outer.add(tf.layers.dense({ units: 4, activation: 'softmax', name: 'head' }));
  seedWeights(outer, 21, 0.7);
  return { outer, inner };
}

describe('nested models', () => {
  const { outer, inner } = nestedModel();
  const x = tf.tensor4d(seededValues(100, 4), [2, 5, 5, 2]);

  test('the layer table lists nested layers with their paths', () => {
    const paths = listLayers(outer).map((row) => row.path.join('/'));
    assert.deepEqual(paths, ['base', 'base/input1', 'base/inner_conv', 'base/inner_flatten', 'head'].map((p) => p.replace('input1', paths[1]?.split('/')[1] ?? '')));
    assert.equal(listLayers(outer)[0]?.isModel, true);
  });

  test('a filter of a layer inside the nested model, by name and by path, equals the inner model alone', async () => {
    const direct = await saliency(inner, x, { target: filterTarget('inner_conv', 2) });
    const byName = await withoutLeaks(() => saliency(outer, x, { target: filterTarget('inner_conv', 2) }));
    const byPath = await saliency(outer, x, { target: filterTarget('base/inner_conv', 2) });
    const byArray = await saliency(outer, x, { target: filterTarget(['base', 'inner_conv'], 2) });
    for (const result of [byName, byPath, byArray]) assertClose(result.map.data, direct.map.data);
    assert.deepEqual(byPath.meta.readsFrom, ['base/inner_conv']);
  });

  test('the output softmax of the outer model is removed; gradient w.r.t. a nested layer', async () => {
    const result = await withoutLeaks(() => saliency(outer, x, { target: 1, wrt: 'base/inner_conv' }));
    assert.deepEqual([...result.map.shape], [2, 3, 3, 3]);
    assert.deepEqual(result.meta.softmax.removedFrom, ['head']);
    const kernel = outer.getLayer('head').getWeights()[0] as tf.Tensor;
    const column = tf.tidy(() => tf.slice(kernel, [0, 1], [-1, 1]).dataSync());
    const relu = tf.tidy(() => (inner.predict(x) as tf.Tensor).dataSync());
    const expected = Array.from(relu, (a, i) => (a > 0 ? 1 : 0) * 0 + (column[i % 27] as number));
    assertClose(result.map.data, expected, { message: 'd logit / d flatten = head kernel column (the wrt is the conv output, flatten is a reshape)' });
  });
});

describe('multi-input and multi-output models', () => {
  const a = tf.input({ shape: [2], name: 'a' });
  const b = tf.input({ shape: [3], name: 'b' });
  const joined = tf.layers.concatenate().apply([a, b]);
  const first = tf.layers.dense({ units: 2, name: 'first' }).apply(joined) as tf.SymbolicTensor;
  const second = tf.layers.dense({ units: 1, name: 'second' }).apply(joined) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [a, b], outputs: [first, second] });
  const w1 = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]];
  const w2 = [[-1], [-2], [-3], [-4], [-5]];
  model.getLayer('first').setWeights([tf.tensor2d(w1), tf.zeros([2])]);
  model.getLayer('second').setWeights([tf.tensor2d(w2), tf.zeros([1])]);
  const inputs = [tf.ones([1, 2]), tf.ones([1, 3])];

  test('one map per input; the output is chosen by index or name', async () => {
    const result = await withoutLeaks(() => saliency(model, inputs, { target: filterTargetOnOutput(1, 'first') }));
    assert.equal(result.maps.length, 2);
    assertClose(result.maps[0]?.data ?? [], [2, 4]);
    assertClose(result.maps[1]?.data ?? [], [6, 8, 10]);
    const byIndex = await saliency(model, inputs, { target: filterTargetOnOutput(0, 1) });
    assertClose(byIndex.maps[1]?.data ?? [], [-3, -4, -5]);
  });

  test('without a chosen output the error lists the outputs', async () => {
    await assert.rejects(saliency(model, inputs, { target: 0 }), /output: the model has 2 outputs \(first, second\)/);
  });

  test('an input that does not reach the target gets a zero map', async () => {
    const c = tf.input({ shape: [2] });
    const d = tf.input({ shape: [2] });
    const used = tf.layers.dense({ units: 1 }).apply(c) as tf.SymbolicTensor;
    const partial = tf.model({ inputs: [c, d], outputs: used });
    const result = await saliency(partial, [tf.ones([1, 2]), tf.ones([1, 2])], { target: 0 });
    assert.deepEqual(Array.from(result.maps[1]?.data ?? []), [0, 0]);
  });
});

function filterTargetOnOutput(index: number, output: number | string): ReturnType<typeof customTarget> {
  return customTarget((activation) => tf.reshape(tf.slice(activation, [0, index], [-1, 1]), [-1]), { output });
}

describe('the user model is never changed', () => {
  function reluModel(): tf.LayersModel {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 2, inputShape: [2], useBias: false, activation: 'relu' }), tf.layers.dense({ units: 2, useBias: false, activation: 'softmax' })],
    });
    model.layers[0]?.setWeights([tf.tensor2d([[-1, 1], [-1, 1]])]);
    model.layers[1]?.setWeights([tf.tensor2d([[-1, 1], [1, -1]])]);
    return model;
  }
  const x = tf.tensor2d([[-1, 0]]);

  test('guided and rectified leave weights, outputs and the Relu gradient as they were', async () => {
    const model = reluModel();
    const weights = weightSnapshot(model);
    const predictions = (model.predict(x) as tf.Tensor).dataSync();
    const guided = await saliency(model, x, { target: 0, backpropModifier: 'guided' });
    assert.deepEqual(Array.from(guided.map.data), [0, 0], 'guided closes the path with negative dy');
    await saliency(model, x, { target: 0, backpropModifier: 'rectified' });
    weightSnapshot(model).forEach((w, i) => assert.deepEqual(w, weights[i]));
    assert.deepEqual((model.predict(x) as tf.Tensor).dataSync(), predictions);
    const plain = await saliency(model, x, { target: 0 });
    assert.deepEqual(Array.from(plain.map.data), [1, 1], 'the stock Relu gradient is back');
  });

  test('also after a call that throws inside the computation', async () => {
    const model = reluModel();
    const predictions = (model.predict(x) as tf.Tensor).dataSync();
    const failing = customTarget(() => {
      throw new Error('boom');
    }, { classification: true });
    const before = tf.memory().numTensors;
    await assert.rejects(saliency(model, x, { target: failing, backpropModifier: 'guided' }), /boom/);
    assert.equal(tf.memory().numTensors, before, 'no tensors left behind by the failed call');
    assert.deepEqual((model.predict(x) as tf.Tensor).dataSync(), predictions, 'the softmax activation is restored');
    const plain = await saliency(model, x, { target: 0 });
    assert.deepEqual(Array.from(plain.map.data), [1, 1], 'the stock Relu gradient is restored');
  });
});

class RoundLayer extends tf.layers.Layer {
  static className = 'RoundLayer';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.round(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs);
  }
}

describe('errors say what would be valid', () => {
  const model = nestedModel().outer;
  const x = tf.zeros([1, 5, 5, 2]);

  test('a missing layer name lists the layers', async () => {
    await assert.rejects(saliency(model, x, { target: filterTarget('conv9', 0) }), (error: unknown) => {
      assert.ok(error instanceof SaliencyError);
      assert.equal(error.code, 'LAYER_NOT_FOUND');
      assert.match(error.message, /no layer 'conv9'; layers are: base, .*base\/inner_conv, base\/inner_flatten, head/);
      return true;
    });
  });

  test('a class out of range names the valid range', async () => {
    await assert.rejects(saliency(model, x, { target: 7 }), /class 7 is out of range; valid classes are 0 to 3/);
  });

  test('an input of the wrong shape names the expected shape', async () => {
    await assert.rejects(saliency(model, tf.zeros([1, 4, 4, 2]), { target: 0 }), /expected shape \[any, 5, 5, 2\].*got \[1, 4, 4, 2\]/);
  });

  test('an index out of range names the valid indices', async () => {
    await assert.rejects(saliency(model, x, { target: filterTarget(5, 0) }), /index 5 is out of range; .* \(valid: -2 to 1\)/);
  });

  test('a model with no differentiable path to the input is reported, not a blank map', async () => {
    const rounding = tf.sequential({ layers: [new RoundLayer({ inputShape: [3] }), tf.layers.dense({ units: 2 })] });
    const ones = tf.ones([1, 3]);
    const before = tf.memory().numTensors;
    await assert.rejects(saliency(rounding, ones, { target: 0 }), (error: unknown) => {
      assert.ok(error instanceof SaliencyError && error.code === 'NO_GRADIENT');
      assert.match(error.message, /non-differentiable ops \(Round\)/);
      return true;
    });
    assert.equal(tf.memory().numTensors, before);
  });

  test('a zero gradient with a differentiable path is a warning, not an error', async () => {
    const dead = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], activation: 'relu', useBias: false, kernelInitializer: 'ones' }), tf.layers.dense({ units: 1 })] });
    const result = await saliency(dead, tf.tensor2d([[-1, -1]]), { target: 0 });
    assert.deepEqual(Array.from(result.map.data), [0, 0]);
    assert.match(result.meta.warnings.join(), /zero everywhere for sample\(s\) 0/);
  });
});
