/**
 * The gradient-descent loop of activation maximisation: modify the input, take the gradient of
 * -objective + penalties, optionally l2-normalise it per sample, apply a grad modifier and an
 * update rule. The input lives in plain arrays between steps; each step is one tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainContext } from '../../core/explain.ts';
import { computeGradients } from '../../core/gradients.ts';
import { applyGradModifier, type GradModifier } from '../../core/modifiers.ts';
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import { reportProgress, throwIfCancelled, type LongRunningOptions } from '../../core/progress.ts';
import type { RandomSource } from '../../core/random.ts';
import type { InputModifier } from './input-modifiers.ts';
import type { StepRule } from './optimizers.ts';
import type { Regularizer } from './regularizers.ts';

/** The most optimisation steps (iterations) one call may ask for. */
export const MAX_STEPS = 100_000;

/** What one step saw (before its update) and produced. */
export interface OptimizationStep {
  /** 0-based step number. */
  readonly step: number;
  /** Per sample: the objective (weighted target score) before the update. */
  readonly scores: readonly number[];
  /** Per regulariser name: its weighted penalty per sample before the update. */
  readonly penalties: Readonly<Record<string, readonly number[]>>;
  /** Per sample: -score + sum of penalties, the loss being minimised. */
  readonly losses: readonly number[];
  /** Per model input: the values after the update (batch first, not clipped). */
  readonly values: readonly NdArray[];
}

/** The loop's settings. */
export interface InputOptimization extends LongRunningOptions {
  readonly context: ExplainContext;
  /** Per model input: the starting values, batch first like the context's input. */
  readonly start: readonly Float32Array[];
  readonly steps: number;
  readonly regularizers: readonly Regularizer[];
  readonly modifiers: readonly InputModifier[];
  /** keras-vis: divide each sample's gradient by its l2 norm. */
  readonly normalizeGradient: boolean;
  readonly gradModifier: GradModifier;
  /** A fresh update rule for an array of `size` values. */
  readonly optimizer: (size: number) => StepRule;
  /** Applied to the values after each update (e.g. clipping to the input range). Default: none. */
  readonly constrain?: (values: Float32Array) => Float32Array;
  readonly random: RandomSource;
  readonly onStep?: (step: OptimizationStep) => void;
}

/** The values after the last step, and per sample those right after its lowest-loss step (keras-vis's "best"). */
export interface OptimizationResult {
  readonly last: Float32Array[];
  readonly best: Float32Array[];
  /** Per step, per sample: the objective before the update. */
  readonly scoreHistory: number[][];
}

/** Runs the loop; reports progress after each step and honours cancellation. */
export async function optimizeInput(settings: InputOptimization): Promise<OptimizationResult> {
  const { context, steps } = settings;
  const shapes = context.input.tensors.map((t) => t.shape);
  const batch = context.input.batchSize;
  const sampleSizes = shapes.map((s) => sizeOf(s.slice(1)));
  let values: Float32Array[] = settings.start.map((v) => Float32Array.from(v));
  const rules = values.map((v) => settings.optimizer(v.length));
  const best = values.map((v) => Float32Array.from(v));
  const bestLoss = new Array<number>(batch).fill(Infinity);
  const scoreHistory: number[][] = [];
  throwIfCancelled(settings.signal);
  for (let step = 0; step < steps; step++) {
    values = values.map((v, i) => {
      const shape = shapes[i] as number[];
      return settings.modifiers.reduce<Float32Array>((acc, m) => (m.appliesTo(shape) ? m.modify(acc, shape, settings.random) : acc), v);
    });
    const measured = await lossGradients(settings, values);
    values.forEach((v, i) => (rules[i] as StepRule).step(v, measured.gradients[i] as Float32Array));
    if (settings.constrain) values = values.map(settings.constrain);
    measured.losses.forEach((loss, n) => {
      if (!(loss < (bestLoss[n] as number))) return;
      bestLoss[n] = loss;
      values.forEach((v, i) => (best[i] as Float32Array).set(v.subarray(n * (sampleSizes[i] as number), (n + 1) * (sampleSizes[i] as number)), n * (sampleSizes[i] as number)));
    });
    scoreHistory.push(measured.scores);
    settings.onStep?.({
      step,
      scores: measured.scores,
      penalties: measured.penalties,
      losses: measured.losses,
      values: values.map((v, i) => ({ data: Float32Array.from(v), shape: shapes[i] as number[] })),
    });
    await reportProgress(settings, step + 1, steps);
  }
  return { last: values, best, scoreHistory };
}

interface MeasuredStep {
  readonly gradients: Float32Array[];
  readonly scores: number[];
  readonly penalties: Record<string, number[]>;
  readonly losses: number[];
}

async function lossGradients(settings: InputOptimization, values: readonly Float32Array[]): Promise<MeasuredStep> {
  const { context } = settings;
  const multiple = values.length > 1;
  const named: string[] = [];
  const tensors = tf.tidy(() => {
    const xs = values.map((v, i) => tf.tensor(v, (context.input.tensors[i] as tf.Tensor).shape, 'float32'));
    const scored = computeGradients(context, xs);
    const penalties: tf.Tensor1D[] = [];
    const gradients = xs.map((x, i) => {
      const regularizers = settings.regularizers.filter((r) => r.appliesTo(x.shape));
      regularizers.forEach((r) => {
        named.push(multiple ? `${r.name}(input ${i})` : r.name);
        penalties.push(r.penalty(x));
      });
      const scoreGradient = scored.gradients[i] as tf.Tensor;
      const lossGradient = regularizers.length === 0
        ? tf.neg(scoreGradient)
        : tf.sub(tf.grad((v: tf.Tensor) => tf.sum(tf.addN(regularizers.map((r) => r.penalty(v)))))(x), scoreGradient);
      const normalized = settings.normalizeGradient ? normalizePerSample(lossGradient) : lossGradient;
      return applyGradModifier(normalized, settings.gradModifier);
    });
    return { gradients, scores: scored.scores, penalties: penalties.length ? tf.stack(penalties) : tf.zeros([0, context.input.batchSize]) };
  });
  try {
    const [gradients, scores, penalties] = await Promise.all([
      Promise.all(tensors.gradients.map(async (g) => Float32Array.from(await g.data()))),
      tensors.scores.data(),
      tensors.penalties.array() as Promise<number[][]>,
    ]);
    const record = Object.fromEntries(named.map((name, k) => [name, penalties[k] as number[]]));
    const losses = Array.from(scores, (s, n) => penalties.reduce((sum, row) => sum + (row[n] as number), -s));
    return { gradients, scores: Array.from(scores), penalties: record, losses };
  } finally {
    tf.dispose([...tensors.gradients, tensors.scores, tensors.penalties]);
  }
}

/** keras-vis's `K.l2_normalize` over each sample: g / sqrt(max(sum g^2, 1e-12)). */
function normalizePerSample(gradient: tf.Tensor): tf.Tensor {
  const axes = Array.from({ length: gradient.rank - 1 }, (_, i) => i + 1);
  return tf.div(gradient, tf.sqrt(tf.maximum(tf.sum(tf.square(gradient), axes, true), 1e-12)));
}
