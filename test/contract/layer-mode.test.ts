// The method contract in layer mode (`wrt: layer`, Captum's Layer* methods): every registered method
// with a `wrt` option, at an inner conv layer of a tiny CNN and at the Embedding layer of a tiny token
// model (the explorer's and `explain --text`'s use), keeps what contract.test.ts checks at the input:
// the layer's output shape, finite values, no leaks, the model unchanged, a batch equal to the
// per-sample calls, seeded determinism, cpu = wasm; DeepLIFT and DeepLiftShap also keep
// summation-to-delta at the layer (every path to the output goes through it).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { METHODS, sampleOf, type Attribution } from '../../src/index.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { seedWeights, weightSnapshot } from '../support/tensors.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';

/** ids [6] -> Embedding 'embed' (10 x 4) -> Conv1D 5 (width 3, same, relu) -> global average -> dense 3 softmax: text-sentiment in small. */
function tinyTokenModel(): tf.LayersModel {
  const input = tf.input({ shape: [6], name: 'ids' });
  const embedded = tf.layers.embedding({ inputDim: 10, outputDim: 4, name: 'embed' }).apply(input);
  const conv = tf.layers.conv1d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }).apply(embedded);
  const pooled = tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(conv);
  const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'probs' }).apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out, name: 'tiny_tokens' });
  seedWeights(model, 7, 0.9);
  return model;
}

const FAST: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'integrated-gradients': { steps: 8 },
  'gradient-shap': { samples: 4, seed: 42 },
};
/** Methods whose layer attributions sum to f(x) - f(reference) (meta.extra.delta is the residual). */
const SUMMATION_TO_DELTA = new Set(['deep-lift', 'deep-lift-shap']);

// The models are built when the file loads, on the reference backend (the wasm engine's import registers wasm first).
await useCpu();
const CASES = [
  { name: 'tiny CNN at conv_a', model: tinyCnn(), inputs: tinyImages(3), wrt: 'conv_a', layerShape: [8, 8, 4], target: 2 },
  { name: 'token model at its Embedding layer', model: tinyTokenModel(), inputs: tf.tensor2d([[1, 4, 2, 9, 0, 0], [3, 3, 5, 1, 2, 7], [8, 6, 0, 0, 0, 0]]), wrt: 'embed', layerShape: [6, 4], target: 1 },
];

for (const c of CASES) {
  describe(`layer-mode contract: ${c.name}`, () => {
    for (const method of METHODS.filter((m) => m.options.some((o) => o.name === 'wrt'))) {
      const options = { ...FAST[method.name], wrt: c.wrt, target: c.target };
      let batch: Attribution;

      test(`${method.name}: the layer's shape, finite, no leaks, model unchanged, batch = per-sample, deterministic`, async () => {
        const weights = weightSnapshot(c.model);
        const tensors = tf.memory().numTensors;
        batch = await method.run(c.model, c.inputs, options);
        assert.equal(tf.memory().numTensors, tensors, `${method.name} leaked tensors`);
        assert.deepEqual([...batch.map.shape], [3, ...c.layerShape]);
        assert.equal(batch.meta.wrt, c.wrt);
        assert.ok(batch.map.data.every(Number.isFinite), `${method.name}: NaN or infinite values`);
        assert.ok(batch.map.data.some((v) => v !== 0), `${method.name}: an all-zero map`);
        weightSnapshot(c.model).forEach((w, i) => assert.deepEqual(w, weights[i], `${method.name} changed weight ${i}`));
        for (let i = 0; i < 3; i++) {
          const single = tf.tidy(() => tf.slice(c.inputs, i, 1));
          const alone = await method.run(c.model, single, options);
          single.dispose();
          assertClose(alone.map.data, sampleOf(batch.map, i).data, { atol: 1e-5, rtol: 1e-3, message: `${method.name} sample ${i}` });
        }
        const again = await method.run(c.model, c.inputs, options);
        assertClose(again.map.data, batch.map.data, { atol: 0, rtol: 0, message: `${method.name} run twice` });
        if (SUMMATION_TO_DELTA.has(method.name)) {
          const delta = (batch.meta.extra as { delta: number[] }).delta;
          const references = (batch.meta.extra as { baselineScores: number[] }).baselineScores;
          for (let i = 0; i < 3; i++) {
            const sum = sampleOf(batch.map, i).data.reduce((a, b) => a + b, 0);
            assert.ok(Math.abs(sum - ((batch.meta.scores[i] as number) - (references[i] as number))) < 1e-4, `${method.name} sample ${i}: sum ${sum}, delta ${delta[i]}`);
          }
        }
      });

      test(`${method.name}: the same on the wasm engine as on cpu`, async () => {
        await setupBackend({ backend: 'wasm' });
        try {
          const tensors = tf.memory().numTensors;
          const onWasm = await method.run(c.model, c.inputs, options);
          assert.equal(tf.memory().numTensors, tensors, `${method.name} leaked tensors on wasm`);
          assertClose(onWasm.map.data, batch.map.data, { atol: 1e-5, rtol: 2e-3, message: `${method.name} wasm vs cpu` });
        } finally {
          await useCpu();
        }
      });
    }
  });
}
