/**
 * Gradient methods on ONNX models (the engine's autodiff run by ONNX Runtime): saliency (the input
 * gradient) and Integrated Gradients (Captum's defaults: 50 Gauss-Legendre points, zero baseline).
 * Inputs are RGBA pictures (preprocessed as the model was loaded to) or NHWC batches [N, H, W, C]
 * already preprocessed; maps are NHWC; results are Attributions like every method's.
 */
import { check } from '../../../core/errors.ts';
import { reportProgress, throwIfCancelled } from '../../../core/progress.ts';
import type { Attribution } from '../../../core/result.ts';
import { quadrature, type QuadratureRule } from '../../../methods/gradient/quadrature.ts';
import { gradientRun } from './gradients.ts';
import { onnxAttribution, prepareOnnxBatch, toNhwc, type OnnxGradientOptions } from './method-frame.ts';
import type { OnnxModel } from './model-types.ts';
import type { OnnxImages } from './onnx-images.ts';

export type { OnnxGradientOptions } from './method-frame.ts';

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
export async function onnxSaliency(model: OnnxModel, images: OnnxImages, options: OnnxGradientOptions = {}): Promise<Attribution> {
  const { rows, units, x, shape } = await prepareOnnxBatch(model, images, options);
  const run = gradientRun(model, x, rows, units);
  return onnxAttribution(model, 'saliency', toNhwc(model, run.gradient.data, rows), shape, units, run.scores, {});
}

/**
 * Integrated Gradients from a zero baseline: (x - 0) * sum_i w_i * grad(alpha_i * x), with sum(map)
 * close to f(x) - f(0) (meta.extra.delta per sample).
 */
export async function onnxIntegratedGradients(model: OnnxModel, images: OnnxImages, options: OnnxIntegratedGradientsOptions = {}): Promise<Attribution> {
  const steps = options.steps ?? 50;
  const rule = options.quadrature ?? 'gauss-legendre';
  const perCall = options.internalBatchSize ?? 16;
  check(Number.isInteger(perCall) && perCall > 0, 'internalBatchSize', `expected a positive integer; got ${String(perCall)}`);
  const { alphas, weights } = quadrature(rule, steps);
  const { rows, units, x, shape } = await prepareOnnxBatch(model, images, options);
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
  return onnxAttribution(model, 'integrated-gradients', toNhwc(model, total, rows), shape, units, ends, { steps, quadrature: rule, baseline: 'zeros', delta, baselineScores: Array.from(zero) });
}
