import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { predictRows } from '../../src/core/function-model.ts';
import { onnx } from '../../src/engines/onnx/model/proto.ts';
import { ModelLoadError } from '../../src/io/model-load-error.ts';
import { loadOnnxModel } from '../../src/node/models/load-onnx-model.ts';
import { assertClose } from '../support/assert-close.ts';
import { exportModels, reference, SKIP, toNhwc } from './fixtures.ts';

describe('.onnx files exported by PyTorch load and predict what PyTorch computes', { skip: SKIP }, () => {
  let models: ReturnType<typeof exportModels>;
  before(() => (models = exportModels()));
  after(() => models.remove());

  for (const [name, shape] of [['mnist', [28, 28, 1]], ['resnet', [32, 32, 3]], ['mobilenet', [32, 32, 3]], ['external', [28, 28, 1]]] as const) {
    it(`${name}: NCHW read from the graph, a free batch, logits equal PyTorch's`, async () => {
      const ref = reference(models.folder, name);
      const model = await loadOnnxModel(join(models.folder, `${name}.onnx`));
      try {
        assert.equal(model.layout, 'nchw');
        assert.deepEqual(model.imageShape, shape);
        assert.equal(model.maxBatch, Infinity);
        const rows = ref.inputShape[0] as number;
        const scores = await predictRows(model.functionModel, [toNhwc(ref.input, ref.inputShape)], rows);
        assertClose(scores, ref.logits, { atol: 1e-5, rtol: 1e-5 });
      } finally {
        model.dispose();
      }
    });
  }

  it('a batch-dependent reshape (view(x.size(0), -1)) runs at any batch size: 1, 2 and 3 rows', async () => {
    const ref = reference(models.folder, 'mnist');
    const model = await loadOnnxModel(join(models.folder, 'mnist.onnx'));
    try {
      const images = toNhwc(ref.input, ref.inputShape);
      const one = await model.predict(images.subarray(0, 784), 1);
      assertClose(one, ref.logits.subarray(0, 10), { atol: 1e-5, rtol: 1e-5 });
      const three = new Float32Array(3 * 784);
      three.set(images);
      three.set(images.subarray(0, 784), 2 * 784);
      const scores = await model.predict(three, 3);
      assertClose(scores.subarray(0, 20), ref.logits, { atol: 1e-5, rtol: 1e-5 });
      assertClose(scores.subarray(20), ref.logits.subarray(0, 10), { atol: 1e-5, rtol: 1e-5 });
    } finally {
      model.dispose();
    }
  });

  it('an NHWC model (a Transpose after its input) is read as NHWC', async () => {
    const ref = reference(models.folder, 'nhwc');
    const model = await loadOnnxModel(join(models.folder, 'nhwc.onnx'));
    try {
      assert.equal(model.layout, 'nhwc');
      assert.match(model.layoutReason, /transposes it from NHWC/);
      assert.deepEqual(model.imageShape, [8, 8, 3]);
      assertClose(await model.predict(ref.input, 2), ref.logits, { atol: 1e-5, rtol: 1e-5 });
    } finally {
      model.dispose();
    }
  });

  it('external data: counted against maxModelBytes, confined to the model folder', async () => {
    const file = join(models.folder, 'external.onnx');
    await assert.rejects(loadOnnxModel(file, { maxModelBytes: 4000 }), (e: unknown) => e instanceof ModelLoadError && /external\.data/.test(e.message) && /maxModelBytes/.test(e.message));
    const proto = onnx.ModelProto.decode(readFileSync(file));
    const escape = join(models.scratch, 'inner');
    mkdirSync(escape);
    copyFileSync(join(models.folder, 'external.data'), join(models.scratch, 'external.data'));
    for (const [location, why] of [['../external.data', /leaves the folder/], ['/etc/passwd', /absolute path/], ['link.data', /link out of the folder/]] as const) {
      for (const t of proto.graph?.initializer ?? []) for (const e of t.externalData ?? []) if (e.key === 'location') e.value = location;
      writeFileSync(join(escape, 'm.onnx'), onnx.ModelProto.encode(proto).finish());
      if (location === 'link.data') symlinkSync(join(models.scratch, 'external.data'), join(escape, 'link.data'));
      await assert.rejects(loadOnnxModel(join(escape, 'm.onnx')), (e: unknown) => e instanceof ModelLoadError && why.test(e.message), location);
    }
    copyFileSync(join(models.folder, 'external.data'), join(escape, 'short.data'));
    for (const t of proto.graph?.initializer ?? []) for (const e of t.externalData ?? []) if (e.key === 'offset') e.value = '999999';
    for (const t of proto.graph?.initializer ?? []) for (const e of t.externalData ?? []) if (e.key === 'location') e.value = 'short.data';
    writeFileSync(join(escape, 'm.onnx'), onnx.ModelProto.encode(proto).finish());
    await assert.rejects(loadOnnxModel(join(escape, 'm.onnx')), /reads bytes 999999/);
  });

  it('an opset outside 7..22 and a file that is not ONNX fail naming the file', async () => {
    const proto = onnx.ModelProto.decode(readFileSync(join(models.folder, 'mnist.onnx')));
    (proto.opsetImport[0] as onnx.OperatorSetIdProto).version = 3;
    const old = join(models.scratch, 'old.onnx');
    writeFileSync(old, onnx.ModelProto.encode(proto).finish());
    await assert.rejects(loadOnnxModel(old), /old\.onnx: uses ONNX opset 3; supported: 7 to 22/);
    const junk = join(models.scratch, 'junk.onnx');
    writeFileSync(junk, 'not a model at all');
    await assert.rejects(loadOnnxModel(junk), (e: unknown) => e instanceof ModelLoadError && /junk\.onnx/.test(e.message));
  });
});
