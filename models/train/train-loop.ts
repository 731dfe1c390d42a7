import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { createRng, type Rng } from '../lib/rng.ts';

/** Samples and targets, each stored one after another. */
export interface TrainingSet {
  readonly inputs: Float32Array;
  readonly inputShape: readonly number[];
  readonly targets: Float32Array;
  readonly targetSize: number;
  readonly count: number;
}

/** Options of {@link trainModel}. */
export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  /** Adam's learning rate. */
  readonly learningRate: number;
  readonly loss: 'categoricalCrossentropy' | 'meanSquaredError';
  /** Seeds the batch order. */
  readonly seed: string | number;
  /** Changes each batch's inputs in place before the step (data augmentation). Default: none. */
  readonly augment?: (inputs: Float32Array, rng: Rng) => void;
  /** Receives one line per epoch. Default: console.log. */
  readonly log?: (line: string) => void;
}

/**
 * Makes `Math.random` (which TF.js uses for weight initialisation and dropout masks when no seed is
 * given) a seeded generator for the rest of the process. For training scripts only.
 */
export function seedGlobalRandom(seed: string | number): void {
  seedrandom(String(seed), { global: true });
}

function gather(source: Float32Array, size: number, indices: readonly number[]): Float32Array {
  const out = new Float32Array(indices.length * size);
  indices.forEach((index, i) => out.set(source.subarray(index * size, (index + 1) * size), i * size));
  return out;
}

/** Trains `model` with Adam on `data` in seeded random mini-batches; returns each epoch's mean loss. */
export async function trainModel(model: tf.LayersModel, data: TrainingSet, options: TrainOptions): Promise<number[]> {
  const log = options.log ?? console.log;
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: options.loss });
  const rng = createRng(options.seed);
  const sampleSize = data.inputShape.reduce((n, d) => n * d, 1);
  const order = Array.from({ length: data.count }, (_, i) => i);
  const losses: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const started = performance.now();
    rng.shuffle(order);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < data.count; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      const inputs = gather(data.inputs, sampleSize, batch);
      options.augment?.(inputs, rng);
      const xs = tf.tensor(inputs, [batch.length, ...data.inputShape]);
      const ys = tf.tensor(gather(data.targets, data.targetSize, batch), [batch.length, data.targetSize]);
      const loss = await model.trainOnBatch(xs, ys);
      tf.dispose([xs, ys]);
      lossSum += Array.isArray(loss) ? loss[0]! : loss;
      batches++;
    }
    losses.push(lossSum / batches);
    log(`epoch ${epoch + 1}/${options.epochs}: loss ${(lossSum / batches).toFixed(4)}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return losses;
}

/** One-hot rows for `labels` (`classes` columns). */
export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]!] = 1;
  return out;
}
