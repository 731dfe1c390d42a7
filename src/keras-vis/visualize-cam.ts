/**
 * keras-vis's Grad-CAM API: `visualize_cam` and `visualize_cam_with_losses`, reproducing its steps
 * number for number (see {@link kerasVisCamSteps}). Where it differs from {@link gradCam}:
 * - the gradient is divided by its maximum first, which flips the map when every gradient is
 *   negative (gradCam does not rescale);
 * - the map is resized with a cubic B-spline (scipy `zoom`, align-corners), which overshoots near
 *   peaks, where gradCam resizes bilinearly with half-pixel centres;
 * - the result is min-max normalised to [0, 1) (gradCam returns the raw map).
 * Where it differs from keras-vis itself: the automatic layer search considers the layer right
 * before the target and skips maps of size 1 (keras-vis skipped one layer and could pick ResNet50's
 * 1x1 pooling), layers inside nested models can be named, free input sizes take the seed's size,
 * and a batch gives one map per sample, each what keras-vis gives for that sample alone.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from '../core/errors.ts';
import { openContext, type ExplainOptions } from '../core/explain.ts';
import { computeGradients } from '../core/gradients.ts';
import type { ModelInput } from '../core/input.ts';
import type { LayerRef } from '../core/layers.ts';
import type { ExplainableModel, ModelAdapter } from '../core/model.ts';
import { applyGradModifier, checkGradModifier, type GradModifier } from '../core/modifiers.ts';
import type { NdArray } from '../core/ndarray.ts';
import { downloadAll } from '../core/result.ts';
import { resolveCamLayer } from '../methods/cam/find-layer.ts';
import { kerasVisCamSteps } from './cam-steps.ts';
import { activationMaximization, lossTerms, type Loss } from './visualize-saliency.ts';

/** Options of {@link visualizeCam} and {@link visualizeCamWithLosses}. */
export interface VisualizeCamOptions extends Pick<ExplainOptions, 'backpropModifier' | 'softmax'> {
  /** Applied to the raw gradient at the layer, before the division by its maximum. Default null (none), as in keras-vis. */
  readonly gradModifier?: GradModifier;
}

/**
 * keras-vis `visualize_cam(model, layer_idx, filter_indices, seed_input, penultimate_layer_idx, ...)`:
 * the Grad-CAM of the mean activation of `filterIndices` at `layer`, read at `penultimateLayer`
 * (default: the nearest layer before `layer` with a spatial output), as a map in [0, 1) of the
 * input's spatial shape. A seed without a batch axis gives a map without one.
 */
export async function visualizeCam(
  model: ExplainableModel | ModelAdapter,
  layer: LayerRef,
  filterIndices: number | readonly number[] | null,
  seedInput: ModelInput,
  penultimateLayer?: LayerRef,
  options: VisualizeCamOptions = {},
): Promise<NdArray> {
  return visualizeCamWithLosses(model, [[activationMaximization(layer, filterIndices), -1]], seedInput, penultimateLayer, options);
}

/**
 * keras-vis `visualize_cam_with_losses(input_tensor, losses, seed_input, penultimate_layer, grad_modifier)`:
 * the same for a weighted sum of losses. The model stands for keras-vis's input tensor;
 * `penultimateLayer` defaults to the nearest spatial layer before the first loss's layer.
 */
export async function visualizeCamWithLosses(
  model: ExplainableModel | ModelAdapter,
  losses: ReadonlyArray<readonly [Loss, number]>,
  seedInput: ModelInput,
  penultimateLayer?: LayerRef,
  options: VisualizeCamOptions = {},
): Promise<NdArray> {
  const terms = lossTerms(losses);
  const modifier = checkGradModifier(options.gradModifier);
  const context = openContext(model, seedInput, { backpropModifier: options.backpropModifier ?? null, ...pickSoftmax(options) }, terms);
  try {
    const seed = context.input.tensors[0] as tf.Tensor;
    const layer = resolveCamLayer(context.adapter, penultimateLayer, terms[0]?.target.layer, seed.rank, 'penultimateLayer').info;
    if (layer.outputShape.length !== seed.rank) {
      throw new SaliencyError(
        'INPUT_SHAPE',
        `penultimateLayer: '${layer.path.join('/')}' has ${layer.outputShape.length - 2} spatial axes, the seed ${seed.rank - 2}; ` +
          'keras-vis zooms the map onto the seed, which needs the same number',
        'penultimateLayer',
      );
    }
    const [activation, gradient] = await downloadAll(
      tf.tidy(() => {
        const result = computeGradients(context, context.input.tensors, { wrt: layer });
        return [result.activation as tf.Tensor, applyGradModifier(result.gradients[0] as tf.Tensor, modifier)];
      }),
    );
    const maps = kerasVisCamSteps(activation as NdArray, gradient as NdArray, seed.shape.slice(1, -1));
    return context.input.batchAdded ? { data: maps.data, shape: maps.shape.slice(1) } : maps;
  } finally {
    context.dispose();
  }
}

function pickSoftmax(options: VisualizeCamOptions): Pick<ExplainOptions, 'softmax'> {
  return options.softmax !== undefined ? { softmax: options.softmax } : {};
}
