// LRP against closed forms: epsilon on a bias-free ReLU MLP is gradient x input; z+ conserves the
// score layer by layer; every rule on a two-layer network equals the rule's formula written out by
// hand below; composites assign their rules; BatchNorm folds; layers without a rule are named.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { lrp } from '../../../src/methods/relevance/lrp.ts';
import { inputXGradient } from '../../../src/index.ts';
import { assertClose } from '../../support/assert-close.ts';
import { useCpu } from '../../support/backend.ts';
import { tinyCnn, tinyImages } from '../../support/models.ts';
import { withoutLeaks } from '../../support/tensors.ts';
import { B1, B2, W1, W2, handRule, handTwoLayer, pos, twoLayer } from './two-layer.ts';

before(useCpu);

describe('lrp', () => {
  test('epsilon on a ReLU MLP without biases equals gradient x input', async () => {
    const model = twoLayer(false);
    const x = tf.tensor2d([[1, 2], [-0.5, 1.5], [2, -1]]);
    const relevance = await withoutLeaks(() => lrp(model, x, { composite: 'epsilon', epsilon: 1e-9, target: 0 }));
    const product = await inputXGradient(model, x, { target: 0 });
    assertClose(relevance.map.data, product.map.data, { atol: 1e-6 });
    x.dispose();
  });

  test('epsilon through a DepthwiseConv2D configured with a dilation equals gradient x input (LRP computes the layer as TF.js does: it ignores that dilation)', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.depthwiseConv2d({ inputShape: [7, 7, 2], kernelSize: 3, dilationRate: 2, useBias: false, activation: 'relu', depthwiseInitializer: tf.initializers.randomNormal({ seed: 3 }) }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, useBias: false, kernelInitializer: tf.initializers.randomNormal({ seed: 4 }) }),
      ],
    });
    const x = tf.randomUniform([2, 7, 7, 2], 0, 1, 'float32', 5);
    const relevance = await withoutLeaks(() => lrp(model, x, { composite: 'epsilon', epsilon: 1e-9, target: 0 }));
    const product = await inputXGradient(model, x, { target: 0 });
    assertClose(relevance.map.data, product.map.data, { atol: 1e-5 });
    x.dispose();
    model.dispose();
  });

  for (const rule of ['epsilon', 'z-plus', 'alpha-beta', 'gamma', 'flat', 'w-square', 'z-box'] as const) {
    test(`the ${rule} rule on a two-layer network equals its formula`, async () => {
      const model = twoLayer(true);
      const rows = [[1, 2], [-0.5, 1.5]];
      const x = tf.tensor2d(rows);
      const result = await lrp(model, x, rule === 'z-box' ? { composite: 'epsilon-gamma-box', low: -2, high: 2, target: 0 } : { composite: rule, target: 0 });
      if (rule !== 'z-box') assertClose(result.map.data, rows.flatMap((r) => handTwoLayer(rule, r)), { atol: 1e-5, rtol: 1e-4 });
      else {
        // epsilon-gamma-box gives a dense first layer epsilon (z-box is for a first convolution): epsilon throughout.
        assertClose(result.map.data, rows.flatMap((r) => handTwoLayer('epsilon', r)), { atol: 1e-5, rtol: 1e-4 });
      }
      x.dispose();
    });
  }

  test('z-box on the first convolution equals its formula (a 1x1 convolution is a dense layer per pixel)', async () => {
    const input = tf.input({ shape: [1, 1, 2] });
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 1, activation: 'relu' }).apply(input);
    const out = tf.layers.dense({ units: 2 }).apply(tf.layers.flatten().apply(conv)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.layers[1]?.setWeights([tf.tensor4d(W1.flat(), [1, 1, 2, 3]), tf.tensor1d(B1)]);
    model.layers[3]?.setWeights([tf.tensor2d(W2), tf.tensor1d(B2)]);
    const x = tf.tensor4d([1, 2], [1, 1, 1, 2]);
    const result = await lrp(model, x, { composite: 'epsilon-gamma-box', low: -2, high: 2, target: 0 });
    const hidden = [0, 1, 2].map((j) => pos(1 * (W1[0] as number[])[j]! + 2 * (W1[1] as number[])[j]! + B1[j]!));
    const logit = hidden.reduce((acc, h, j) => acc + h * (W2[j] as number[])[0]!, 0) + B2[0]!;
    assertClose(result.map.data, handRule('z-box', [1, 2], W1, B1, handRule('epsilon', hidden, W2, B2, [logit, 0]), -2, 2), { atol: 1e-5, rtol: 1e-4 });
    assert.deepEqual(result.meta.extra?.['rules'], { [model.layers[3]!.name]: 'epsilon', [model.layers[2]!.name]: 'gradient', [model.layers[1]!.name]: 'z-box' });
    x.dispose();
  });

  test('z-plus conserves the score layer by layer on a CNN without biases', async () => {
    const model = tinyCnn();
    for (const layer of model.layers) {
      const weights = layer.getWeights();
      if (weights.length === 2) layer.setWeights([weights[0] as tf.Tensor, tf.zerosLike(weights[1] as tf.Tensor)]);
    }
    const x = tinyImages(2);
    const result = await withoutLeaks(() => lrp(model, x, { composite: 'z-plus', target: 1 }));
    const layers = result.meta.extra?.['conservation'] as { layer: string; sums: number[] }[];
    assert.deepEqual(layers.map((l) => l.layer), ['probs', 'flatten', 'pool', 'conv_b', 'conv_a']);
    for (const layer of layers) assertClose(layer.sums, result.meta.scores, { rtol: 1e-4, atol: 1e-5, message: layer.layer });
    assertClose(result.meta.extra?.['relevanceSum'] as number[], result.meta.scores, { rtol: 1e-4, atol: 1e-5 });
    x.dispose();
  });

  test('a BatchNormalization after a convolution is folded into it', async () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, name: 'c' }).apply(input);
    const norm = tf.layers.batchNormalization({ name: 'bn' }).apply(conv);
    const act = tf.layers.reLU().apply(norm);
    const out = tf.layers.dense({ units: 2, name: 'd' }).apply(tf.layers.globalAveragePooling2d({}).apply(act)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const bn = model.getLayer('bn');
    bn.setWeights([tf.tensor1d([1.5, 0.5, 2]), tf.tensor1d([0.1, -0.2, 0.3]), tf.tensor1d([0.05, 0.1, -0.1]), tf.tensor1d([0.5, 2, 1])]);
    const x = tf.tidy(() => tf.abs(tinyImages(1, 3).slice([0, 0, 0, 0], [1, 6, 6, 2])));
    const result = await withoutLeaks(() => lrp(model, x, { composite: 'epsilon', epsilon: 1e-9, target: 0 }));
    assert.equal((result.meta.extra?.['rules'] as Record<string, string>)['c'], 'epsilon (bn folded)');
    // Folded and unbiased-free epsilon-LRP with tiny epsilon on a ReLU net: relevance sums to the logit minus what the biases absorb;
    // with the folded layer it equals the same model whose BN was folded by hand.
    const folded = tf.sequential();
    folded.add(tf.layers.conv2d({ filters: 3, kernelSize: 3, inputShape: [6, 6, 2], activation: 'relu', name: 'c2' }));
    folded.add(tf.layers.globalAveragePooling2d({}));
    folded.add(tf.layers.dense({ units: 2 }));
    const [k, b] = model.getLayer('c').getWeights() as [tf.Tensor, tf.Tensor];
    const [gamma, beta, mean, variance] = bn.getWeights() as tf.Tensor[];
    tf.tidy(() => {
      const s = tf.div(gamma as tf.Tensor, tf.sqrt(tf.add(variance as tf.Tensor, 0.001)));
      folded.layers[0]?.setWeights([tf.mul(k, s), tf.add(tf.mul(tf.sub(b, mean as tf.Tensor), s), beta as tf.Tensor)]);
      folded.layers[2]?.setWeights(model.getLayer('d').getWeights());
    });
    const expected = await lrp(folded, x, { composite: 'epsilon', epsilon: 1e-9, target: 0 });
    assertClose(result.map.data, expected.map.data, { atol: 1e-6, rtol: 1e-4 });
    x.dispose();
  });

  test('composites give the first convolution, later convolutions and dense layers their rules', async () => {
    const result = await lrp(tinyCnn(), tinyImages(1), { composite: 'epsilon-gamma-box', target: 0 });
    const rules = result.meta.extra?.['rules'] as Record<string, string>;
    assert.deepEqual([rules['conv_a'], rules['conv_b'], rules['probs'], rules['pool']], ['z-box', 'gamma', 'epsilon', 'gradient']);
    const flat = await lrp(tinyCnn(), tinyImages(1), { composite: 'epsilon-alpha2-beta1-flat', target: 0 });
    const flatRules = flat.meta.extra?.['rules'] as Record<string, string>;
    assert.deepEqual([flatRules['conv_a'], flatRules['conv_b'], flatRules['probs']], ['flat', 'alpha2-beta1', 'epsilon']);
  });

  test('a layer without a rule is an error naming it, and alpha - beta must be 1', async () => {
    const model = tf.sequential();
    model.add(tf.layers.simpleRNN({ units: 2, inputShape: [3, 2], name: 'recurrent' }));
    model.add(tf.layers.dense({ units: 2 }));
    await assert.rejects(lrp(model, tf.ones([1, 3, 2])), /no rule for layer\(s\) 'recurrent' \(SimpleRNN\)/);
    await assert.rejects(lrp(twoLayer(true), tf.ones([1, 2]), { composite: 'alpha-beta', alpha: 2, beta: 2 }), /alpha - beta must be 1/);
  });
});
