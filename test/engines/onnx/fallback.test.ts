// Where the ONNX engine cannot run a call, the call runs on TF.js and meta.engine says why: a layer
// without a lowering (named with its class), no engine installed,
// onnxruntime-node missing. engine: 'onnx' turns each into an error naming the reason; engine:
// 'tfjs' skips the engine; installOnnxEngine's handle releases its sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradCam, saliency } from '../../../src/index.ts';
import { loadOrtRuntimeFrom } from '../../../src/engines/onnx/node/ort-runtime.ts';
import { installOnnxEngine } from '../../../src/node/index.ts';
import { seedWeights } from '../../support/tensors.ts';
import { seededInput, useOnnxEngine } from './support.ts';

const onnx = useOnnxEngine();

function modelWith(middle: tf.layers.Layer): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }),
      middle,
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
  });
  seedWeights(model, 4);
  return model;
}

test('a layer without an ONNX lowering runs on TF.js, and meta.engine names it', async (t) => {
  if (onnx.skip()) return t.skip(String(onnx.skip()));
  const model = modelWith(tf.layers.layerNormalization({ name: 'norm' }));
  const x = seededInput([1, 6, 6, 2]);
  try {
    const result = await saliency(model, x);
    assert.equal(result.meta.engine?.name, 'tfjs');
    assert.match(result.meta.engine?.reason ?? '', /layer 'norm' \(LayerNormalization\): no ONNX lowering/);
    await assert.rejects(saliency(model, x, { engine: 'onnx' }), (e: Error) => /engine: 'onnx' cannot run this model: .*'norm'/.test(e.message));
  } finally {
    x.dispose();
    model.dispose();
  }
});

test('GlobalMaxPool, once a lowered op without a backward rule, now runs on ONNX (ops without a rule are named on .onnx models: test/onnx-models)', async (t) => {
  if (onnx.skip()) return t.skip(String(onnx.skip()));
  const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, name: 'conv' }), tf.layers.globalMaxPooling2d({}), tf.layers.dense({ units: 2 })] });
  const x = seededInput([1, 6, 6, 2]);
  try {
    assert.equal((await saliency(model, x)).meta.engine?.name, 'onnx');
    assert.equal((await gradCam(model, x, { layer: 'conv' })).meta.engine?.name, 'onnx');
  } finally {
    x.dispose();
    model.dispose();
  }
});

test("engine: 'tfjs' skips the installed engine; without an engine 'auto' says none offered one, 'onnx' fails", async (t) => {
  if (onnx.skip()) return t.skip(String(onnx.skip()));
  const model = modelWith(tf.layers.maxPooling2d({ poolSize: 2 }));
  const x = seededInput([1, 6, 6, 2]);
  try {
    assert.deepEqual((await saliency(model, x, { engine: 'tfjs' })).meta.engine, { name: 'tfjs', reason: "engine 'tfjs' was asked for" });
    assert.equal((await saliency(model, x)).meta.engine?.name, 'onnx');
    onnx.handle().dispose();
    assert.match((await saliency(model, x)).meta.engine?.reason ?? '', /no installed engine/);
    await assert.rejects(saliency(model, x, { engine: 'onnx' }), /no ONNX engine is installed/);
    await assert.rejects(saliency(model, x, { engine: 'gpu' as never }), /engine: got "gpu"; valid values are 'auto', 'onnx', 'tfjs'/);
  } finally {
    x.dispose();
    model.dispose();
  }
});

test('onnxruntime-node missing: the loader answers no runtime and says why (never throws)', async () => {
  const load = await loadOrtRuntimeFrom('onnxruntime-node-not-installed');
  assert.equal(load.runtime, null);
  assert.match('reason' in load ? load.reason : '', /onnxruntime-node is not available/);
});

test('the handle caches one program per (model, wrt, captures, rule) and releases them on dispose', async (t) => {
  if (onnx.skip()) return t.skip(String(onnx.skip()));
  const handle = await installOnnxEngine({ threads: 1, maxPrograms: 2 });
  const model = modelWith(tf.layers.maxPooling2d({ poolSize: 2 }));
  const x = seededInput([1, 6, 6, 2]);
  try {
    await saliency(model, x);
    await saliency(model, x);
    assert.equal(handle.programCount(), 1, 'the same request reuses its program');
    await saliency(model, x, { backpropModifier: 'guided' });
    await gradCam(model, x, { layer: 'conv' });
    assert.equal(handle.programCount(), 2, 'at most maxPrograms are kept');
  } finally {
    handle.dispose();
    x.dispose();
    model.dispose();
  }
  assert.equal(handle.programCount(), 0, 'dispose released every session');
});
