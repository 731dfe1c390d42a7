/**
 * Gradient methods on ONNX models (the engine's autodiff run by ONNX Runtime): saliency (the input
 * gradient) and Integrated Gradients (Captum's defaults: 50 Gauss-Legendre points, zero baseline).
 * Inputs and maps are NHWC images [N, H, W, C], as preprocessImages makes them; results are
 * Attributions like every method's.
 */
import { check } from '../../../core/errors.ts';
import type { NdArray } from '../../../core/ndarray.ts';
import { reportProgress, throwIfCancelled, type LongRunningOptions } from '../../../core/progress.ts';
import type { Attribution, AttributionMeta } from '../../../core/result.ts';
import { quadrature, type QuadratureRule } from '../../../methods/gradient/quadrature.ts';
import { gradientRun } from './gradients.ts';
import { nchwToNhwc, nhwcToNchw } from './layout-transpose.ts';
import type { OnnxModel } from './model-types.ts';

/** Options of the ONNX gradient methods. */
export interface OnnxGradientOptions extends LongRunningOptions {
  /** The class (output unit) to explain: one for all samples or one per sample. Default: each sample's top class. */
  readonly target?: number | readonly number[];
}

/** Options of {@link onnxIntegratedGradients}. */
export interface OnnxIntegratedGradientsOptions extends OnnxGradientOptions {
  /** Quadrature points along the path. Default 50 (Captum's). */
  readonly steps?: number;
  /** Quadrature rule. Default 'gauss-legendre' (Captum's). */
  readonly quadrature?: QuadratureRule;
  /** Path points per runtime call. Default 16. */
  readonly internalBatchSize?: number;
}

/** The input gradient d score / d x of each sample's target, NHWC like `images`. */
export async function onnxSaliency(model: OnnxModel, images: NdArray, options: OnnxGradientOptions = {}): Promise<Attribution> {
  const { rows, units, x } = await prepare(model, images, options);
  const run = gradientRun(model, x, rows, units);
  return attribution(model, 'saliency', toNhwc(model, run.gradient.data, rows), images.shape, units, run.scores, {});
}

/**
 * Integrated Gradients from a zero baseline: (x - 0) * sum_i w_i * grad(alpha_i * x), with sum(map)
 * close to f(x) - f(0) (meta.extra.delta per sample).
 */
export async function onnxIntegratedGradients(model: OnnxModel, images: NdArray, options: OnnxIntegratedGradientsOptions = {}): Promise<Attribution> {
  const steps = options.steps ?? 50;
  const rule = options.quadrature ?? 'gauss-legendre';
  const perCall = options.internalBatchSize ?? 16;
  check(Number.isInteger(perCall) && perCall > 0, 'internalBatchSize', `expected a positive integer; got ${String(perCall)}`);
  const { alphas, weights } = quadrature(rule, steps);
  const { rows, units, x } = await prepare(model, images, options);
  const size = x.length / rows;
  const total = new Float32Array(x.length);
  const points = Array.from({ length: rows * steps }, (_, k) => [Math.floor(k / steps), k % steps] as const);
  for (let start = 0; start < points.length; start += perCall) {
    throwIfCancelled(options.signal);
    const chunk = points.slice(start, start + perCall);
    const batch = new Float32Array(chunk.length * size);
    chunk.forEach(([n, s], r) => {
      const alpha = alphas[s] as number;
      for (let i = 0; i < size; i++) batch[r * size + i] = alpha * (x[n * size + i] as number);
    });
    const run = gradientRun(model, batch, chunk.length, chunk.map(([n]) => units[n] as number));
    chunk.forEach(([n, s], r) => {
      const w = weights[s] as number;
      for (let i = 0; i < size; i++) total[n * size + i] = (total[n * size + i] as number) + w * (run.gradient.data[r * size + i] as number);
    });
    await reportProgress(options, start + chunk.length, points.length);
  }
  for (let i = 0; i < total.length; i++) total[i] = (total[i] as number) * (x[i] as number);
  const ends = gradientRun(model, x, rows, units).scores;
  const zero = gradientRun(model, new Float32Array(x.length), rows, units).scores;
  const delta = Array.from({ length: rows }, (_, n) => (ends[n] as number) - (zero[n] as number) - total.subarray(n * size, (n + 1) * size).reduce((a, b) => a + b, 0));
  return attribution(model, 'integrated-gradients', toNhwc(model, total, rows), images.shape, units, ends, { steps, quadrature: rule, baseline: 'zeros', delta, baselineScores: Array.from(zero) });
}

/** The batch in the model's layout and each sample's unit (the given target, else the top class). */
async function prepare(model: OnnxModel, images: NdArray, options: OnnxGradientOptions) {
  const [rows, h, w, c] = images.shape;
  const [height, width, channels] = model.imageShape;
  check(images.shape.length === 4 && h === height && w === width && c === channels, 'images', `expected NHWC images [N, ${height}, ${width}, ${channels}]; got [${images.shape.join(', ')}]`);
  const n = rows as number;
  const target = options.target;
  let units: number[];
  if (target === undefined) {
    const scores = await model.predict(images.data, n, options.signal);
    units = Array.from({ length: n }, (_, row) => argmax(scores.subarray(row * model.outputSize, (row + 1) * model.outputSize)));
  } else {
    units = typeof target === 'number' ? new Array<number>(n).fill(target) : [...target];
    check(units.length === n && units.every((u) => Number.isInteger(u) && u >= 0 && u < model.outputSize), 'target', `expected a class in 0..${model.outputSize - 1} (or one per sample); got ${JSON.stringify(target)}`);
  }
  const x = model.layout === 'nchw' ? nhwcToNchw(images.data, n, height, width, channels) : images.data;
  return { rows: n, units, x };
}

function toNhwc(model: OnnxModel, data: Float32Array, rows: number): Float32Array {
  const [height, width, channels] = model.imageShape;
  return model.layout === 'nchw' ? nchwToNhwc(data, rows, height, width, channels) : Float32Array.from(data);
}

function argmax(values: Float32Array): number {
  let best = 0;
  values.forEach((v, i) => (v > (values[best] as number) ? (best = i) : undefined));
  return best;
}

function attribution(model: OnnxModel, method: string, data: Float32Array, shape: readonly number[], units: readonly number[], scores: Float32Array, extra: Record<string, unknown>): Attribution {
  const map = { data, shape: [...shape] };
  const meta: AttributionMeta = {
    method,
    target: units.every((u) => u === units[0]) ? `class ${units[0]}` : 'per-sample classes',
    units,
    scores: Array.from(scores),
    readsFrom: [model.output.name],
    softmax: { mode: 'remove', removedFrom: [] },
    wrt: 'input',
    backpropModifier: null,
    gradModifier: 'none',
    warnings: [],
    extra: { ...extra, engine: 'onnx', runtime: model.runtime.name },
  };
  return { maps: [map], map, meta };
}
