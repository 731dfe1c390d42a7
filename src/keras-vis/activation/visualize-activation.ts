/**
 * keras-vis's activation maximisation, step for step: `visualize_activation` and
 * `visualize_activation_with_losses`. Loss = act_max_weight * (-mean activation) + 10 LPNorm(p=6) +
 * 10 TV(beta=2) (both divided by C*H*W); the gradient l2-normalised, keras-vis's RMSProp without a
 * learning rate, 200 iterations from noise around the middle of the range; the image right after
 * the lowest-loss step, deprocessed. Differences: a batch is optimised as independent samples, and
 * the final softmax is removed unless `softmax: 'keep'` (keras-vis users swapped it by hand).
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from '../../core/errors.ts';
import { openContext, type ExplainOptions } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import type { LayerRef } from '../../core/layers.ts';
import { adaptModel, type ExplainableModel, type ModelAdapter } from '../../core/model.ts';
import type { GradModifier } from '../../core/modifiers.ts';
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import type { ObjectiveTerm } from '../../core/objective.ts';
import type { LongRunningOptions } from '../../core/progress.ts';
import { activationMaximization, lossTerms, type Loss } from '../visualize-saliency.ts';
import { seededRandom } from '../../core/random.ts';
import type { InputModifier } from './input-modifiers.ts';
import { MAX_STEPS, optimizeInput, type OptimizationStep } from './optimize-input.ts';
import { kerasVisRmsprop } from './optimizers.ts';
import { kerasVisLpNorm, kerasVisTotalVariation, type Regularizer } from './regularizers.ts';
import { checkRange, deprocessInput, kerasVisSeed, type InputRange } from './seed-input.ts';
import { seedOrNoise, startValues } from './seed-or-noise.ts';

/** keras-vis's defaults of visualize_activation. */
export const VISUALIZE_ACTIVATION_DEFAULTS = { inputRange: [0, 255] as InputRange, actMaxWeight: 1, lpNormWeight: 10, tvWeight: 10, maxIter: 200, seed: 0 } as const;

/** Options of {@link visualizeActivationWithLosses}. */
export interface VisualizeActivationWithLossesOptions extends LongRunningOptions, Pick<ExplainOptions, 'softmax' | 'backpropModifier'> {
  /** Where to start (one sample, or a batch). Default: keras-vis noise, mean mid-range, std 5% of the range. */
  readonly seedInput?: ModelInput;
  /** The range of the returned image. Default [0, 255]. */
  readonly inputRange?: InputRange;
  /** Applied to the normalised gradient. Default 'none'. */
  readonly gradModifier?: GradModifier;
  /** Iterations, at most 100 000. Default 200. */
  readonly maxIter?: number;
  /** e.g. [kerasVisJitter(16)]. Default none. */
  readonly inputModifiers?: readonly InputModifier[];
  /** Seed of the starting noise and the jitter. Default 0. */
  readonly seed?: number;
  /** keras-vis's callbacks: called after every iteration. Default: none. */
  readonly onStep?: (step: OptimizationStep) => void;
  /** 'uint8' truncates to whole numbers as keras-vis does for integer ranges. Default 'uint8' when inputRange is [0, 255], else 'float32'. */
  readonly outputDtype?: 'uint8' | 'float32';
}

/** Options of {@link visualizeActivation}. */
export interface VisualizeActivationOptions extends VisualizeActivationWithLossesOptions {
  /** Default 1. */
  readonly actMaxWeight?: number;
  /** Weight of LPNorm(p=6). Default 10. */
  readonly lpNormWeight?: number;
  /** Weight of TotalVariation(beta=2). Default 10. */
  readonly tvWeight?: number;
}

/**
 * keras-vis `visualize_activation(model, layer_idx, filter_indices, ...)`: the input that maximises
 * the mean activation of `filterIndices` (summed; null: all units) at `layer`. Returns [H, W, C]
 * (one image) unless `seedInput` has a batch axis.
 */
export async function visualizeActivation(
  model: ExplainableModel | ModelAdapter,
  layer: LayerRef,
  filterIndices: number | readonly number[] | null = null,
  options: VisualizeActivationOptions = {},
): Promise<NdArray> {
  const d = VISUALIZE_ACTIVATION_DEFAULTS;
  return visualizeActivationWithLosses(
    model,
    [
      [activationMaximization(layer, filterIndices), options.actMaxWeight ?? d.actMaxWeight],
      [kerasVisLpNorm(6), options.lpNormWeight ?? d.lpNormWeight],
      [kerasVisTotalVariation(2), options.tvWeight ?? d.tvWeight],
    ],
    options,
  );
}

/** keras-vis `visualize_activation_with_losses(input_tensor, losses, ...)`: minimises the weighted losses (weight 0 skipped). */
export async function visualizeActivationWithLosses(
  model: ExplainableModel | ModelAdapter,
  losses: ReadonlyArray<readonly [Loss | Regularizer, number]>,
  options: VisualizeActivationWithLossesOptions = {},
): Promise<NdArray> {
  check(Array.isArray(losses) && losses.length > 0, 'losses', 'expected a non-empty list of [loss, weight] pairs');
  const regularizers: Regularizer[] = [];
  const modelLosses: (readonly [Loss, number])[] = [];
  for (const [loss, weight] of losses) {
    if (!('penalty' in loss)) modelLosses.push([loss, weight]);
    else if (weight !== 0) {
      check(Number.isFinite(weight), 'losses', `the weight of '${loss.name}' must be a finite number, got ${weight}`);
      regularizers.push({ ...loss, penalty: (x) => tf.mul(loss.penalty(x), weight) });
    }
  }
  const weighted = modelLosses.filter(([, weight]) => weight !== 0);
  check(weighted.length > 0, 'losses', 'at least one loss must read the model (e.g. activationMaximization) with a non-zero weight');
  // The loop maximises its objective, keras-vis minimises the losses: terms get the opposite sign.
  const terms: ObjectiveTerm[] = lossTerms(weighted).map((t) => ({ ...t, weight: -(t.weight ?? 1) }));
  const d = VISUALIZE_ACTIVATION_DEFAULTS;
  const range = checkRange(options.inputRange ?? d.inputRange);
  const steps = options.maxIter ?? d.maxIter;
  check(Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS, 'maxIter', `got ${steps}; expected an integer from 1 to ${MAX_STEPS}`);
  const adapter = adaptModel(model);
  if (adapter.inputShapes().length !== 1) {
    throw new SaliencyError('UNSUPPORTED_MODEL', 'model: keras-vis visualises single-input models; use maximizeActivation for several inputs', 'model');
  }
  const random = seededRandom(options.seed ?? d.seed);
  const seedInput = seedOrNoise(adapter, options.seedInput, (size) => kerasVisSeed(size, range, random));
  const context = openContext(adapter, seedInput, options, terms);
  try {
    const { best } = await optimizeInput({
      ...options,
      context,
      start: await startValues(context),
      steps,
      regularizers,
      modifiers: options.inputModifiers ?? [],
      normalizeGradient: true,
      gradModifier: options.gradModifier ?? 'none',
      optimizer: kerasVisRmsprop,
      random,
    });
    const shape = context.input.tensors[0]?.shape ?? [];
    const size = sizeOf(shape.slice(1));
    const values = best[0] as Float32Array;
    const uint8 = (options.outputDtype ?? (range[0] === 0 && range[1] === 255 ? 'uint8' : 'float32')) === 'uint8';
    const data = new Float32Array(values.length);
    for (let n = 0; n < context.input.batchSize; n++) {
      const image = deprocessInput(values.subarray(n * size, (n + 1) * size), range);
      data.set(uint8 ? image.map((v) => Math.trunc(Math.min(range[1], Math.max(range[0], v)))) : image, n * size);
    }
    return context.input.batchAdded || options.seedInput === undefined ? { data, shape: shape.slice(1) } : { data, shape };
  } finally {
    context.dispose();
  }
}
