/**
 * Every method, with its options and defaults. The CLI and the web explorer read this list, so a new
 * method appears in both by being added here. The noise tunnel's entries wrap other methods by
 * name: the registry builds them and hands them its own lookup (getMethod).
 */
import { SaliencyError } from '../core/errors.ts';
import type { MethodDefinition } from './definition.ts';
import { saliencyMethod } from './gradient/saliency.ts';
import { inputXGradientMethod } from './gradient/input-x-gradient.ts';
import { integratedGradientsMethod } from './gradient/integrated-gradients.ts';
import { gradientShapMethod } from './gradient/gradient-shap.ts';
import { blurIgMethod } from './gradient/blur-ig.ts';
import { guidedBackpropMethod } from './gradient/guided-backprop.ts';
import { deconvnetMethod } from './gradient/deconvnet.ts';
import { noiseTunnelMethods } from './gradient/noise-tunnel-methods.ts';
import { occlusionMethod } from './perturbation/occlusion.ts';
import { riseMethod } from './perturbation/rise.ts';
import { featureAblationMethod } from './perturbation/feature-ablation.ts';
import { gradCamMethod } from './cam/grad-cam.ts';
import { gradCamPlusPlusMethod } from './cam/grad-cam-plus-plus.ts';
import { layerCamMethod } from './cam/layer-cam.ts';
import { scoreCamMethod } from './cam/score-cam.ts';
import { guidedGradCamMethod } from './cam/guided-grad-cam.ts';
import { kernelShapMethod } from './black-box/kernel-shap.ts';
import { limeMethod } from './black-box/lime.ts';
import { shapleySamplingMethod } from './black-box/shapley-sampling.ts';
import { sobolMethod } from './black-box/sobol.ts';
import { hsicMethod } from './black-box/hsic.ts';
import { xraiMethod } from './black-box/xrai.ts';
import { hiResCamMethod } from './cam/hires-cam.ts';
import { xGradCamMethod } from './cam/xgrad-cam.ts';
import { eigenCamMethod } from './cam/eigen-cam.ts';
import { ablationCamMethod } from './cam/ablation-cam.ts';
import { guidedIgMethod } from './gradient/guided-ig.ts';
import { deepLiftMethod } from './relevance/deeplift.ts';
import { deepLiftShapMethod } from './relevance/deeplift-shap.ts';
import { lrpMethod } from './relevance/lrp.ts';

const tunnels = noiseTunnelMethods(getMethod);
/** SmoothGrad: the mean of the inner method's maps over noisy copies (inner default 'saliency'). */
export const smoothGradMethod: MethodDefinition = tunnels.smoothGrad;
/** SmoothGrad^2: the mean of the squared maps over noisy copies. */
export const smoothGradSquaredMethod: MethodDefinition = tunnels.smoothGradSquared;
/** VarGrad: the variance of the maps over noisy copies. */
export const varGradMethod: MethodDefinition = tunnels.varGrad;

/** All registered methods, in menu order. */
export const METHODS: readonly MethodDefinition[] = [
  saliencyMethod,
  inputXGradientMethod,
  integratedGradientsMethod,
  gradientShapMethod,
  blurIgMethod,
  guidedBackpropMethod,
  deconvnetMethod,
  smoothGradMethod,
  smoothGradSquaredMethod,
  varGradMethod,
  occlusionMethod,
  riseMethod,
  featureAblationMethod,
  gradCamMethod,
  gradCamPlusPlusMethod,
  layerCamMethod,
  scoreCamMethod,
  guidedGradCamMethod,
  kernelShapMethod,
  limeMethod,
  shapleySamplingMethod,
  sobolMethod,
  hsicMethod,
  xraiMethod,
  hiResCamMethod,
  xGradCamMethod,
  eigenCamMethod,
  ablationCamMethod,
  guidedIgMethod,
  deepLiftMethod,
  deepLiftShapMethod,
  lrpMethod,
];

/** The method registered as `name`; the error lists the registered names. */
export function getMethod(name: string): MethodDefinition {
  const found = METHODS.find((m) => m.name === name);
  if (!found) {
    throw new SaliencyError(
      'INVALID_ARGUMENT',
      `method: '${name}' is not a registered method; methods are ${METHODS.map((m) => m.name).join(', ')}`,
      'method',
    );
  }
  return found;
}
