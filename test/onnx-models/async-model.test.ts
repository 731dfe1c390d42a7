// onnxFunctionModel, the browser-safe path of .onnx models (the explorer runs it on onnxruntime-web),
// here on onnxruntime-node behind promises: the same scores as Node's loader for the same file,
// external data read from files given in memory (and refused when missing or named by a path), the
// size limit, a softmax output flagged as probabilities, and a dispose that stops later runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { GraphBuilder, onnxFunctionModel, predictRows, toModelBytes, type AsyncOnnxRuntime, type OnnxModelBytes } from '../../src/index.ts';
import { onnx } from '../../src/engines/onnx/model/proto.ts';
import { createOnnxModel } from '../../src/engines/onnx/model/onnx-model.ts';
import { decodeOnnxModel } from '../../src/engines/onnx/model/decode-model.ts';
import { loadOrtRuntime, setupBackend } from '../../src/node/index.ts';
import type { OnnxRuntime } from '../../src/engines/onnx/runtime.ts';
import { mnistOnnx } from '../browser/mnist-onnx.ts';

/** Node's synchronous runtime, answering with promises as onnxruntime-web does. */
function asAsync(runtime: OnnxRuntime): AsyncOnnxRuntime {
  return {
    name: `${runtime.name} (async)`,
    createSession: async (bytes) => {
      const session = runtime.createSession(bytes, { threads: 1 });
      return { run: async (feeds, outputs) => session.run(feeds, outputs), release: () => session.release() };
    },
  };
}

/** `bytes` with the largest initializer moved to the external file `location` (returned with its bytes). */
function withExternalData(bytes: Uint8Array, location: string): { model: Uint8Array; data: Uint8Array; tensor: string } {
  const model = onnx.ModelProto.decode(bytes);
  const tensors = model.graph?.initializer ?? [];
  const biggest = tensors.reduce((a, b) => ((b.rawData?.length ?? 0) > (a.rawData?.length ?? 0) ? b : a));
  const data = Uint8Array.from(biggest.rawData ?? []);
  biggest.rawData = new Uint8Array();
  biggest.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
  biggest.externalData = [{ key: 'location', value: location }, { key: 'offset', value: '0' }, { key: 'length', value: String(data.length) }];
  return { model: onnx.ModelProto.encode(model).finish(), data, tensor: biggest.name ?? '' };
}

describe('onnxFunctionModel (ONNX models over a runtime that answers with promises)', async () => {
  const ort = await loadOrtRuntime();
  const skip = ort.runtime === null ? `onnxruntime-node is not installed (optional dependency): ${ort.reason}` : false;
  let logits: Uint8Array;
  let softmax: Uint8Array;
  let runtime: AsyncOnnxRuntime;
  const images = Float32Array.from({ length: 3 * 784 }, (_, i) => ((i * 7919) % 255) / 255);

  before(async () => {
    if (ort.runtime === null) return;
    await setupBackend({ backend: 'wasm', threads: 1 });
    const made = await mnistOnnx(true);
    logits = made.bytes;
    softmax = (await mnistOnnx(false)).bytes;
    made.model.dispose();
    runtime = asAsync(ort.runtime);
  });
  after(() => tf.disposeVariables());

  it("scores as Node's loader does for the same file, and flags a softmax output", { skip }, async () => {
    const node = createOnnxModel('mnist.onnx', decodeOnnxModel('mnist.onnx', logits), logits, ort.runtime!, { threads: 1 });
    const model = await onnxFunctionModel({ name: 'mnist.onnx', bytes: logits }, runtime);
    try {
      assert.deepEqual([model.image.layout, model.image.imageShape, model.model.outputSize, model.model.maxBatch], ['nchw', [28, 28, 1], 10, Infinity]);
      assert.equal(model.model.outputsProbabilities, false);
      assert.deepEqual(await predictRows(model.model, [images], 3), await predictRows(node.functionModel, [images], 3));
    } finally {
      node.dispose();
      await model.dispose();
    }
    const probabilities = await onnxFunctionModel({ name: 'softmax.onnx', bytes: softmax }, runtime);
    assert.equal(probabilities.model.outputsProbabilities, true, 'Softmax -> Identity -> output is a distribution');
    const nodeSoftmax = createOnnxModel('softmax.onnx', decodeOnnxModel('softmax.onnx', softmax), softmax, ort.runtime!, { threads: 1 });
    assert.equal(nodeSoftmax.functionModel.outputsProbabilities, true, "Node's loader flags the same softmax output");
    assert.equal(node.functionModel.outputsProbabilities, false);
    nodeSoftmax.dispose();
    await probabilities.dispose();
    await assert.rejects(probabilities.model.predict([images.subarray(0, 784)], 1), /was disposed/);
  });

  it('reads external data from the files given with the model, and only from them', { skip }, async () => {
    const split = withExternalData(logits, 'mnist.onnx.data');
    const files = (external: Map<string, Uint8Array>): OnnxModelBytes => ({ name: 'mnist.onnx', bytes: split.model, external });
    const whole = await onnxFunctionModel({ name: 'mnist.onnx', bytes: logits }, runtime);
    const model = await onnxFunctionModel(files(new Map([['mnist.onnx.data', split.data]])), runtime);
    try {
      assert.deepEqual(await predictRows(model.model, [images], 3), await predictRows(whole.model, [images], 3));
    } finally {
      await Promise.all([whole.dispose(), model.dispose()]);
    }
    await assert.rejects(onnxFunctionModel(files(new Map()), runtime), new RegExp(`tensor '${split.tensor}' is stored in the external file 'mnist.onnx.data': open it together with the model \\(none was given\\)`));
    await assert.rejects(onnxFunctionModel(files(new Map([['mnist.onnx.data', split.data.subarray(8)]])), runtime), /reads bytes 0 to \d+ of a \d+-byte file/);
    const escaping = withExternalData(logits, '../secret.data');
    await assert.rejects(onnxFunctionModel({ name: 'mnist.onnx', bytes: escaping.model, external: new Map([['secret.data', escaping.data]]) }, runtime), /'\.\.\/secret\.data' is a path/);
    await assert.rejects(onnxFunctionModel(files(new Map([['mnist.onnx.data', split.data]])), runtime, { maxModelBytes: split.model.length + 100 }), /maxModelBytes/);
  });

  it('names the file when the bytes are not ONNX, and the option when a layout is neither nchw nor nhwc', { skip }, async () => {
    await assert.rejects(onnxFunctionModel({ name: 'holiday.onnx', bytes: new TextEncoder().encode('a photo, not a model') }, runtime), /holiday\.onnx/);
    await assert.rejects(onnxFunctionModel({ name: 'mnist.onnx', bytes: logits }, runtime, { layout: 'nhcw' as 'nchw' }), /layout: expected one of nchw, nhwc/);
  });

  it('says which runtime cannot load a model with an op it does not know', { skip }, async () => {
    const b = new GraphBuilder();
    b.output(b.op('NoSuchOp', [b.input('x', ['N', 1, 8, 8])]), 'y', ['N', 64]);
    await assert.rejects(onnxFunctionModel({ name: 'odd.onnx', bytes: toModelBytes(b.build()) }, runtime), /^SaliencyError: odd\.onnx: onnxruntime-node .* \(async\) cannot load it: .*NoSuchOp/);
  });
});
