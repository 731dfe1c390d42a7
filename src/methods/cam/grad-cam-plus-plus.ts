/**
 * Grad-CAM++ (Chattopadhyay et al. 2018), as tf-keras-vis computes it: with the derivatives of
 * exp(S), `first = exp(S) g`, `second = first g`, `third = second g`, pixel weights
 * `alpha = second / (2 second + third * sum_space A)` (0 where the denominator is 0), normalised to sum 1
 * over space; channel weights `w_k = sum_space ReLU(first) alpha`; map `sum_k w_k A_k`.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { augSmoothed } from './aug-smooth.ts';
import { camMaps, runGradientCam } from './cam-call.ts';
import { reduceChannels } from './eigen-projection.ts';
import { camSchema, camSmoothSchema, type CamOptions, type CamSmoothOptions } from './cam-options.ts';
import { spatialAxes } from './upsample.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, resolveOptions } from '../schema.ts';

/** The options of {@link gradCamPlusPlus}: the CAM options and the smoothing ones. */
export const gradCamPlusPlusSchema = defineSchema({ ...camSchema, ...camSmoothSchema });

/** Options of {@link gradCamPlusPlus}. */
export interface GradCamPlusPlusOptions extends CamOptions, CamSmoothOptions {}

/**
 * Grad-CAM++ before the final ReLU, shape [N, ...spatial], from a channels-last activation, the
 * gradient at it and the per-sample scores S. exp(S) cancels in alpha, so it is applied once, as a
 * factor per sample at the end (exactly equal, and no overflow inside alpha). Call inside tf.tidy.
 */
export function gradCamPlusPlusMap(activation: tf.Tensor, gradient: tf.Tensor, scores: tf.Tensor1D, eigenSmooth = false): tf.Tensor {
  const map = reduceChannels(gradCamPlusPlusWeighted(activation, gradient), eigenSmooth);
  const scale = tf.reshape(tf.exp(scores), [-1, ...spatialAxes(activation).map(() => 1)]);
  return tf.mul(scale, map);
}

/** The weighted channels `w_k A_k` of Grad-CAM++ without the factor exp(S), shape [N, ...spatial, C]. Call inside tf.tidy. */
export function gradCamPlusPlusWeighted(activation: tf.Tensor, gradient: tf.Tensor): tf.Tensor {
  const axes = spatialAxes(activation);
  const squared = tf.square(gradient);
  const cubed = tf.mul(squared, gradient);
  const denominator = tf.add(tf.mul(squared, 2), tf.mul(cubed, tf.sum(activation, axes, true)));
  const alphas = tf.divNoNan(squared, denominator);
  const total = tf.sum(alphas, axes, true);
  const normalized = tf.div(alphas, tf.where(tf.equal(total, 0), tf.onesLike(total), total));
  const weights = tf.sum(tf.mul(tf.relu(gradient), normalized), axes, true);
  return tf.mul(weights, activation);
}

/**
 * Grad-CAM++ maps [N, H, W] (the input's spatial shape; the layer's with `upsample: 'none'`),
 * unnormalised. The map of a sample carries the factor exp(S) of its score S, as in the paper; it
 * is not finite for scores above about 88 (float32), which a warning then reports.
 */
export async function gradCamPlusPlus(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: GradCamPlusPlusOptions = {},
): Promise<Attribution> {
  if (options.augSmooth === true) return augSmoothed(gradCamPlusPlus, model, input, options);
  const settings = { ...options, ...resolveOptions(gradCamPlusPlusSchema, options, 'grad-cam-plus-plus') };
  const result = await runGradientCam({ model, input, options: settings, method: 'grad-cam-plus-plus' }, (gradients, call) =>
    camMaps(call, gradCamPlusPlusMap(gradients.activation, gradients.gradient, gradients.scores, call.eigenSmooth)),
  );
  const overflowed = result.meta.scores.flatMap((s, i) => (Number.isFinite(Math.fround(Math.exp(s))) ? [] : [i]));
  if (overflowed.length === 0) return result;
  const warning =
    `exp(score) overflows float32 for sample(s) ${overflowed.join(', ')} (score above ~88), so their maps are not finite; ` +
    `explain the probability (softmax: 'keep') or use grad-cam`;
  return { ...result, meta: { ...result.meta, warnings: [...result.meta.warnings, warning] } };
}

/** Registry entry of {@link gradCamPlusPlus}. */
export const gradCamPlusPlusMethod = defineMethod(
  {
    name: 'grad-cam-plus-plus',
    title: 'Grad-CAM++',
    family: 'cam',
    summary: 'Grad-CAM with per-pixel weights from higher-order derivatives: better for several instances of a class.',
    mapShape: 'spatial',
    randomized: false,
    needsSpatialLayer: true,
  },
  gradCamPlusPlusSchema,
  gradCamPlusPlus,
);
