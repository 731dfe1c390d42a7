/**
 * Guided Grad-CAM (Selvaraju et al. 2017; Captum GuidedGradCam): the guided-backprop gradient at the
 * input multiplied by the rectified Grad-CAM resized to the input, so fine detail shows only where
 * the class evidence lies. Maps have the input's shape (the CAM is shared by every channel).
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../core/errors.ts';
import { computeGradients } from '../../core/gradients.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { camMaps, runGradientCam } from './cam-call.ts';
import { camSchema, type CamOptions } from './cam-options.ts';
import { gradCamMap } from './grad-cam.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';

/** The options of {@link guidedGradCam}, declared once (see methods/schema.ts): the CAM options, with no `upsample: 'none'`. */
export const guidedGradCamSchema = defineSchema({
  ...camSchema,
  /** How the CAM is brought to the input's size, which the method multiplies it into. Default `'bilinear'` (half-pixel centres). */
  upsample: option.choice(['bilinear', 'align-corners'], { default: 'bilinear', doc: 'Resize the map to the input: bilinear (half-pixel) or align-corners.' }),
});

/**
 * Options of {@link guidedGradCam}: those of every CAM method, except that `upsample` cannot be
 * 'none' and a named `backpropModifier` is refused (the method sets 'guided' for its fine part and
 * plain gradients for the CAM; a model -> model function is still applied to the model).
 */
export interface GuidedGradCamOptions extends Omit<CamOptions, 'upsample'>, SchemaOptions<typeof guidedGradCamSchema> {}

/** Guided Grad-CAM maps in each input's shape [N, H, W, C], unnormalised and signed. */
export async function guidedGradCam(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: GuidedGradCamOptions = {},
): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(guidedGradCamSchema, options, 'guided-grad-cam') };
  check(
    typeof options.backpropModifier !== 'string',
    'backpropModifier',
    `guided-grad-cam applies 'guided' backprop itself; leave backpropModifier unset (got '${String(options.backpropModifier)}')`,
  );
  const result = await runGradientCam({ model, input, options: settings, method: 'guided-grad-cam', details: () => ({ wrt: 'input' }) }, (layer, call) => {
    const cams = camMaps(call, gradCamMap(layer.activation, layer.gradient));
    const guided = computeGradients({ ...call.context, backprop: 'guided' }, call.context.input.tensors).gradients;
    return guided.map((g, i) => tf.mul(g, tf.expandDims(cams[i] as tf.Tensor, -1)));
  });
  return { ...result, meta: { ...result.meta, backpropModifier: 'guided' } };
}

/** Registry entry of {@link guidedGradCam}. */
export const guidedGradCamMethod = defineMethod(
  {
    name: 'guided-grad-cam',
    title: 'Guided Grad-CAM',
    family: 'cam',
    summary: 'Guided backprop times the Grad-CAM map: fine-grained detail, only where the class evidence lies.',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: true,
    takesBackpropModifier: false,
  },
  guidedGradCamSchema,
  guidedGradCam,
);
