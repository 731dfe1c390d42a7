import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { assertSameOnWasmAndCpu, seededValues } from './compare.ts';

before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});

interface LayerCase {
  /** Builds the layer(s) between the inputs and the output. */
  make: (inputs: tf.SymbolicTensor[]) => tf.SymbolicTensor;
  /** Shapes of the inputs, without the batch axis. */
  inputs: number[][];
  /** Integer inputs in [0, vocabulary) (embeddings): no input gradient, weight gradients only. */
  vocabulary?: number;
  /** Batch size; default 2. */
  batch?: number;
}

const L = tf.layers;
const one = (layer: tf.layers.Layer) => (inputs: tf.SymbolicTensor[]) => layer.apply(inputs[0] as tf.SymbolicTensor) as tf.SymbolicTensor;
const many = (layer: tf.layers.Layer) => (inputs: tf.SymbolicTensor[]) => layer.apply(inputs) as tf.SymbolicTensor;
const image = [[7, 8, 3]];
const sequence = [[6, 4]];
const volume = [[4, 5, 5, 2]];

/** Every layer type of tf.layers that has weights or a gradient, with strides, paddings and dilations. */
const CASES: Record<string, LayerCase> = {
  conv1d: { make: one(L.conv1d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })), inputs: sequence },
  conv2dSame: { make: one(L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' })), inputs: image },
  conv2dValidStride2: { make: one(L.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'valid' })), inputs: image },
  conv2dRelu6Stride2: { make: one(L.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu6', useBias: false })), inputs: image },
  conv2dElu: { make: one(L.conv2d({ filters: 2, kernelSize: 2, activation: 'elu' })), inputs: image },
  conv2dTranspose: { make: one(L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' })), inputs: image },
  conv3d: { make: one(L.conv3d({ filters: 2, kernelSize: 2, padding: 'same' })), inputs: volume },
  depthwiseSame: { make: one(L.depthwiseConv2d({ kernelSize: 3, padding: 'same', activation: 'relu' })), inputs: image },
  depthwiseStride2Mult2: { make: one(L.depthwiseConv2d({ kernelSize: 3, strides: 2, depthMultiplier: 2, padding: 'valid' })), inputs: image },
  separable: { make: one(L.separableConv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })), inputs: image },
  dense: { make: one(L.dense({ units: 5, activation: 'relu' })), inputs: [[6]] },
  denseOnSequence: { make: one(L.dense({ units: 3, activation: 'relu6' })), inputs: sequence },
  maxPool1d: { make: one(L.maxPooling1d({ poolSize: 2 })), inputs: sequence },
  maxPool2d: { make: one(L.maxPooling2d({ poolSize: 2, padding: 'same' })), inputs: image },
  maxPool2dOverlapping: { make: one(L.maxPooling2d({ poolSize: 3, strides: 2 })), inputs: image },
  maxPool3d: { make: one(L.maxPooling3d({ poolSize: 2 })), inputs: volume },
  avgPool1d: { make: one(L.averagePooling1d({ poolSize: 2 })), inputs: sequence },
  avgPool2d: { make: one(L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' })), inputs: image },
  avgPool3d: { make: one(L.averagePooling3d({ poolSize: 2 })), inputs: volume },
  globalAvg2d: { make: one(L.globalAveragePooling2d({})), inputs: image },
  globalMax2d: { make: one(L.globalMaxPooling2d({})), inputs: image },
  globalAvg1d: { make: one(L.globalAveragePooling1d({})), inputs: sequence },
  globalMax1d: { make: one(L.globalMaxPooling1d({})), inputs: sequence },
  batchNorm: { make: one(L.batchNormalization({})), inputs: image },
  layerNorm: { make: one(L.layerNormalization({})), inputs: sequence },
  relu6Layer: { make: one(L.reLU({ maxValue: 6 })), inputs: image },
  reluLayerMax3: { make: one(L.reLU({ maxValue: 3 })), inputs: image },
  leakyRelu: { make: one(L.leakyReLU({ alpha: 0.1 })), inputs: image },
  prelu: { make: one(L.prelu({})), inputs: image },
  elu: { make: one(L.elu({})), inputs: image },
  softmaxLayer: { make: one(L.softmax({ axis: -1 })), inputs: sequence },
  activations: {
    make: (inputs) => ['selu', 'tanh', 'sigmoid', 'hardSigmoid', 'softplus', 'softsign', 'swish', 'mish', 'gelu', 'linear', 'relu6', 'elu']
      .reduce((t, activation) => L.activation({ activation: activation as 'tanh' }).apply(t) as tf.SymbolicTensor, inputs[0] as tf.SymbolicTensor),
    inputs: [[5]],
  },
  shapeOps: {
    make: (inputs) => [L.zeroPadding2d({ padding: 1 }), L.cropping2D({ cropping: [[1, 0], [0, 2]] }), L.upSampling2d({ size: [2, 2] }),
      L.permute({ dims: [2, 1, 3] }), L.reshape({ targetShape: [64, 3] }), L.flatten(), L.repeatVector({ n: 2 }), L.dropout({ rate: 0.5 })]
      .reduce((t, layer) => layer.apply(t) as tf.SymbolicTensor, inputs[0] as tf.SymbolicTensor),
    inputs: [[3, 4, 3]],
    // The cpu reference of nearest-neighbour upsampling is wrong for batches > 1 (its
    // ResizeNearestNeighborGrad offsets dy by the image batch stride); see the test below.
    batch: 1,
  },
  upSamplingBilinear: { make: one(L.upSampling2d({ size: [2, 2], interpolation: 'bilinear' })), inputs: [[6, 6, 2]] },
  merges: {
    make: (inputs) => L.concatenate().apply([
      L.add().apply(inputs) as tf.SymbolicTensor, L.multiply().apply(inputs) as tf.SymbolicTensor, L.average().apply(inputs) as tf.SymbolicTensor,
      L.maximum().apply(inputs) as tf.SymbolicTensor, L.minimum().apply(inputs) as tf.SymbolicTensor,
    ]) as tf.SymbolicTensor,
    inputs: [[4, 3], [4, 3]],
  },
  dot: { make: many(L.dot({ axes: -1 })), inputs: [[5], [5]] },
  embedding: { make: one(L.embedding({ inputDim: 7, outputDim: 3 })), inputs: [[5]], vocabulary: 7 },
  simpleRnn: { make: one(L.simpleRNN({ units: 3 })), inputs: sequence },
  gru: { make: one(L.gru({ units: 3, returnSequences: true })), inputs: sequence },
  lstm: { make: one(L.lstm({ units: 3 })), inputs: sequence },
  bidirectional: { make: one(L.bidirectional({ layer: L.lstm({ units: 2 }) as tf.RNN, mergeMode: 'concat' })), inputs: sequence },
  timeDistributed: { make: one(L.timeDistributed({ layer: L.dense({ units: 2 }) })), inputs: sequence },
  convLstm2d: { make: one(L.convLstm2d({ filters: 2, kernelSize: 3, padding: 'same' })), inputs: [[3, 5, 5, 2]] },
};

/** Deterministic weights: seeded values, variances positive. */
function seedWeights(model: tf.LayersModel): void {
  model.setWeights(model.weights.map((w, i) => {
    const shape = w.shape as number[];
    const t = tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 100 + i), shape);
    return /variance/.test(w.originalName) ? tf.add(tf.abs(t), 0.5) : tf.mul(t, 0.7);
  }));
}

function buildCase(c: LayerCase): tf.LayersModel {
  const inputs = c.inputs.map((shape) => tf.input({ shape, dtype: c.vocabulary ? 'int32' : 'float32' }));
  const model = tf.model({ inputs, outputs: c.make(inputs) });
  seedWeights(model);
  return model;
}

/** Gradients of sum(output * fixed weights) with respect to every float input and every weight. */
function allGradients(model: tf.LayersModel, c: LayerCase): tf.Tensor[] {
  const batch = c.batch ?? 2;
  const xs = c.inputs.map((shape, i) => {
    const size = batch * shape.reduce((a, b) => a * b, 1);
    const values = seededValues(size, 40 + i);
    return c.vocabulary
      ? tf.tensor(Array.from(values, (v) => Math.floor((v + 1) / 2 * (c.vocabulary as number))), [batch, ...shape], 'int32')
      : tf.mul(tf.tensor(values, [batch, ...shape]), 2);
  });
  const outShape = (model.outputs[0] as tf.SymbolicTensor).shape.slice(1) as number[];
  const target = tf.tensor(seededValues(batch * outShape.reduce((a, b) => a * b, 1), 50), [batch, ...outShape]);
  const score = (...inputs: tf.Tensor[]) => tf.sum(tf.mul(model.apply(inputs.length === 1 ? inputs[0] as tf.Tensor : inputs) as tf.Tensor, target)) as tf.Scalar;
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const inputGrads = c.vocabulary ? [] : tf.grads(score)(xs);
  if (weights.length === 0) return inputGrads;
  const { grads } = tf.variableGrads(() => score(...xs), weights);
  return [...inputGrads, ...weights.map((w) => grads[w.name] as tf.Tensor)];
}

test('every layer type: input and weight gradients on wasm match cpu, and no gradient kernel is missing', async () => {
  const kernels = new Set<string>();
  for (const [name, c] of Object.entries(CASES)) {
    const model = buildCase(c);
    try {
      await assertSameOnWasmAndCpu(name, () => allGradients(model, c));
      const profile = await tf.profile(() => tf.dispose(allGradients(model, c)));
      profile.kernelNames.forEach((k) => kernels.add(k));
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    } finally {
      model.dispose();
    }
  }
  const wasm = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  const cpu = new Set(tf.getKernelsForBackend('cpu').map((k) => k.kernelName));
  assert.deepEqual([...kernels].filter((k) => cpu.has(k) && !wasm.has(k)), []);
  for (const needed of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropInput', 'MaxPoolGrad', 'UnsortedSegmentSum']) {
    assert.ok(kernels.has(needed), `the walk never ran ${needed}; it ran ${[...kernels].sort().join(', ')}`);
  }
});

test('nearest-neighbour upsampling gradient on wasm, batch 2: each pixel gets the sum of its 2x2 block of dy', async () => {
  await tf.setBackend('wasm');
  const dy = tf.range(0, 32).reshape([2, 4, 4, 1]);
  const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [4, 4]), dy)))(tf.zeros([2, 2, 2, 1]));
  const block = (b: number, r: number, c: number) => [0, 1].flatMap((i) => [0, 1].map((j) => b * 16 + (2 * r + i) * 4 + 2 * c + j)).reduce((a, v) => a + v, 0);
  assert.deepEqual(Array.from(await grad.data()), [0, 1].flatMap((b) => [0, 1].flatMap((r) => [0, 1].map((c) => block(b, r, c)))));
  tf.dispose([dy, grad]);
});
