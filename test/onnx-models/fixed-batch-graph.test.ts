// A hand-built .onnx model whose batch is fixed at 4 (no Python needed): score_c = w_c · mean(x)
// (1x1 Conv, GlobalAveragePool, Flatten). Node's loader scores and differentiates 6 rows (runs of
// 4 and 2 padded to 4) and the promise-based loader scores 2 rows, all against the closed form.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { GraphBuilder, onnxFunctionModel, predictRows, toModelBytes, type AsyncOnnxRuntime } from '../../src/index.ts';
import { createOnnxModel } from '../../src/engines/onnx/model/onnx-model.ts';
import { decodeOnnxModel } from '../../src/engines/onnx/model/decode-model.ts';
import { onnxSaliency } from '../../src/engines/onnx/model/methods.ts';
import { loadOrtRuntime } from '../../src/node/index.ts';

const W = [2, -1, 0.5];

/** The model: input [4, 1, 5, 5] NCHW, scores [4, 3]. */
function fixedBatchModel(): Uint8Array {
  const b = new GraphBuilder();
  const x = b.input('x', [4, 1, 5, 5]);
  const conv = b.op('Conv', [x, b.constant(Float32Array.from(W), [3, 1, 1, 1], 'w')], { kernel_shape: [1, 1] });
  const y = b.op('Flatten', [b.op('GlobalAveragePool', [conv])], { axis: 1 });
  b.output(y, 'scores', [4, 3]);
  return toModelBytes(b.build());
}

describe('a .onnx model with a fixed batch of 4 takes any number of rows', async () => {
  const ort = await loadOrtRuntime();
  const skip = ort.runtime === null ? `onnxruntime-node is not installed (optional dependency): ${ort.reason}` : false;
  const rows = 6;
  const images = Float32Array.from({ length: rows * 25 }, (_, i) => ((i * 37) % 23) / 23 - 0.4);
  const mean = (r: number) => images.subarray(r * 25, (r + 1) * 25).reduce((a, v) => a + v, 0) / 25;
  const expected = Float32Array.from({ length: rows * 3 }, (_, k) => (W[k % 3] as number) * mean(Math.floor(k / 3)));
  let bytes: Uint8Array;
  before(() => (bytes = fixedBatchModel()));

  it("Node's loader: 6 rows scored and differentiated in padded runs of 4 (closed form)", { skip }, async () => {
    const model = createOnnxModel('fixed.onnx', decodeOnnxModel('fixed.onnx', bytes), bytes, ort.runtime!, { threads: 1 });
    try {
      assert.equal(model.maxBatch, 4);
      const scores = await model.predict(images, rows);
      scores.forEach((s, k) => assert.ok(Math.abs(s - (expected[k] as number)) < 1e-6, `score ${k}: ${s} vs ${expected[k]}`));
      const targets = [0, 1, 2, 0, 1, 2];
      const saliency = await onnxSaliency(model, { data: images, shape: [rows, 5, 5, 1] }, { target: targets });
      assert.deepEqual(saliency.map.shape, [rows, 5, 5, 1]);
      saliency.map.data.forEach((g, i) => assert.ok(Math.abs(g - (W[targets[Math.floor(i / 25)] as number] as number) / 25) < 1e-7, `gradient ${i}: ${g}`));
      saliency.meta.scores.forEach((s, r) => assert.ok(Math.abs(s - (expected[r * 3 + (targets[r] as number)] as number)) < 1e-6));
    } finally {
      model.dispose();
    }
  });

  it('the promise-based loader (the browser path): a short chunk of 2 rows runs padded to 4', { skip }, async () => {
    const runtime: AsyncOnnxRuntime = {
      name: 'onnxruntime-node (async)',
      createSession: async (model) => {
        const session = ort.runtime!.createSession(model, { threads: 1 });
        return { run: async (feeds, outputs) => session.run(feeds, outputs), release: () => session.release() };
      },
    };
    const model = await onnxFunctionModel({ name: 'fixed.onnx', bytes }, runtime);
    try {
      assert.equal(model.model.maxBatch, 4);
      const scores = await predictRows(model.model, [images], rows);
      scores.forEach((s, k) => assert.ok(Math.abs(s - (expected[k] as number)) < 1e-6, `score ${k}: ${s} vs ${expected[k]}`));
    } finally {
      await model.dispose();
    }
  });
});
