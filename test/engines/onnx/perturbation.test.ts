// The forward-only methods run their batches of perturbed or masked copies through ONNX Runtime:
// occlusion, RISE, feature ablation, Score-CAM and the black-box methods (KernelSHAP, LIME, Shapley
// sampling, Sobol, HSIC) on TF.js models give TF.js's maps within 1e-5 relative, and
// meta.engine says the ONNX engine ran.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { METHODS } from '../../../src/methods/registry.ts';
import { seedWeights } from '../../support/tensors.ts';
import { assertSameOnBothEngines, seededInput, useOnnxEngine } from './support.ts';

const onnx = useOnnxEngine();

const SETTINGS: Readonly<Record<string, Record<string, unknown>>> = {
  occlusion: { window: 3, stride: 2 },
  rise: { masks: 16, gridSize: 3 },
  'feature-ablation': { patchSize: 3 },
  'score-cam': { layer: 'conv2' },
  'kernel-shap': { gridSize: 2, samples: 12 },
  lime: { gridSize: 2, samples: 12 },
  'shapley-sampling': { gridSize: 2, permutations: 2 },
  sobol: { gridSize: 2, designs: 4 },
  hsic: { gridSize: 2, designs: 12 },
};

test('perturbation, black-box methods and Score-CAM: ONNX forward passes = TF.js', async (t) => {
  if (onnx.skip()) return t.skip(String(onnx.skip()));
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.batchNormalization(),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv2' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  seedWeights(model, 8, 0.7);
  const x = tf.tidy(() => tf.add(tf.mul(seededInput([2, 8, 8, 3], 5), 0.5), 0.5));
  try {
    for (const [name, options] of Object.entries(SETTINGS)) {
      const method = METHODS.find((m) => m.name === name);
      if (!method) throw new Error(`no method ${name}`);
      await assertSameOnBothEngines(name, (engine) => method.run(model, x, { ...options, engine }));
    }
  } finally {
    x.dispose();
    model.dispose();
  }
});
