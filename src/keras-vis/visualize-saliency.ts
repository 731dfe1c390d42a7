/**
 * keras-vis's saliency API, number for number: visualize_saliency and
 * visualize_saliency_with_losses with the ActivationMaximization loss. The same post-processing
 * (grad modifier, max over channels unless keepdims, global min-max with epsilon 1e-7), but one map
 * per sample where keras-vis returned only sample 0 of a batch.
 */
import type { ExplainOptions } from '../core/explain.ts';
import type { ObjectiveTerm } from '../core/objective.ts';
import { check } from '../core/errors.ts';
import type { ModelInput } from '../core/input.ts';
import type { LayerRef } from '../core/layers.ts';
import { adaptModel, type ExplainableModel, type ModelAdapter } from '../core/model.ts';
import type { GradModifier } from '../core/modifiers.ts';
import { sizeOf, type NdArray } from '../core/ndarray.ts';
import { allUnitsTarget, classTarget, classesTarget, type Target } from '../core/target.ts';
import { minMaxNormalize } from '../render/normalize.ts';
import { reduceChannels } from '../core/reduce.ts';
import { saliencyOfTerms } from '../methods/gradient/saliency.ts';

/** keras-vis's default grad modifier for saliency. */
export const KERAS_VIS_SALIENCY_GRAD_MODIFIER: GradModifier = 'absolute';

/** Options of {@link visualizeSaliency} and {@link visualizeSaliencyWithLosses}. */
export interface VisualizeSaliencyOptions extends Pick<ExplainOptions, 'backpropModifier' | 'softmax'> {
  /** Gradient with respect to this layer's output (keras-vis `wrt_tensor`). Default: the input. */
  readonly wrt?: LayerRef;
  /** Applied to the raw gradient before the channel max. Default 'absolute'. */
  readonly gradModifier?: GradModifier;
  /** Keep the channel axis instead of taking the max over it (needed for 1-D feature inputs). Default false. */
  readonly keepdims?: boolean;
}

/**
 * A keras-vis loss: `scale` times its target's score. keras-vis minimises losses, so
 * {@link activationMaximization} has scale -1 and is used with weight -1.
 */
export interface Loss {
  /** keras-vis's loss name. */
  readonly name: string;
  /** What the loss reads. */
  readonly target: Target;
  /** The loss is `scale * score`. */
  readonly scale: number;
}

/** The unit target keras-vis's `filter_indices` describe at `layer`: one index, several (summed), or null (mean of all). */
export function filterIndicesTarget(layer: LayerRef, filterIndices: number | readonly number[] | null): Target {
  if (filterIndices === null) return allUnitsTarget({ layer });
  if (typeof filterIndices === 'number') return classTarget(filterIndices, { layer });
  check(Array.isArray(filterIndices), 'filterIndices', 'expected a number, an array of numbers or null');
  return filterIndices.length === 1 ? classTarget(filterIndices[0] as number, { layer }) : classesTarget(filterIndices, { layer });
}

/** keras-vis ActivationMaximization: minus the mean activation of the chosen units at `layer` (summed over indices). */
export function activationMaximization(layer: LayerRef, filterIndices: number | readonly number[] | null): Loss {
  return { name: 'ActivationMax Loss', target: filterIndicesTarget(layer, filterIndices), scale: -1 };
}

/** keras-vis `[[loss, weight], ...]` as objective terms (weight times the loss's scale), checked. */
export function lossTerms(losses: ReadonlyArray<readonly [Loss, number]>): ObjectiveTerm[] {
  check(Array.isArray(losses) && losses.length > 0, 'losses', 'expected a non-empty list of [loss, weight] pairs');
  return losses.map(([loss, weight]) => {
    check(Number.isFinite(weight), 'losses', `the weight of '${loss.name}' must be a finite number, got ${weight}`);
    return { target: loss.target, weight: weight * loss.scale };
  });
}

/**
 * keras-vis `visualize_saliency(model, layer_idx, filter_indices, seed_input, ...)`: the gradient of
 * the mean activation of `filterIndices` at `layer`, modified (default |g|), reduced by max over
 * channels unless `keepdims`, then min-max normalised per sample to [0, 1). A seed without a batch
 * axis gives a map without one; a batch gives one map per sample.
 */
export async function visualizeSaliency(
  model: ExplainableModel | ModelAdapter,
  layer: LayerRef,
  filterIndices: number | readonly number[] | null,
  seedInput: ModelInput,
  options: VisualizeSaliencyOptions = {},
): Promise<NdArray> {
  return visualizeSaliencyWithLosses(model, [[activationMaximization(layer, filterIndices), -1]], seedInput, options);
}

/**
 * keras-vis `visualize_saliency_with_losses(input_tensor, losses, seed_input, ...)`: the gradient of
 * the weighted sum of losses. TF.js has no symbolic input tensor to pass, so the model stands for it.
 */
export async function visualizeSaliencyWithLosses(
  model: ExplainableModel | ModelAdapter,
  losses: ReadonlyArray<readonly [Loss, number]>,
  seedInput: ModelInput,
  options: VisualizeSaliencyOptions = {},
): Promise<NdArray> {
  const terms = lossTerms(losses);
  const result = await saliencyOfTerms(
    model,
    seedInput,
    {
      gradModifier: options.gradModifier ?? KERAS_VIS_SALIENCY_GRAD_MODIFIER,
      ...(options.wrt !== undefined ? { wrt: options.wrt } : {}),
      ...(options.backpropModifier !== undefined ? { backpropModifier: options.backpropModifier } : {}),
      ...(options.softmax !== undefined ? { softmax: options.softmax } : {}),
    },
    terms,
  );
  const reduced = options.keepdims ? result.map : reduceChannels(result.map, 'max');
  const normalized = normalizePerSample(reduced);
  return seedHasBatchAxis(model, seedInput) ? normalized : { data: normalized.data, shape: normalized.shape.slice(1) };
}

function seedHasBatchAxis(model: ExplainableModel | ModelAdapter, seedInput: ModelInput): boolean {
  const first = (Array.isArray(seedInput) ? seedInput[0] : seedInput) as { shape: readonly number[] };
  return first.shape.length === (adaptModel(model).inputShapes()[0] as unknown[]).length;
}

/** keras-vis min-max normalisation of each sample on its own. */
export function normalizePerSample(map: NdArray): NdArray {
  const batch = map.shape[0] as number;
  const size = sizeOf(map.shape.slice(1));
  const out = new Float32Array(map.data.length);
  for (let i = 0; i < batch; i++) out.set(minMaxNormalize(map.data.subarray(i * size, (i + 1) * size)), i * size);
  return { data: out, shape: map.shape };
}
