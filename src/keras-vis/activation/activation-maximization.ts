/**
 * Activation maximisation in tf-keras-vis's style (`ActivationMaximization.__call__`): the input
 * that maximises a target (a class, a conv filter, any score), found by gradient descent on
 * -score + regularisers, with random jitter and rotation before each step. The values are clipped
 * to the input range after every step (projected gradient descent, as the reference notes describe
 * it; tf-keras-vis itself clips only what it returns, so its optimum can lie far outside the range
 * and score much lower once clipped).
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../core/errors.ts';
import { openContext, type ExplainOptions } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import { adaptModel, type ExplainableModel, type ModelAdapter } from '../../core/model.ts';
import type { GradModifier } from '../../core/modifiers.ts';
import type { NdArray } from '../../core/ndarray.ts';
import type { LongRunningOptions } from '../../core/progress.ts';
import { downloadNumbers } from '../../core/result.ts';
import type { TargetSpec } from '../../core/target.ts';
import { seededRandom } from '../../core/random.ts';
import { jitter, rotate2D, type InputModifier } from './input-modifiers.ts';
import { MAX_STEPS, optimizeInput, type OptimizationStep } from './optimize-input.ts';
import { createStepRule, DEFAULT_OPTIMIZER, type OptimizerSpec } from './optimizers.ts';
import { norm, totalVariation2D, type Regularizer } from './regularizers.ts';
import { checkRange, clipToRange, uniformSeed, type InputRange } from './seed-input.ts';
import { seedOrNoise, startValues } from './seed-or-noise.ts';

/** tf-keras-vis's defaults. */
export const ACTIVATION_MAXIMIZATION_DEFAULTS = {
  inputRange: [0, 255] as InputRange,
  steps: 200,
  seed: 0,
  /** TotalVariation2D(weight=1.0), Norm(weight=0.3, p=1). */
  regularizers: (): Regularizer[] => [totalVariation2D(1), norm(0.3, 1)],
  /** Jitter(jitter=4), Rotate2D(degree=1). */
  inputModifiers: (): InputModifier[] => [jitter(4), rotate2D(1)],
} as const;

/** Options of {@link maximizeActivation}. */
export interface MaximizeActivationOptions extends LongRunningOptions, Pick<ExplainOptions, 'softmax' | 'backpropModifier'> {
  /** What is maximised: a class index of the output, or any target (e.g. filterTarget(layer, k)). Required. */
  readonly target: TargetSpec;
  /** Where to start (batch first or one sample). Default: one sample uniform in `inputRange` ([0, 1) when null). */
  readonly seedInput?: ModelInput;
  /** Range the values are clipped to after every step; null: no clipping. Default [0, 255]. */
  readonly inputRange?: InputRange | null;
  /** Gradient steps, at most 100 000. Default 200. */
  readonly steps?: number;
  /** Update rule. Default RMSprop, learning rate 1, rho 0.999 ({@link DEFAULT_OPTIMIZER}). */
  readonly optimizer?: OptimizerSpec;
  /** Penalties added to -score. Default [totalVariation2D(1), norm(0.3, 1)]. */
  readonly regularizers?: readonly Regularizer[];
  /** Random transformations before each step (they accumulate). Default [jitter(4), rotate2D(1)]. */
  readonly inputModifiers?: readonly InputModifier[];
  /** Applied to the loss gradient before the update. Default 'none'. */
  readonly gradModifier?: GradModifier;
  /** Seed of the starting noise, jitter and rotations. Default 0. */
  readonly seed?: number;
  /** Called after every step with its scores, penalties and values. Default: none. */
  readonly onStep?: (step: OptimizationStep) => void;
}

/** The result of {@link maximizeActivation}. */
export interface ActivationMaximizationResult {
  /** Per model input: the optimised values (in the input range), batch first. */
  readonly images: readonly NdArray[];
  /** `images[0]`. */
  readonly image: NdArray;
  /** Per sample: the objective of the returned images. */
  readonly scores: readonly number[];
  /** Per step, per sample: the objective before the step's update. */
  readonly scoreHistory: readonly (readonly number[])[];
  /** What was maximised, e.g. "class 3". */
  readonly target: string;
}

/** Finds inputs that maximise `options.target`; see {@link MaximizeActivationOptions} for the defaults. */
export async function maximizeActivation(
  model: ExplainableModel | ModelAdapter,
  options: MaximizeActivationOptions,
): Promise<ActivationMaximizationResult> {
  check(options?.target !== undefined, 'target', 'activation maximisation needs a target: a class index or a target such as filterTarget(layer, k)');
  const d = ACTIVATION_MAXIMIZATION_DEFAULTS;
  const range = options.inputRange === null ? null : checkRange(options.inputRange ?? d.inputRange);
  const steps = options.steps ?? d.steps;
  check(Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS, 'steps', `got ${steps}; expected an integer from 1 to ${MAX_STEPS}`);
  const random = seededRandom(options.seed ?? d.seed);
  const adapter = adaptModel(model);
  const seedInput = seedOrNoise(adapter, options.seedInput, (size) => uniformSeed(size, range ?? [0, 1], random));
  const context = openContext(adapter, seedInput, options);
  try {
    const optimizer = options.optimizer ?? DEFAULT_OPTIMIZER;
    createStepRule(optimizer, 0); // checks the settings before any work
    const result = await optimizeInput({
      ...options,
      context,
      start: await startValues(context),
      steps,
      regularizers: options.regularizers ?? d.regularizers(),
      modifiers: options.inputModifiers ?? d.inputModifiers(),
      normalizeGradient: false,
      gradModifier: options.gradModifier ?? 'none',
      optimizer: (size) => createStepRule(optimizer, size),
      constrain: (values) => clipToRange(values, range),
      random,
    });
    const images = result.last.map((v, i) => ({ data: v, shape: (context.input.tensors[i] as tf.Tensor).shape }));
    const scores = tf.tidy(() => {
      const xs = images.map((image) => tf.tensor(image.data, image.shape, 'float32'));
      return context.objective.score(context.adapter.run(xs, context.objective.hooks)).total;
    });
    const final = (await downloadNumbers(scores)) ?? [];
    return { images, image: images[0] as NdArray, scores: final, scoreHistory: result.scoreHistory, target: context.meta.target };
  } finally {
    context.dispose();
  }
}
