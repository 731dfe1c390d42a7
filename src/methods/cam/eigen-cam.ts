/**
 * Eigen-CAM (Muhammad & Yeasin 2020): the projection of a conv layer's activations on their first
 * principal component (see eigen-projection.ts). No gradients and no class: the map shows the
 * dominant pattern the layer sees, whatever the target (which still chooses the layer searched
 * from and the scores reported).
 */
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import * as tf from '@tensorflow/tfjs';
import { augSmoothed } from './aug-smooth.ts';
import { camMaps, runCam, withScores } from './cam-call.ts';
import { camSchema, camSmoothSchema, type CamOptions } from './cam-options.ts';
import { capturedActivation } from './captured-activation.ts';
import { firstComponentProjection } from './eigen-projection.ts';
import { defineMethod } from '../definition.ts';
import { refuseBackpropModifier } from '../gradient-free.ts';
import { defineSchema, resolveOptions, type SchemaOptions } from '../schema.ts';

/** The options of {@link eigenCam}: the CAM options and `augSmooth` (its map already is an eigen projection). */
export const eigenCamSchema = defineSchema({
  ...camSchema,
  /** Average the maps of 6 flipped and brightness-scaled copies, each scaled to [0, 1] (pytorch-grad-cam `aug_smooth`). Default false. */
  augSmooth: camSmoothSchema.augSmooth,
});

/** Options of {@link eigenCam}. */
export interface EigenCamOptions extends CamOptions, SchemaOptions<typeof eigenCamSchema> {}

/**
 * Eigen-CAM maps [N, H, W] (the input's spatial shape; the layer's with `upsample: 'none'`),
 * unnormalised, the sign chosen so the largest magnitude is positive. A backpropModifier is
 * refused: Eigen-CAM takes no gradients.
 */
export async function eigenCam(model: ExplainableModel | ModelAdapter, input: ModelInput, options: EigenCamOptions = {}): Promise<Attribution> {
  refuseBackpropModifier(options, 'eigen-cam');
  if (options.augSmooth === true) return augSmoothed(eigenCam, model, input, options);
  const settings = { ...options, ...resolveOptions(eigenCamSchema, options, 'eigen-cam') };
  return runCam({
    model,
    input,
    options: settings,
    method: 'eigen-cam',
    compute: (call) =>
      tf.tidy(() => {
        const captured = capturedActivation(call);
        return withScores(camMaps(call, firstComponentProjection(captured.activation)), captured);
      }),
  });
}

/** Registry entry of {@link eigenCam}. */
export const eigenCamMethod = defineMethod(
  {
    name: 'eigen-cam',
    title: 'Eigen-CAM',
    family: 'cam',
    summary: "A conv layer's activations projected on their first principal component: the dominant pattern, class-agnostic, no gradients.",
    mapShape: 'spatial',
    randomized: false,
    needsSpatialLayer: true,
    takesBackpropModifier: false,
  },
  eigenCamSchema,
  eigenCam,
);
