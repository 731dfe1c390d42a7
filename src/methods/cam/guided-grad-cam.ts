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
import { CAM_OPTION_SPECS, type CamOptions } from './cam-options.ts';
import { gradCamMap } from './grad-cam.ts';
import { defineMethod } from '../definition.ts';

/**
 * Options of {@link guidedGradCam}: those of every CAM method, except that `upsample` cannot be
 * 'none' and a named `backpropModifier` is refused (the method sets 'guided' for its fine part and
 * plain gradients for the CAM; a model -> model function is still applied to the model).
 */
export type GuidedGradCamOptions = CamOptions;

/** Guided Grad-CAM maps in each input's shape [N, H, W, C], unnormalised and signed. */
export async function guidedGradCam(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: GuidedGradCamOptions = {},
): Promise<Attribution> {
  check(
    typeof options.backpropModifier !== 'string',
    'backpropModifier',
    `guided-grad-cam applies 'guided' backprop itself; leave backpropModifier unset (got '${String(options.backpropModifier)}')`,
  );
  check(options.upsample !== 'none', 'upsample', "guided-grad-cam multiplies the CAM into the input's shape; use 'bilinear' or 'align-corners'");
  const result = await runGradientCam({ model, input, options, method: 'guided-grad-cam', details: () => ({ wrt: 'input' }) }, (layer, call) => {
    const cams = camMaps(call, gradCamMap(layer.activation, layer.gradient));
    const guided = computeGradients({ ...call.context, backprop: 'guided' }, call.context.input.tensors).gradients;
    return guided.map((g, i) => tf.mul(g, tf.expandDims(cams[i] as tf.Tensor, -1)));
  });
  return { ...result, meta: { ...result.meta, backpropModifier: 'guided' } };
}

/** Registry entry of {@link guidedGradCam}. */
export const guidedGradCamMethod = defineMethod<GuidedGradCamOptions>(
  {
    name: 'guided-grad-cam',
    title: 'Guided Grad-CAM',
    family: 'cam',
    summary: 'Guided backprop times the Grad-CAM map: fine-grained detail, only where the class evidence lies.',
    options: CAM_OPTION_SPECS.map((spec) =>
      spec.name === 'upsample' ? { ...spec, choices: (spec.choices ?? []).filter((c) => c !== 'none') } : spec,
    ),
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: true,
    takesBackpropModifier: false,
  },
  guidedGradCam,
);
