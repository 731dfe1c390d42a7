// A .onnx model in the explorer, in a real headless Chromium: the bundled MNIST CNN written as an
// NCHW .onnx of its logits by the library's own ONNX writer, opened with its labels; onnxruntime-web (the page's own
// wasm build) runs it as a function model. Its predictions (softmax of the logits) equal the TF.js model's, only the
// perturbation and black-box methods are offered (with the note why), and its occlusion map equals
// the library's in Node on onnxruntime-node for the same image and options; its deletion/insertion
// curves are measured through the function model. A file that is not ONNX
// gives a clear error, and a TF.js model afterwards gets the gradient methods back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { batchLimit, getMethod } from '../../src/index.ts';
import { MEMORY_BUDGET_MB } from '../../web/src/batch-size.ts';
import type { BackendName } from '../../web/src/protocol.ts';
import { loadOnnxModel, loadOrtRuntime, setupBackend } from '../../src/node/index.ts';
import { idle, MODELS, openExplorer, openExplorerSession, pageError, SKIP_WITHOUT_CHROMIUM, type ExplorerSession } from './explorer-session.ts';
import { mnistOnnx } from './mnist-onnx.ts';

describe('explorer with a .onnx model (onnxruntime-web)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let session: ExplorerSession;
  let page: Page;
  let folder: string;
  let model: tf.LayersModel;

  before(async () => {
    await setupBackend({ backend: 'wasm', threads: 1 });
    folder = mkdtempSync(join(tmpdir(), 'explorer-onnx-'));
    const made = await mnistOnnx(true);
    model = made.model;
    writeFileSync(join(folder, 'mnist-nchw.onnx'), made.bytes);
    session = await openExplorerSession();
    page = session.page;
    await openExplorer(page, `${session.url}?panels=saliency,occlusion`);
    await page.setInputFiles('#model-files', [join(folder, 'mnist-nchw.onnx'), join(MODELS, 'mnist-cnn/labels.json')]);
    await idle(page);
  });
  after(async () => {
    model?.dispose();
    await session?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('loads it with its card and predicts as the TF.js model does', async () => {
    assert.equal(await pageError(page), '');
    const info = (await page.evaluate(() => window.__explorer!.model()))!;
    assert.match(info.format, /^ONNX model \(opset \d+, NCHW\)$/);
    const card = (await page.textContent('#onnx-card')) ?? '';
    for (const part of [/opset \d+/, /image float32 \[N, 1, 28, 28\]/, /Layout: NCHW/, /onnxruntime-web 1\.\d+\.\d+ \(wasm, 1 thread\)/]) assert.match(card, part);
    assert.doesNotMatch(card, /softmax/, 'the logits are not taken for probabilities');
    const input = (await page.evaluate(() => window.__explorer!.input()))!;
    const predictions = await page.evaluate(() => window.__explorer!.predictions());
    const expected = tf.tidy(() => (model.predict(tf.tensor(input.data, [1, ...input.shape])) as tf.Tensor).dataSync());
    assert.ok(predictions.length === 5 && predictions[0]!.label === String(predictions[0]!.index), 'labels.json gave the labels');
    for (const p of predictions) assert.ok(Math.abs(p.probability - expected[p.index]!) < 1e-4, `class ${p.index}: ${p.probability} vs TF.js ${expected[p.index]}`);
    // Batches are capped from a forward pass's activations: 64 inputs' worth of float32 values a sample.
    const backend = (await page.evaluate(() => window.__explorer!.backend())) as BackendName;
    assert.equal(await page.evaluate(() => window.__explorer!.batchLimit()), batchLimit(MEMORY_BUDGET_MB[backend], 4 * 64 * 28 * 28));
  });

  it('offers only the methods that run on a function model, and says why', async () => {
    assert.ok(await page.isVisible('#onnx-note'));
    assert.match((await page.textContent('#onnx-note')) ?? '', /Gradient and CAM methods need a TF\.js model, or the Node ONNX engine/);
    assert.ok(await page.isHidden('[data-method="saliency"]'), 'saliency is not offered');
    assert.ok(await page.isHidden('[data-method="grad-cam"]'), 'Grad-CAM is not offered');
    for (const id of ['occlusion', 'rise', 'kernel-shap', 'lime']) assert.equal(await page.locator(`[data-method="${id}"]`).count(), 1, `${id} has a panel`);
    assert.ok(await page.isVisible('[data-method="occlusion"]'));
    const enabled = (await page.evaluate(() => window.__explorer!.panels())).filter((p) => p.enabled).map((p) => p.id);
    assert.deepEqual(enabled, ['occlusion']);
  });

  it("computes occlusion equal to the library's map in Node on onnxruntime-node", async (t) => {
    const ort = await loadOrtRuntime();
    if (ort.runtime === null) return t.skip(`onnxruntime-node is not installed (optional dependency): ${ort.reason}`);
    const [map, call, target, input] = await page.evaluate(() => {
      const e = window.__explorer!;
      return [e.map('occlusion'), e.call('occlusion'), e.target(), e.input()] as const;
    });
    assert.ok(map && call && input, `occlusion map computed (status: ${await page.evaluate(() => window.__explorer!.status('occlusion'))})`);
    const onnx = await loadOnnxModel(join(folder, 'mnist-nchw.onnx'), { threads: 1 });
    try {
      const options = Object.fromEntries(Object.entries(call.options).filter(([, v]) => v !== null && v !== ''));
      const expected = await getMethod('occlusion').run(onnx.functionModel, { data: Float32Array.from(input.data), shape: [1, ...input.shape] }, { ...options, target });
      assert.deepEqual(map.shape, expected.map.shape.slice(1));
      const worst = Math.max(...map.data.map((v, i) => Math.abs(v - expected.map.data[i]!)));
      assert.ok(worst < 1e-4, `largest difference ${worst}`);
      assert.ok(Math.max(...map.data.map(Math.abs)) > 0.1, 'the map (logit units) is not blank');
    } finally {
      onnx.dispose();
    }
  });

  it('measures the occlusion map (deletion and insertion through the function model; MPRT left out, said)', async () => {
    await page.click('#measure');
    await idle(page);
    const [measures] = (await page.evaluate(() => window.__explorer!.measures()))!;
    assert.equal(measures?.method, 'occlusion');
    for (const curve of [measures!.deletion, measures!.insertion]) {
      assert.ok(curve.y.length > 2 && curve.y.every((p) => p >= 0 && p <= 1) && Number.isFinite(curve.score), JSON.stringify(curve));
    }
    const top = (await page.evaluate(() => window.__explorer!.predictions()))[0]!;
    assert.ok(Math.abs(measures!.deletion.y[0]! - top.probability) < 1e-4, 'the curve starts at the class probability, not the logit');
    assert.equal(measures!.mprt, undefined);
    assert.ok(measures!.notes.includes('MPRT needs a layers model: left out'));
  });

  it('says clearly when a file is not ONNX, and a TF.js model gets the gradient methods back', async () => {
    await page.setInputFiles('#model-files', { name: 'broken.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all') });
    await idle(page);
    assert.match(await pageError(page), /broken\.onnx.*(is not an ONNX model|holds no graph)/);
    await page.selectOption('#bundled-model', 'mnist-cnn');
    await idle(page);
    assert.ok(await page.isHidden('#onnx-settings'));
    assert.ok(await page.isVisible('[data-method="saliency"]'), 'saliency is offered again');
    const enabled = (await page.evaluate(() => window.__explorer!.panels())).filter((p) => p.enabled).map((p) => p.id);
    assert.deepEqual(enabled, ['saliency', 'occlusion'], "the user's switches are back");
  });
});
