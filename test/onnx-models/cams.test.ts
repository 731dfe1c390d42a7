import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ONNX_CAM_METHODS, onnxCam } from '../../src/engines/onnx/model/cams.ts';
import { onnxTensors } from '../../src/engines/onnx/model/tensors.ts';
import { loadOnnxModel } from '../../src/node/models/load-onnx-model.ts';
import type { OnnxModel } from '../../src/engines/onnx/model/onnx-model.ts';
import { relativeError } from '../support/assert-close.ts';
import { exportModels, reference, SKIP, toNhwc } from './fixtures.ts';

interface CamReference {
  readonly targets: number[];
  readonly layerShape: number[];
  readonly maps: Record<string, number[]>;
  readonly gradCamUpsampled: number[];
}

describe('CAMs of a PyTorch-exported ResNet-like .onnx model equal torch hooks + autograd', { skip: SKIP }, () => {
  let models: ReturnType<typeof exportModels>;
  let model: OnnxModel;
  let images: { data: Float32Array; shape: number[] };
  let cams: CamReference;
  before(async () => {
    models = exportModels();
    const ref = reference(models.folder, 'resnet');
    cams = JSON.parse(readFileSync(join(models.folder, 'resnet.cams.json'), 'utf8')) as CamReference;
    model = await loadOnnxModel(join(models.folder, 'resnet.onnx'), { threads: 1 });
    images = { data: toNhwc(ref.input, ref.inputShape), shape: [2, 32, 32, 3] };
  });
  after(() => {
    model.dispose();
    models.remove();
  });

  it('the default layer is the last 4-D activation before global pooling (the last block\'s output)', () => {
    const spatial = onnxTensors(model).filter((t) => t.spatial);
    const last = spatial[spatial.length - 1];
    assert.equal(last?.op, 'Relu');
    assert.deepEqual(last?.shape, ['N', ...cams.layerShape.slice(1)]);
  });

  for (const method of ONNX_CAM_METHODS) {
    it(`${method}: the map at the layer (before its ReLU) within 1e-5 of PyTorch's`, async () => {
      const before = tf.memory().numTensors;
      const result = await onnxCam(model, images, { method, upsample: 'none', relu: false });
      assert.equal(tf.memory().numTensors, before);
      assert.deepEqual(result.meta.units, cams.targets);
      assert.deepEqual(result.map.shape, [2, 8, 8]);
      const expected = Float32Array.from(cams.maps[method] as number[]);
      const error = relativeError(result.map.data, expected);
      assert.ok(error < 1e-5, `${method} relative error ${error}`);
      if (method !== 'layer-cam') return;
      const rectified = await onnxCam(model, images, { method, upsample: 'none' });
      assert.ok(relativeError(rectified.map.data, expected.map((v) => Math.max(v, 0))) < 1e-5);
      assert.ok(rectified.map.data.some((v) => v > 0));
    });
  }

  it('Grad-CAM upsampled to 32x32 equals F.interpolate(bilinear, align_corners=False); naming the node gives the same map', async () => {
    const result = await onnxCam(model, images, { relu: false });
    assert.deepEqual(result.map.shape, [2, 32, 32]);
    const error = relativeError(result.map.data, Float32Array.from(cams.gradCamUpsampled));
    assert.ok(error < 1e-5, `relative error ${error}`);
    assert.equal(result.meta.extra?.layerChosen, 'automatically');
    const named = await onnxCam(model, images, { relu: false, layer: result.meta.extra?.layerNode as string });
    assert.deepEqual(named.map.data, result.map.data);
    assert.equal(named.meta.extra?.layerChosen, 'by the caller');
  });

  it('one sample per runtime call: progress after each, the same maps and scores (Grad-CAM++ within 1e-5 of PyTorch); an aborted signal cancels', async () => {
    const progress: { done: number; total: number }[] = [];
    const result = await onnxCam(model, images, { method: 'grad-cam-plus-plus', upsample: 'none', relu: false, internalBatchSize: 1, onProgress: (p) => progress.push(p) });
    assert.deepEqual(progress, [{ done: 1, total: 2 }, { done: 2, total: 2 }]);
    const error = relativeError(result.map.data, Float32Array.from(cams.maps['grad-cam-plus-plus'] as number[]));
    assert.ok(error < 1e-5, `relative error ${error}`);
    const whole = await onnxCam(model, images, { method: 'grad-cam-plus-plus', upsample: 'none', relu: false });
    assert.ok(relativeError(result.map.data, whole.map.data) < 1e-6);
    assert.deepEqual(result.meta.scores, whole.meta.scores);
    const controller = new AbortController();
    const cancelled = onnxCam(model, images, { internalBatchSize: 1, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(cancelled, (e: Error & { code?: string }) => e.code === 'CANCELLED');
    await assert.rejects(onnxCam(model, images, { internalBatchSize: 0 }), /internalBatchSize/);
  });

  it('a layer that is not a 4-D map, or not in the graph, is refused naming the maps a CAM can read', async () => {
    const flat = onnxTensors(model).find((t) => t.shape.length === 2) as { tensor: string };
    await assert.rejects(onnxCam(model, images, { layer: flat.tensor }), /needs a 4-D map .*Relu/);
    await assert.rejects(onnxCam(model, images, { layer: 'nope' }), /'nope' is not a tensor or node .*saliency layers/);
    await assert.rejects(onnxCam(model, images, { method: 'score-cam' as never }), /method/);
  });
});
