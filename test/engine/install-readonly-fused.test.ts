// Where tf.fused is read-only (TF.js loaded as unbundled ES modules, or a bundler's frozen
// namespace object, as in the explorer), installEngine still installs the kernels, gradients, the
// ReLU layer patch and the executor hook, reports the patch it could not apply and why, and never
// throws for it; the executor's folded chains still reach the engine's fused kernels. Its own
// process: tf.fused stays frozen here.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { pathCounts, resetPathCounts } from '../../src/engines/wasm/path-counts.ts';
import { installEngine, saliency } from '../../src/index.ts';
import { fusionCaseModel, fusionInput } from '../core/fusion-models.ts';
import { relativeError } from './compare.ts';
import { assertSameState, snapshot } from './tf-state.ts';

before(async () => {
  tfwasm.setThreadsCount(1);
  assert.ok(await tf.setBackend('wasm'));
  Object.freeze(tf.fused);
});

test('with tf.fused frozen, installEngine installs the rest, says why tf.fused is not patched, and dispose restores exactly', async () => {
  const model = fusionCaseModel();
  const x = fusionInput([2, 12, 12, 3]);
  await tf.setBackend('cpu');
  const reference = (await saliency(model, x, { target: 2 })).map.data;
  await tf.setBackend('wasm');
  const stock = snapshot();

  const handle = installEngine();
  assert.equal(handle.skippedPatches.length, 1);
  const [skipped] = handle.skippedPatches;
  assert.match(skipped?.patch ?? '', /^tf\.fused/);
  assert.match(skipped?.reason ?? '', /read only|read-only|not extensible|Cannot assign/i, skipped?.reason);
  assert.deepEqual(handle.patches, ['tf.layers ReLU prototype call (relu6 layers)']);
  assert.equal(tf.fused.conv2d, stock.fused.conv2d, 'tf.fused untouched');
  assert.notEqual(tf.getKernel('Conv2DBackpropFilter', 'wasm'), undefined, 'kernels installed');
  assert.notEqual(tf.getGradient('Relu'), stock.gradients.get('Relu'), 'gradients installed');

  resetPathCounts();
  const map = (await saliency(model, x, { target: 2 })).map.data;
  const counts = pathCounts();
  assert.ok((counts['fused:FusedConv2D'] ?? 0) > 0 && (counts['fused:FusedDepthwiseConv2D'] ?? 0) > 0,
    `the folded chains ran as the engine's fused kernels through the executor hook: ${JSON.stringify(counts)}`);
  assert.ok(relativeError(map, reference) < 1e-5, `engine vs cpu: ${relativeError(map, reference)}`);

  handle.dispose();
  assertSameState(snapshot(), stock, 'after dispose');
  tf.dispose(x);
  model.dispose();
});
