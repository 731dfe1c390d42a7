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
import { reportProgress, throwIfCancelled } from '../../../core/progress.ts';
import type { Attribution } from '../../../core/result.ts';
import { reduceChannels } from '../../../methods/cam/eigen-projection.ts';
import { gradCamWeighted } from '../../../methods/cam/grad-cam.ts';
import { gradCamPlusPlusMap } from '../../../methods/cam/grad-cam-plus-plus.ts';
import { hiResCamWeighted } from '../../../methods/cam/hires-cam.ts';
import { layerCamWeighted } from '../../../methods/cam/layer-cam.ts';
import { resizeMaps, UPSAMPLE_MODES, type UpsampleMode } from '../../../methods/cam/upsample.ts';
import { xGradCamWeighted } from '../../../methods/cam/xgrad-cam.ts';
import type { RuntimeTensor } from '../runtime.ts';
import { gradientRun, type GradientRun } from './gradients.ts';
import { onnxAttribution, prepareOnnxBatch, type OnnxGradientOptions } from './method-frame.ts';
import type { OnnxModel } from './model-types.ts';
import type { OnnxImages } from './onnx-images.ts';
import { resolveOnnxCamLayer } from './tensors.ts';

/** Each CAM's map before the ReLU [N, h, w] from the channels-last activation, the gradient, the scores and eigen-smoothing: methods/cam/'s own formulas. */
const channelSum = (weighted: (activation: tf.Tensor, gradient: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, g: tf.Tensor, _scores: tf.Tensor1D, eigen: boolean) => reduceChannels(weighted(a, g), eigen);
const CAM_MAPS = {
  'grad-cam': channelSum(gradCamWeighted),
  'grad-cam-plus-plus': gradCamPlusPlusMap,
  'hires-cam': channelSum(hiResCamWeighted),
  'xgrad-cam': channelSum(xGradCamWeighted),
  'layer-cam': channelSum(layerCamWeighted),
} as const;

/** The CAM methods that run on ONNX models. */
export type OnnxCamMethod = keyof typeof CAM_MAPS;

/** Every {@link OnnxCamMethod}. */
export const ONNX_CAM_METHODS = Object.keys(CAM_MAPS) as OnnxCamMethod[];

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
  /** Samples per runtime call; progress is reported after each. Default 16. */
  readonly internalBatchSize?: number;
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
  const perCall = options.internalBatchSize ?? 16;
  check(Number.isInteger(perCall) && perCall > 0, 'internalBatchSize', `expected a positive integer; got ${String(perCall)}`);
  const layer = resolveOnnxCamLayer(model, options.layer);
  const { rows, units, x, shape } = await prepareOnnxBatch(model, images, options);
  const size = x.length / rows;
  const scores = new Float32Array(rows);
  let data = new Float32Array(0);
  let mapShape: number[] = [];
  for (let start = 0; start < rows; start += perCall) {
    throwIfCancelled(options.signal);
    const count = Math.min(perCall, rows - start);
    const run = gradientRun(model, x.subarray(start * size, (start + count) * size), count, units.slice(start, start + count), layer.tensor);
    const cams = camOfRun(model, run, method, relu, upsample, options.eigenSmooth === true);
    if (start === 0) {
      mapShape = [shape[0] as number, ...cams.shape.slice(1)];
      data = new Float32Array((cams.data.length / count) * rows);
    }
    data.set(cams.data, (cams.data.length / count) * start);
    scores.set(run.scores, start);
    await reportProgress(options, start + count, rows);
  }
  return onnxAttribution(model, method, data, mapShape, units, scores, {
    layer: layer.tensor,
    layerNode: layer.node,
    layerOutputShape: [...layer.shape],
    layerChosen: layer.automatic ? 'automatically' : 'by the caller',
    upsample,
    relu,
    ...(options.eigenSmooth === true ? { eigenSmooth: true } : {}),
  }, layer.tensor);
}

/** The maps [n, H, W] (the layer's size with 'none') of one gradient run at the CAM layer. */
function camOfRun(model: OnnxModel, run: GradientRun, method: OnnxCamMethod, relu: boolean, upsample: UpsampleMode, eigen: boolean): { data: Float32Array; shape: number[] } {
  const [height, width] = model.imageShape;
  const map = tf.tidy(() => {
    const nhwc = (t: RuntimeTensor) => tf.transpose(tf.tensor(Float32Array.from(t.data), [...t.dims]), [0, 2, 3, 1]);
    const cam = CAM_MAPS[method](nhwc(run.activation as RuntimeTensor), nhwc(run.gradient), tf.tensor1d(run.scores), eigen);
    const rectified = relu ? tf.relu(cam) : cam;
    return upsample === 'none' ? rectified : resizeMaps(rectified, [height, width], upsample);
  });
  try {
    return { data: Float32Array.from(map.dataSync()), shape: [...map.shape] };
  } finally {
    map.dispose();
  }
}

