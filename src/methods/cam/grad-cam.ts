/**
 * Grad-CAM (Selvaraju et al. 2017): each channel of a conv layer weighted by the spatial mean of the
 * target's gradient there, summed, rectified and resized to the input. For a last conv layer that
 * feeds global average pooling and a dense head this is the original CAM (Zhou et al. 2016) divided
 * by the number of positions.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { applyGradModifier } from '../../core/modifiers.ts';
import type { Attribution } from '../../core/result.ts';
import { augSmoothed } from './aug-smooth.ts';
import { channelsToMaps, runGradientCam } from './cam-call.ts';
import { camSchema, camSmoothSchema, type CamOptions } from './cam-options.ts';
import { spatialAxes } from './upsample.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, resolveOptions, type SchemaOptions } from '../schema.ts';
import { gradModifierOption } from '../shared-options.ts';

/** The options of {@link gradCam}, declared once (see methods/schema.ts): the CAM options and a grad modifier. */
export const gradCamSchema = defineSchema({
  ...camSchema,
  ...camSmoothSchema,
  /** Applied to the gradient at the layer before it is averaged (tf-keras-vis `gradient_modifier`): a name, null or a function. Default 'none'. */
  gradModifier: gradModifierOption('Applied to the gradient at the layer before averaging.'),
});

/** Options of {@link gradCam}. */
export interface GradCamOptions extends CamOptions, SchemaOptions<typeof gradCamSchema> {}

/**
 * Grad-CAM before the ReLU: `sum_k mean_space(gradient_k) * activation_k`, shape [N, ...spatial],
 * from a channels-last activation and the gradient at it. Call inside tf.tidy.
 */
export function gradCamMap(activation: tf.Tensor, gradient: tf.Tensor): tf.Tensor {
  return tf.sum(gradCamWeighted(activation, gradient), -1);
}

/** The weighted channels of Grad-CAM, `mean_space(gradient_k) * activation_k`, shape [N, ...spatial, C]. Call inside tf.tidy. */
export function gradCamWeighted(activation: tf.Tensor, gradient: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mean(gradient, spatialAxes(gradient), true), activation);
}

/**
 * Grad-CAM maps [N, H, W] (the input's spatial shape; the layer's with `upsample: 'none'`), one per
 * model input, unnormalised (render/ normalises). `meta.extra.layer` names the layer used.
 */
export async function gradCam(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: GradCamOptions = {},
): Promise<Attribution> {
  if (options.augSmooth === true) return augSmoothed(gradCam, model, input, options);
  const settings = { ...options, ...resolveOptions(gradCamSchema, options, 'grad-cam') };
  const modifier = settings.gradModifier ?? 'none';
  const details = (): { gradModifier: string } => ({ gradModifier: typeof modifier === 'function' ? 'custom' : modifier });
  return runGradientCam({ model, input, options: settings, method: 'grad-cam', details }, (result, call) =>
    channelsToMaps(call, gradCamWeighted(result.activation, applyGradModifier(result.gradient, modifier))),
  );
}

/** Registry entry of {@link gradCam}. */
export const gradCamMethod = defineMethod(
  {
    name: 'grad-cam',
    title: 'Grad-CAM',
    family: 'cam',
    summary: 'Channels of a conv layer weighted by the mean gradient of the target over space: where the evidence for the class lies.',
    mapShape: 'spatial',
    randomized: false,
    needsSpatialLayer: true,
  },
  gradCamSchema,
  gradCam,
);
