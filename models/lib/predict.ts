import * as tf from '@tensorflow/tfjs';

/** Default batch size of {@link predictInBatches}. */
export const PREDICT_BATCH_SIZE = 256;

/**
 * Runs `model` on `count` samples stored one after another in `inputs` (each of `sampleShape`),
 * `batchSize` at a time (default {@link PREDICT_BATCH_SIZE}), and returns the outputs, one after
 * another. Leaves no tensors behind.
 */
export function predictInBatches(
  model: tf.LayersModel,
  inputs: Float32Array,
  sampleShape: readonly number[],
  batchSize = PREDICT_BATCH_SIZE,
): Float32Array {
  const sampleSize = sampleShape.reduce((n, d) => n * d, 1);
  if (inputs.length % sampleSize !== 0) {
    throw new RangeError(`inputs has ${inputs.length} values, not a multiple of the sample size ${sampleSize} (${sampleShape.join('x')})`);
  }
  const count = inputs.length / sampleSize;
  const chunks: Float32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    const batch = inputs.subarray(start * sampleSize, end * sampleSize);
    chunks.push(tf.tidy(() => (model.predict(tf.tensor(batch, [end - start, ...sampleShape])) as tf.Tensor).dataSync() as Float32Array));
  }
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((offset, chunk) => (out.set(chunk, offset), offset + chunk.length), 0);
  return out;
}

/** Index of the largest of each row of `scores` (`classes` values a row). */
export function argmaxRows(scores: Float32Array, classes: number): Int32Array {
  const out = new Int32Array(scores.length / classes);
  for (let row = 0; row < out.length; row++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[row * classes + c]! > scores[row * classes + best]!) best = c;
    out[row] = best;
  }
  return out;
}

/** Fraction of rows of `scores` whose largest entry is at `labels[row]`. */
export function accuracy(scores: Float32Array, labels: ArrayLike<number>, classes: number): number {
  const predicted = argmaxRows(scores, classes);
  if (predicted.length !== labels.length) throw new RangeError(`${predicted.length} predictions but ${labels.length} labels`);
  let correct = 0;
  predicted.forEach((p, i) => (correct += p === labels[i] ? 1 : 0));
  return correct / predicted.length;
}
