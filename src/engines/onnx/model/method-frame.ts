/**
 * What every ONNX method shares: the batch (pictures preprocessed as the model says, or an NHWC
 * array) in the model's layout with each sample's unit (the given target, else the top class), and
 * the Attribution's metadata.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../../core/errors.ts';
import type { LongRunningOptions } from '../../../core/progress.ts';
import type { Attribution, AttributionMeta } from '../../../core/result.ts';
import { nchwToNhwc } from './layout-transpose.ts';
import { imageFeed } from './batch-io.ts';
import type { OnnxModel } from './model-types.ts';
import { onnxInputBatch, type OnnxImages } from './onnx-images.ts';

/** Options every ONNX method takes. */
export interface OnnxGradientOptions extends LongRunningOptions {
  /** The class (output unit) to explain: one for all samples or one per sample. Default: each sample's top class. */
  readonly target?: number | readonly number[];
}

/** A batch ready for the runtime. */
export interface OnnxBatch {
  readonly rows: number;
  /** Each sample's unit. */
  readonly units: number[];
  /** The batch in the model's layout (NCHW or NHWC). */
  readonly x: Float32Array;
  /** The NHWC shape [N, H, W, C] maps take. */
  readonly shape: readonly number[];
}

/** The batch of `images` in the model's layout and each sample's unit. */
export async function prepareOnnxBatch(model: OnnxModel, images: OnnxImages, options: OnnxGradientOptions): Promise<OnnxBatch> {
  if (!('shape' in images)) await tf.ready();
  const batch = onnxInputBatch(model, images);
  const n = batch.shape[0] as number;
  const target = options.target;
  let units: number[];
  if (target === undefined) {
    const scores = await model.predict(batch.data, n, options.signal);
    units = Array.from({ length: n }, (_, row) => argmax(scores.subarray(row * model.outputSize, (row + 1) * model.outputSize)));
  } else {
    units = typeof target === 'number' ? new Array<number>(n).fill(target) : [...target];
    check(units.length === n && units.every((u) => Number.isInteger(u) && u >= 0 && u < model.outputSize), 'target', `expected a class in 0..${model.outputSize - 1} (or one per sample); got ${JSON.stringify(target)}`);
  }
  const x = imageFeed(model, batch.data, n).data;
  return { rows: n, units, x, shape: batch.shape };
}

/** Input-shaped values in the model's layout as NHWC (a new array). */
export function toNhwc(model: OnnxModel, data: Float32Array, rows: number): Float32Array {
  const [height, width, channels] = model.imageShape;
  return model.layout === 'nchw' ? nchwToNhwc(data, rows, height, width, channels) : Float32Array.from(data);
}

function argmax(values: Float32Array): number {
  let best = 0;
  values.forEach((v, i) => (v > (values[best] as number) ? (best = i) : undefined));
  return best;
}

/** The Attribution of an ONNX method: `data` of `shape`, explained units and scores, `wrt` and method facts. */
export function onnxAttribution(model: OnnxModel, method: string, data: Float32Array, shape: readonly number[], units: readonly number[], scores: Float32Array, extra: Record<string, unknown>, wrt = 'input'): Attribution {
  const map = { data, shape: [...shape] };
  const meta: AttributionMeta = {
    method,
    target: units.every((u) => u === units[0]) ? `class ${units[0]}` : 'per-sample classes',
    units,
    scores: Array.from(scores),
    readsFrom: [model.output.name],
    softmax: { mode: 'remove', removedFrom: [] },
    wrt,
    backpropModifier: null,
    gradModifier: 'none',
    warnings: [],
    extra: { ...extra, engine: 'onnx', runtime: model.runtime.name },
  };
  return { maps: [map], map, meta };
}
