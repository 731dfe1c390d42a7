import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';

/** Runs `fn` and asserts it leaves `tf.memory().numTensors` as it found it. */
export async function withoutLeaks<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  assert.equal(tf.memory().numTensors, before, 'tensor count changed: a leak');
  return result;
}

/** Reads all weights of a model as plain arrays (to check it was not changed). */
export function weightSnapshot(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array).map((d) => Float32Array.from(d));
}

/** Deterministic pseudo-random numbers in [-1, 1). */
export function seededValues(count: number, seed = 1): Float32Array {
  let state = seed >>> 0 || 1;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = ((state >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Sets every weight of `model` from a seeded sequence scaled by `scale`, keeping BN variances positive. */
export function seedWeights(model: tf.LayersModel, seed = 7, scale = 0.5): void {
  let offset = seed;
  const weights = model.getWeights().map((w, i) => {
    const values = seededValues(w.size, offset++);
    const name = model.weights[i]?.originalName ?? '';
    const adjusted = /moving_variance|gamma/.test(name) ? values.map((v) => 0.5 + Math.abs(v)) : values.map((v) => v * scale);
    return tf.tensor(adjusted, w.shape);
  });
  model.setWeights(weights);
  weights.forEach((w) => w.dispose());
}
