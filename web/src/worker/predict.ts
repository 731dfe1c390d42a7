import * as tf from '@tensorflow/tfjs';
import { isFunctionModel, predictRows, type FunctionModel, type NdArray } from 'tfjs-saliency';
import type { ModelInfo, Prediction } from '../protocol.ts';

/**
 * The `top` most probable classes of one input at model output `output` (default: the first class
 * output). Outputs that are already a distribution (a softmax head) are used as they are; other
 * outputs (logits) go through a softmax first.
 */
export async function predictTop(model: tf.LayersModel | tf.GraphModel | FunctionModel, info: Pick<ModelInfo, 'outputs'>, input: NdArray, top: number, output?: number): Promise<Prediction[]> {
  const chosen = info.outputs.find((o) => o.index === output) ?? info.outputs[0];
  if (chosen === undefined) throw new Error(`output ${output}: the model has no class output`);
  return (await classProbabilities(model, input, chosen.index))
    .map((probability, index) => ({ index, label: chosen.labels[index] ?? `class ${index}`, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, top);
}

/**
 * The class probabilities of one input at model output `index`, in class order: the output as it is
 * where it is already a distribution (a softmax head), else its softmax.
 */
export async function classProbabilities(model: tf.LayersModel | tf.GraphModel | FunctionModel, input: NdArray, index: number): Promise<number[]> {
  const values = isFunctionModel(model) ? await predictRows(model, [input.data], 1) : await tensorScores(model, input, index);
  return isDistribution(values) ? Array.from(values) : softmax(values);
}

async function tensorScores(model: tf.LayersModel | tf.GraphModel, input: NdArray, index: number): Promise<ArrayLike<number>> {
  const scores = tf.tidy(() => {
    const result = model.predict(tf.tensor(input.data, [1, ...input.shape]));
    const tensor = Array.isArray(result) ? result[index] : result;
    if (tensor === undefined || Array.isArray(tensor) || !(tensor instanceof tf.Tensor)) throw new Error(`output ${index}: the model gave no tensor there`);
    return tensor.reshape([-1]);
  });
  try {
    return await scores.data();
  } finally {
    scores.dispose();
  }
}

function isDistribution(values: ArrayLike<number>): boolean {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= 0 && v <= 1)) return false;
    sum += v;
  }
  return Math.abs(sum - 1) < 1e-3;
}

function softmax(values: ArrayLike<number>): number[] {
  const list = Array.from(values);
  const max = Math.max(...list);
  const exps = list.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
