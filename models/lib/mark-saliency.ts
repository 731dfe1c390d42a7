import * as tf from '@tensorflow/tfjs';
import { DIGIT_PIXELS, DIGIT_SIZE, type DigitSet } from '../data/mnist-digits.ts';
import { markRegionMask } from '../data/shortcut-digits.ts';
import { classLogits } from './logits.ts';

/** Default batch size of {@link markSaliencyFraction}. */
export const MARK_SALIENCY_BATCH = 100;

/**
 * Mean over `digits` of the fraction of |d logit[label] / d input| that falls inside the region of
 * the mark carried by each digit (`marks[i]`, see `markRegionMask`); digits without a mark are skipped.
 * Plain input gradients of the class logit, `batchSize` digits at a time (default
 * {@link MARK_SALIENCY_BATCH}). Leaves no tensors behind.
 */
export function markSaliencyFraction(model: tf.LayersModel, digits: DigitSet, marks: Int8Array, batchSize = MARK_SALIENCY_BATCH): number {
  const logits = classLogits(model);
  const marked = [...marks.keys()].filter((i) => marks[i]! >= 0);
  if (marked.length === 0) throw new RangeError('marks: no digit carries a mark, nothing to measure');
  const masks = Array.from({ length: 10 }, (_, digit) => markRegionMask(digit));
  let sum = 0;
  for (let start = 0; start < marked.length; start += batchSize) {
    const batch = marked.slice(start, start + batchSize);
    const images = new Float32Array(batch.length * DIGIT_PIXELS);
    batch.forEach((index, i) => images.set(digits.images.subarray(index * DIGIT_PIXELS, (index + 1) * DIGIT_PIXELS), i * DIGIT_PIXELS));
    const gradients = tf.tidy(() => {
      const x = tf.tensor4d(images, [batch.length, DIGIT_SIZE, DIGIT_SIZE, 1]);
      const target = tf.oneHot(tf.tensor1d(batch.map((index) => digits.labels[index]!), 'int32'), 10);
      return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(logits(input), target)))(x).abs().dataSync() as Float32Array;
    });
    batch.forEach((index, i) => {
      const mask = masks[marks[index]!]!;
      let inside = 0;
      let total = 0;
      for (let p = 0; p < DIGIT_PIXELS; p++) {
        const g = gradients[i * DIGIT_PIXELS + p]!;
        total += g;
        inside += g * mask[p]!;
      }
      sum += total > 0 ? inside / total : 0;
    });
  }
  return sum / marked.length;
}
