/**
 * LayerCAM (Jiang et al. 2021): every position of every channel weighted by the positive part of
 * the target's gradient there, `sum_k ReLU(g_k) * A_k`, with no spatial averaging, so layers with
 * fine resolution give fine maps.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { augSmoothed } from './aug-smooth.ts';
import { channelsToMaps, runGradientCam } from './cam-call.ts';
import { camSchema, camSmoothSchema, type CamOptions, type CamSmoothOptions } from './cam-options.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, resolveOptions } from '../schema.ts';

/** The options of {@link layerCam}: the CAM options and the smoothing ones. */
export const layerCamSchema = defineSchema({ ...camSchema, ...camSmoothSchema });

/** Options of {@link layerCam}. */
export interface LayerCamOptions extends CamOptions, CamSmoothOptions {}

/** The weighted channels of LayerCAM, `ReLU(gradient_k) * activation_k`, shape [N, ...spatial, C]. Call inside tf.tidy. */
export function layerCamWeighted(activation: tf.Tensor, gradient: tf.Tensor): tf.Tensor {
  return tf.mul(tf.relu(gradient), activation);
}

/** LayerCAM before the final ReLU: `sum_k ReLU(gradient_k) * activation_k`, shape [N, ...spatial]. Call inside tf.tidy. */
export function layerCamMap(activation: tf.Tensor, gradient: tf.Tensor): tf.Tensor {
  return tf.sum(layerCamWeighted(activation, gradient), -1);
}

/** LayerCAM maps [N, H, W] (the input's spatial shape; the layer's with `upsample: 'none'`), unnormalised. */
export async function layerCam(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: LayerCamOptions = {},
): Promise<Attribution> {
  if (options.augSmooth === true) return augSmoothed(layerCam, model, input, options);
  const settings = { ...options, ...resolveOptions(layerCamSchema, options, 'layer-cam') };
  return runGradientCam({ model, input, options: settings, method: 'layer-cam' }, (result, call) =>
    channelsToMaps(call, layerCamWeighted(result.activation, result.gradient)),
  );
}

/** Registry entry of {@link layerCam}. */
export const layerCamMethod = defineMethod(
  {
    name: 'layer-cam',
    title: 'LayerCAM',
    family: 'cam',
    summary: 'Activations weighted position by position by the positive gradient: fine maps from early layers too.',
    mapShape: 'spatial',
    randomized: false,
    needsSpatialLayer: true,
  },
  layerCamSchema,
  layerCam,
);
