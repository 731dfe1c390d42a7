// The wasm engine is a fenced unit with an off switch: installEngine and setupBackend return
// handles whose dispose() puts TF.js back exactly as it was (the very same kernel and gradient
// configs, tf.fused functions, ReLU layer call and executor engine), installs are reference-counted,
// and maps computed after dispose are stock TF.js's, bit for bit.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { REFERENCE_ENGINE, activeEngine } from '../../src/core/engine.ts';
import { derivedWeightsSize } from '../../src/core/weight-cache.ts';
import { fastGradientsActive } from '../../src/engines/wasm/active.ts';
import { WASM_ENGINE } from '../../src/engines/wasm/engine.ts';
import { pathCounts, resetPathCounts } from '../../src/engines/wasm/path-counts.ts';
import { installEngine, saliency } from '../../src/index.ts';
import { setupBackend } from '../../src/node/index.ts';
import { fusionInput } from '../core/fusion-models.ts';
import { seedWeights } from '../support/tensors.ts';
import { relativeError } from './compare.ts';
import { mixedCnn } from './models.ts';
import { assertSameState, reluPrototype, snapshot, type TfState } from './tf-state.ts';

/**
 * A conv model stock wasm can differentiate (it lacks Conv2DBackpropFilter and the depthwise
 * backprop kernels) with a conv -> BN -> ReLU chain the executor folds, a max pool and dense layers.
 */
function foldedChainModel(): tf.LayersModel {
  const input = tf.input({ shape: [10, 10, 3] });
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor) => layer.apply(x) as tf.SymbolicTensor;
  let x = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), input);
  x = apply(tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', useBias: false }), x);
  x = apply(tf.layers.batchNormalization({ epsilon: 1e-3 }), x);
  x = apply(tf.layers.reLU({}), x);
  x = apply(tf.layers.maxPooling2d({ poolSize: 2 }), x);
  x = apply(tf.layers.flatten(), x);
  x = apply(tf.layers.dense({ units: 8, activation: 'relu' }), x);
  const model = tf.model({ inputs: input, outputs: apply(tf.layers.dense({ units: 3, activation: 'softmax' }), x) });
  seedWeights(model, 3, 0.6);
  return model;
}

let stock: TfState;
let model: tf.LayersModel;
let input: tf.Tensor;
const map = async (m: tf.LayersModel = model, x: tf.Tensor = input) => (await saliency(m, x, { target: 1 })).map.data;
/** The map of a model stock wasm cannot differentiate (depthwise convolutions). */
async function mixedMap(): Promise<Float32Array> {
  const [mixed, x] = [mixedCnn(), fusionInput([1, 12, 12, 3])];
  try {
    return await map(mixed, x);
  } finally {
    mixed.dispose();
    x.dispose();
  }
}
const errorOf = (run: () => Promise<unknown>) => run().then(() => '', (error: Error) => error.message);

before(async () => {
  tfwasm.setThreadsCount(1);
  assert.ok(await tf.setBackend('wasm'));
  model = foldedChainModel();
  input = fusionInput([2, 10, 10, 3]);
  stock = snapshot();
});

test('installEngine changes what it reports, and its dispose() restores TF.js exactly; a second dispose does nothing', () => {
  const tensors = tf.memory().numTensors;
  const handle = installEngine();
  const during = snapshot();
  assert.equal(activeEngine(), WASM_ENGINE);
  assert.deepEqual(handle.skippedPatches, []);
  assert.equal(handle.patches.length, 2);
  assert.notEqual(during.fused.conv2d, stock.fused.conv2d);
  assert.notEqual(during.reluCall?.value, stock.reluCall?.value);
  for (const name of [...handle.replacedKernels, ...handle.ownKernels, ...handle.cpuFallbackKernels]) {
    assert.notEqual(during.kernels.get(name), stock.kernels.get(name), `kernel ${name} is the engine's`);
  }
  assert.ok(handle.cpuFallbackKernels.includes('UnsortedSegmentSum') && !stock.kernels.has('UnsortedSegmentSum'));
  for (const name of handle.gradients) assert.notEqual(during.gradients.get(name), stock.gradients.get(name), `gradient ${name} is the engine's`);
  for (const name of ['Relu', 'Relu6', 'ClipByValue', 'FusedBatchNorm', 'FusedConv2D', '_FusedMatMul']) assert.ok(handle.gradients.includes(name), name);
  handle.dispose();
  assertSameState(snapshot(), stock, 'after dispose');
  handle.dispose();
  assertSameState(snapshot(), stock, 'after a second dispose');
  assert.equal(tf.memory().numTensors, tensors);
});

test('installs are reference-counted: the last handle restores, the latest fastGradients holds, a new install works again', () => {
  const first = installEngine();
  const installed = snapshot();
  const second = installEngine({ fastGradients: false });
  assertSameState(snapshot(), installed, 'a second install changes nothing');
  assert.equal(fastGradientsActive(), false, "the second install's setting holds");
  first.dispose();
  first.dispose();
  assertSameState(snapshot(), installed, 'one handle still holds the install');
  second.dispose();
  assertSameState(snapshot(), stock, 'the last handle restores');
  const third = installEngine();
  assert.equal(fastGradientsActive(), true);
  assert.notEqual(tf.getKernel('Conv2DBackpropFilter', 'wasm'), undefined, 'installed anew');
  assert.notEqual(tf.fused.conv2d, stock.fused.conv2d);
  third.dispose();
  assertSameState(snapshot(), stock, 'after the new install is disposed');
});

test('setupBackend resolves to EngineInfo and dispose(); disposing every handle restores TF.js exactly', async () => {
  const a = await setupBackend({ threads: 1 });
  const b = await setupBackend({ threads: 1 });
  assert.equal(a.backend, 'wasm');
  assert.equal(a.fastGradients, true);
  assert.ok(a.replacedKernels.includes('MaxPoolGrad') && a.cpuFallbackKernels.includes('UnsortedSegmentSum'));
  a.dispose();
  assert.equal(activeEngine(), WASM_ENGINE, 'b still holds the engine');
  b.dispose();
  assertSameState(snapshot(), stock, 'after both handles are disposed');
  assert.equal(activeEngine(), REFERENCE_ENGINE);
  assert.equal(tf.getBackend(), 'wasm', 'dispose leaves the backend selected');
});

test('maps computed after dispose equal stock TF.js bit for bit; on the engine they agree to float rounding', async () => {
  const stockMap = await map();
  assert.ok(stockMap.some((v) => v !== 0), 'the stock map is not all zero');
  const stockError = await errorOf(mixedMap);
  assert.match(stockError, /not registered for backend 'wasm'/, 'stock wasm lacks the depthwise backprop kernels');

  const handle = await setupBackend({ threads: 1 });
  resetPathCounts();
  const engineMap = await map();
  assert.ok((pathCounts()['fused:FusedConv2D'] ?? 0) > 0, 'the folded chain ran on the engine through the executor hook');
  assert.ok(relativeError(engineMap, stockMap) < 1e-5, `engine vs stock: ${relativeError(engineMap, stockMap)}`);
  assert.equal(await errorOf(mixedMap), '', 'the engine computes what stock wasm cannot');
  assert.ok(derivedWeightsSize().entries > 0, 'derived weights are cached while installed');

  handle.dispose();
  assert.equal(derivedWeightsSize().entries, 0, 'dispose clears the derived-weight cache');
  resetPathCounts();
  const afterMap = await map();
  assert.deepEqual(pathCounts(), {}, 'no engine path acts after dispose');
  assert.deepEqual(Array.from(afterMap), Array.from(stockMap), 'bit for bit the stock map');
  assert.equal(await errorOf(mixedMap), stockError, 'and the same stock failure');
  assertSameState(snapshot(), stock, 'after the maps');
});

test('the ReLU prototype is restored exactly, also where its call was inherited', () => {
  const proto = reluPrototype() as { call?: unknown };
  const own = Object.getOwnPropertyDescriptor(proto, 'call') as PropertyDescriptor;
  delete proto.call;
  try {
    const inherited = snapshot();
    const handle = installEngine();
    assert.ok(Object.prototype.hasOwnProperty.call(proto, 'call'), 'patched on the prototype itself');
    handle.dispose();
    assert.equal(Object.getOwnPropertyDescriptor(proto, 'call'), undefined, 'no own call is left behind');
    assertSameState(snapshot(), inherited, 'after dispose');
  } finally {
    Object.defineProperty(proto, 'call', own);
  }
  assertSameState(snapshot(), stock, 'the test put the stock call back');
});
