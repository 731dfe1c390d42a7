import * as tf from '@tensorflow/tfjs';
import { DIGIT_PIXELS, DIGIT_SIZE, type DigitSet } from '../data/mnist-digits.ts';
import { MARK_SIZE, markRegionMask } from '../data/shortcut-digits.ts';
import { classLogits } from './logits.ts';
import { regionMassFraction, regionPeakFraction } from './region-share.ts';

/** Default batch size of {@link markSaliency}. */
export const MARK_SALIENCY_BATCH = 100;
/** How many of a map's highest pixels {@link markSaliency}'s `peakFraction` looks at: as many as the mark has. */
export const PEAK_PIXELS = MARK_SIZE * MARK_SIZE;

/** Where the saliency of marked digits falls, averaged over the digits. */
export interface MarkSaliency {
  /** Fraction of the |gradient| mass inside the mark's region. */
  readonly massFraction: number;
  /** Fraction of the {@link PEAK_PIXELS} largest |gradient| pixels that lie inside the mark's region. */
  readonly peakFraction: number;
}

function measureOne(gradient: Float32Array, mask: Float32Array): MarkSaliency {
  const map = { data: gradient, shape: [DIGIT_PIXELS] };
  return { massFraction: regionMassFraction(map, mask), peakFraction: regionPeakFraction(map, mask, PEAK_PIXELS) };
}

/**
 * Plain input-gradient saliency of the true class's logit (|d logit[label] / d input|) for every
 * digit of `digits` that carries a mark (`marks[i]` >= 0: the class whose mark it carries), measured
 * against that mark's region (`markRegionMask`), `batchSize` digits at a time (default
 * {@link MARK_SALIENCY_BATCH}). Leaves no tensors behind.
 */
export function markSaliency(model: tf.LayersModel, digits: DigitSet, marks: Int8Array, batchSize = MARK_SALIENCY_BATCH): MarkSaliency {
  const logits = classLogits(model);
  const marked = [...marks.keys()].filter((i) => marks[i]! >= 0);
  if (marked.length === 0) throw new RangeError('marks: no digit carries a mark, nothing to measure');
  const masks = Array.from({ length: 10 }, (_, digit) => markRegionMask(digit));
  let mass = 0;
  let peak = 0;
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
      const one = measureOne(gradients.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS), masks[marks[index]!]!);
      mass += one.massFraction;
      peak += one.peakFraction;
    });
  }
  return { massFraction: mass / marked.length, peakFraction: peak / marked.length };
}
