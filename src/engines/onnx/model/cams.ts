/**
 * CAM methods on ONNX models: one gradient run gives an inner tensor's activation and the gradient
 * of each sample's score there (the engine's autodiff, wrt that tensor), and the library's own CAM
 * formulas (methods/cam/) weigh its channels: Grad-CAM (mean gradient over space), Grad-CAM++
 * (tf-keras-vis' alphas, times exp(score)), HiRes-CAM (gradient times activation), XGrad-CAM
 * (activation-weighted gradient) and Layer-CAM (positive gradient times activation). The map is
 * rectified and resized to the input as the Keras CAMs do (bilinear, half-pixel centres).
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkChoice } from '../../../core/errors.ts';
import { throwIfCancelled } from '../../../core/progress.ts';
import type { Attribution } from '../../../core/result.ts';
import { reduceChannels } from '../../../methods/cam/eigen-projection.ts';
import { gradCamWeighted } from '../../../methods/cam/grad-cam.ts';
import { gradCamPlusPlusWeighted } from '../../../methods/cam/grad-cam-plus-plus.ts';
import { resizeMaps, spatialAxes, UPSAMPLE_MODES, type UpsampleMode } from '../../../methods/cam/upsample.ts';
import { xGradCamWeighted } from '../../../methods/cam/xgrad-cam.ts';
import type { RuntimeTensor } from '../runtime.ts';
import { gradientRun } from './gradients.ts';
import { onnxAttribution, prepareOnnxBatch, type OnnxGradientOptions } from './method-frame.ts';
import type { OnnxModel } from './model-types.ts';
import type { OnnxImages } from './onnx-images.ts';
import { resolveOnnxCamLayer } from './tensors.ts';

/** The weighted channels [N, h, w, C] of each CAM, from the channels-last activation and gradient. */
const WEIGHTED = {
  'grad-cam': gradCamWeighted,
  'grad-cam-plus-plus': gradCamPlusPlusWeighted,
  'hires-cam': (a: tf.Tensor, g: tf.Tensor) => tf.mul(g, a),
  'xgrad-cam': xGradCamWeighted,
  'layer-cam': (a: tf.Tensor, g: tf.Tensor) => tf.mul(tf.relu(g), a),
} as const;

/** The CAM methods that run on ONNX models. */
export type OnnxCamMethod = keyof typeof WEIGHTED;

/** Every {@link OnnxCamMethod}. */
export const ONNX_CAM_METHODS = Object.keys(WEIGHTED) as OnnxCamMethod[];

/** Options of {@link onnxCam}. */
export interface OnnxCamOptions extends OnnxGradientOptions {
  /** The CAM. Default 'grad-cam'. */
  readonly method?: OnnxCamMethod;
  /**
   * The inner tensor read, by tensor or node name (`saliency layers m.onnx` lists them). Default:
   * the last 4-D activation before the scores whose height and width exceed 1.
   */
  readonly layer?: string;
  /** How the map is brought to the input's size. Default 'bilinear' (half-pixel centres); 'none' keeps the layer's. */
  readonly upsample?: UpsampleMode;
  /** Keep only the positive part of the map. Default true. */
  readonly relu?: boolean;
  /** Project the weighted channels on their first principal component instead of summing them. Default false. */
  readonly eigenSmooth?: boolean;
}

/**
 * CAM maps [N, H, W] (the input's size; the layer's with `upsample: 'none'`) of `images` (RGBA
 * pictures preprocessed as the model says, or a preprocessed NHWC batch), unnormalised.
 * `meta.wrt` and `meta.extra.layer` name the tensor read.
 */
export async function onnxCam(model: OnnxModel, images: OnnxImages, options: OnnxCamOptions = {}): Promise<Attribution> {
  const method = options.method ?? 'grad-cam';
  checkChoice(method, ONNX_CAM_METHODS, 'method');
  const upsample = options.upsample ?? 'bilinear';
  checkChoice(upsample, UPSAMPLE_MODES, 'upsample');
  const relu = options.relu ?? true;
  check(typeof relu === 'boolean', 'relu', `expected true or false; got ${String(relu)}`);
  const layer = resolveOnnxCamLayer(model, options.layer);
  const { rows, units, x, shape } = await prepareOnnxBatch(model, images, options);
  throwIfCancelled(options.signal);
  const run = gradientRun(model, x, rows, units, layer.tensor);
  const [height, width] = model.imageShape;
  const map = tf.tidy(() => {
    const nhwc = (t: RuntimeTensor) => tf.transpose(tf.tensor(Float32Array.from(t.data), [...t.dims]), [0, 2, 3, 1]);
    const activation = nhwc(run.activation as RuntimeTensor);
    const weighted = WEIGHTED[method](activation, nhwc(run.gradient));
    let cam = reduceChannels(weighted, options.eigenSmooth === true);
    if (method === 'grad-cam-plus-plus') cam = tf.mul(tf.reshape(tf.exp(tf.tensor1d(run.scores)), [-1, ...spatialAxes(activation).map(() => 1)]), cam);
    const rectified = relu ? tf.relu(cam) : cam;
    return upsample === 'none' ? rectified : resizeMaps(rectified, [height, width], upsample);
  });
  const data = Float32Array.from(map.dataSync());
  const mapShape = [shape[0] as number, ...map.shape.slice(1)];
  map.dispose();
  return onnxAttribution(model, method, data, mapShape, units, run.scores, {
    layer: layer.tensor,
    layerNode: layer.node,
    layerOutputShape: [...layer.shape],
    layerChosen: layer.automatic ? 'automatically' : 'by the caller',
    upsample,
    relu,
    ...(options.eigenSmooth === true ? { eigenSmooth: true } : {}),
  }, layer.tensor);
}
