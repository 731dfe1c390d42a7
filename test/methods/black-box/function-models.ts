// Function models for the tests: a TF.js model wrapped as an async function over Float32Array
// batches (what an ONNX Runtime session or an HTTP endpoint looks like to the library), and exact
// linear functions whose Shapley values and regressions are known in closed form.
import * as tf from '@tensorflow/tfjs';
import { functionModel, type FunctionModel } from '../../../src/index.ts';

/** `model` (one input) as a function model taking at most `maxBatch` rows per call; `calls` counts rows per call. */
export function wrapModel(model: tf.LayersModel, maxBatch = Infinity, calls: number[] = []): FunctionModel {
  const shape = (model.inputs[0]?.shape ?? []).slice(1) as number[];
  const outputSize = (model.outputs[0]?.shape ?? []).slice(-1)[0] as number;
  return functionModel({
    name: 'wrapped tiny model',
    inputShape: shape,
    outputSize,
    maxBatch,
    outputsProbabilities: true,
    predict: async ([rows], count) => {
      calls.push(count);
      const out = tf.tidy(() => model.predict(tf.tensor(rows as Float32Array, [count, ...shape])) as tf.Tensor);
      try {
        return Float32Array.from(await out.data());
      } finally {
        out.dispose();
      }
    },
  });
}

/** f(x) = bias + sum_p weights[p] x_p over a flat sample of weights.length values, one output. */
export function linearFunction(weights: readonly number[], bias = 0, maxBatch = Infinity): FunctionModel {
  const size = weights.length;
  return functionModel({
    name: 'linear function',
    inputShape: [size],
    outputSize: 1,
    maxBatch,
    predict: async ([rows], count) =>
      Float32Array.from({ length: count }, (_, r) => weights.reduce((s, w, p) => s + w * ((rows as Float32Array)[r * size + p] as number), bias)),
  });
}
