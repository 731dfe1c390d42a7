import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { onnxIntegratedGradients, onnxSaliency } from '../../src/engines/onnx/model/methods.ts';
import { loadOnnxModel } from '../../src/node/models/load-onnx-model.ts';
import { relativeError } from '../support/assert-close.ts';
import { exportModels, reference, SKIP, toNhwc } from './fixtures.ts';

describe('saliency and Integrated Gradients of PyTorch-exported .onnx models equal PyTorch autograd', { skip: SKIP }, () => {
  let models: ReturnType<typeof exportModels>;
  before(() => (models = exportModels()));
  after(() => models.remove());

  for (const name of ['mnist', 'resnet', 'mobilenet', 'nhwc', 'ops', 'fixed4', 'amax', 'conv1d', 'tokens'] as const) {
    it(`${name}: input gradient and Captum-style IG within 1e-5 (relative to the largest value)`, async () => {
      const ref = reference(models.folder, name);
      const model = await loadOnnxModel(join(models.folder, `${name}.onnx`), { threads: 1 });
      try {
        const nchw = name !== 'nhwc';
        const [n, a, b, c] = ref.inputShape as [number, number, number, number];
        const shape = nchw ? [n, b, c, a] : [n, a, b, c];
        const images = { data: nchw ? toNhwc(ref.input, ref.inputShape) : ref.input, shape };
        const back = (values: Float32Array) => (nchw ? toNhwc(values, ref.inputShape) : values);
        const saliency = await onnxSaliency(model, images);
        assert.deepEqual(saliency.meta.units, ref.targets);
        const e1 = relativeError(saliency.map.data, back(ref.saliency));
        assert.ok(e1 < 1e-5, `saliency relative error ${e1}`);
        const ig = await onnxIntegratedGradients(model, images, { internalBatchSize: 50 });
        const e2 = relativeError(ig.map.data, back(ref.integratedGradients));
        assert.ok(e2 < 1e-5, `IG relative error ${e2}`);
        const delta = ig.meta.extra?.delta as number[];
        const logits = ref.logits;
        delta.forEach((d, i) => assert.ok(Math.abs(d) < 1e-2 * Math.max(1, Math.abs(logits[i * (logits.length / n)] as number)), `completeness delta ${d}`));
      } finally {
        model.dispose();
      }
    });
  }

  it('an op without a backward rule names itself; perturbation still runs the model', async () => {
    const model = await loadOnnxModel(join(models.folder, 'cumsum.onnx'), { threads: 1, layout: 'nchw' });
    try {
      const images = { data: new Float32Array(2 * 16).fill(0.5), shape: [2, 4, 4, 1] };
      await assert.rejects(onnxSaliency(model, images), /none for CumSum '[^']+'.*Perturbation methods/s);
      assert.equal((await model.predict(images.data, 2)).length, 4);
    } finally {
      model.dispose();
    }
  });
});
