// Whole models: every gradient and CAM method (few steps and samples) gives the same maps on the
// ONNX engine as on TF.js (cpu) within 1e-5 relative, on the bundled classifiers (representative
// methods; the steering regressor fails on TF.js itself: oneHot of depth 1), a MobileNet-like net
// with BatchNorm, depthwise convs and ReLU6, a nested Teachable-Machine-shaped model and a
// functional model with Add and Concatenate.
import { test } from 'node:test';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { METHODS } from '../../../src/methods/registry.ts';
import { loadModel } from '../../../src/node/index.ts';
import { seedWeights } from '../../support/tensors.ts';
import { assertSameOnBothEngines, seededInput, useOnnxEngine } from './support.ts';

const onnx = useOnnxEngine();

/** Small settings per method, so that every method runs in well under a second here. */
const FAST: Readonly<Record<string, Record<string, unknown>>> = {
  'integrated-gradients': { steps: 4 },
  'gradient-shap': { samples: 3 },
  'blur-ig': { steps: 4, maxSigma: 4 },
  smoothgrad: { samples: 3, samplesBatchSize: 3 },
  'smoothgrad-sq': { samples: 3, samplesBatchSize: 3 },
  vargrad: { samples: 3, samplesBatchSize: 3 },
};
const GRADIENT_METHODS = METHODS.filter((m) => (m.family === 'gradient' || m.family === 'cam') && m.name !== 'score-cam');

/** The bundled models (28x28, up to 64 filters) run the representative methods only, to keep the cpu reference quick. */
const BUNDLED_METHODS = ['saliency', 'grad-cam'];

const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor => layer.apply(x) as tf.SymbolicTensor;

function mobileNetLike(): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 3] });
  let x = apply(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false }), input);
  x = apply(tf.layers.reLU({ maxValue: 6 }), apply(tf.layers.batchNormalization(), x));
  for (const [filters, stride] of [[12, 1], [16, 2]] as const) {
    x = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false }), x);
    x = apply(tf.layers.reLU({ maxValue: 6 }), apply(tf.layers.batchNormalization(), x));
    x = apply(tf.layers.conv2d({ filters, kernelSize: 1, useBias: false }), x);
    x = apply(tf.layers.reLU({ maxValue: 6 }), apply(tf.layers.batchNormalization(), x));
  }
  x = apply(tf.layers.globalAveragePooling2d({}), x);
  const out = apply(tf.layers.dense({ units: 4, activation: 'softmax' }), apply(tf.layers.dropout({ rate: 0.2 }), x));
  return tf.model({ inputs: input, outputs: out });
}

function teachableMachineLike(): tf.LayersModel {
  const base = tf.sequential({
    name: 'base',
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.globalAveragePooling2d({}),
    ],
  });
  const head = tf.sequential({ name: 'head', layers: [tf.layers.dense({ inputShape: [8], units: 6, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
  return tf.sequential({ layers: [base, head] });
}

function functionalAddConcat(): tf.LayersModel {
  const input = tf.input({ shape: [10, 10, 2] });
  const a = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), input);
  const b = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), a);
  const sum = apply(tf.layers.add(), [a, b]);
  const c = apply(tf.layers.conv2d({ filters: 3, kernelSize: 1, activation: 'relu' }), sum);
  const cat = apply(tf.layers.concatenate(), [sum, c]);
  const pooled = apply(tf.layers.maxPooling2d({ poolSize: 2 }), apply(tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' }), cat));
  const out = apply(tf.layers.dense({ units: 3 }), apply(tf.layers.flatten(), pooled));
  return tf.model({ inputs: input, outputs: out });
}

async function bundled(name: string): Promise<tf.LayersModel> {
  const loaded = await loadModel(join(import.meta.dirname, '../../../models', name, 'model.json'));
  return loaded.model as tf.LayersModel;
}

const MODELS: Record<string, () => Promise<tf.LayersModel>> = {
  'bundled mnist-cnn': () => bundled('mnist-cnn'),
  'bundled shortcut': () => bundled('shortcut'),
  'MobileNet-like with BatchNorm': async () => mobileNetLike(),
  'nested Teachable Machine shape': async () => teachableMachineLike(),
  'functional with Add and Concatenate': async () => functionalAddConcat(),
};

for (const [name, make] of Object.entries(MODELS)) {
  test(`every gradient and CAM method, ONNX = TF.js: ${name}`, async (t) => {
    if (onnx.skip()) return t.skip(String(onnx.skip()));
    const model = await make();
    if (!name.startsWith('bundled')) seedWeights(model, 3, 0.6);
    const shape = model.inputs[0]?.shape.map((d) => d ?? 2) as number[];
    const x = seededInput([name.startsWith('bundled') ? 1 : 2, ...shape.slice(1)], 17);
    const input = tf.tidy(() => tf.add(tf.mul(x, 0.5), 0.5));
    try {
      for (const method of name.startsWith('bundled') ? GRADIENT_METHODS.filter((m) => BUNDLED_METHODS.includes(m.name)) : GRADIENT_METHODS) {
        await assertSameOnBothEngines(`${name}: ${method.name}`, (engine) => method.run(model, input, { ...FAST[method.name], engine }));
      }
    } finally {
      tf.dispose([x, input]);
      model.dispose();
    }
  });
}
