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
import { camMaps, runGradientCam } from './cam-call.ts';
import { camSchema, type CamOptions } from './cam-options.ts';
import { spatialAxes } from './upsample.ts';
import { defineMethod } from '../definition.ts';
import { resolveOptions } from '../schema.ts';

/** Options of {@link gradCamPlusPlus}. */
export type GradCamPlusPlusOptions = CamOptions;

/**
 * Grad-CAM++ before the final ReLU, shape [N, ...spatial], from a channels-last activation, the
 * gradient at it and the per-sample scores S. exp(S) cancels in alpha, so it is applied once, as a
 * factor per sample at the end (exactly equal, and no overflow inside alpha). Call inside tf.tidy.
 */
export function gradCamPlusPlusMap(activation: tf.Tensor, gradient: tf.Tensor, scores: tf.Tensor1D): tf.Tensor {
  const axes = spatialAxes(activation);
  const squared = tf.square(gradient);
  const cubed = tf.mul(squared, gradient);
  const denominator = tf.add(tf.mul(squared, 2), tf.mul(cubed, tf.sum(activation, axes, true)));
  const alphas = tf.divNoNan(squared, denominator);
  const total = tf.sum(alphas, axes, true);
  const normalized = tf.div(alphas, tf.where(tf.equal(total, 0), tf.onesLike(total), total));
  const weights = tf.sum(tf.mul(tf.relu(gradient), normalized), axes, true);
  const map = tf.sum(tf.mul(weights, activation), -1);
  const scale = tf.reshape(tf.exp(scores), [-1, ...axes.map(() => 1)]);
  return tf.mul(scale, map);
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
  const settings = { ...options, ...resolveOptions(camSchema, options, 'grad-cam-plus-plus') };
  const result = await runGradientCam({ model, input, options: settings, method: 'grad-cam-plus-plus' }, (gradients, call) =>
    camMaps(call, gradCamPlusPlusMap(gradients.activation, gradients.gradient, gradients.scores)),
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
  camSchema,
  gradCamPlusPlus,
);
