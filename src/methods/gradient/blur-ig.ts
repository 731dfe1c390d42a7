/**
 * Blur IG (Xu et al. 2020; PAIR saliency BlurIG): integrated gradients along the path from the
 * input blurred with sigma = maxSigma to the sharp input, through Gaussian blurs of decreasing
 * sigma: a = -sum_i (sigma_{i+1} - sigma_i) * d blur(x, sigma_i)/d sigma * df/dx(blur(x, sigma_i)),
 * the sigma derivative by a forward difference of `gradStep`. sum(a) ~ f(x) - f(blur(x, maxSigma)),
 * a left Riemann sum from sigma 0, where the difference is 0: small steps matter near the sharp end.
 */
import * as tf from '@tensorflow/tfjs';
import { openContext, type ExplainOptions } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { blurRows, blurSigmaDifference } from './gaussian-blur.ts';
import { pathAttribution, rowColumn } from './path-integral.ts';
import { pathSchema } from './path-schema.ts';

/** The options of {@link blurIg}, declared once (see methods/schema.ts). */
export const blurIgSchema = defineSchema({
  /** Sigma (pixels) of the path's blurred end. Default 50 (PAIR's). */
  maxSigma: option.number({ default: 50, min: 0, max: 500, step: 1, doc: 'Blur (pixels) at the start of the path.' }),
  /** Steps along the path. Default 100 (PAIR's). */
  steps: option.integer({ default: 100, min: 1, max: 1000, doc: 'Steps along the path.' }),
  /** Sigma step of the forward difference d blur / d sigma. Default 0.01 (PAIR's). */
  gradStep: option.number({ default: 0.01, min: 0.0001, max: 1, step: 0.001, doc: 'Sigma step of the blur derivative.' }),
  /** Space the sigmas as sqrt(i maxSigma / steps), as PAIR does (the path then starts at sqrt(maxSigma)). Default false. */
  sqrt: option.boolean({ default: false, doc: 'Space the sigmas by square root (more steps at small blurs).' }),
  ...pathSchema,
});

/** Options of {@link blurIg}. */
export interface BlurIgOptions extends ExplainOptions, LongRunningOptions, SchemaOptions<typeof pathSchema>, SchemaOptions<typeof blurIgSchema> {}

/** Blur IG maps in the input's shape (inputs batch first, channels last). meta.extra: delta, baselineScores, steps, maxSigma. */
export async function blurIg(model: ExplainableModel | ModelAdapter, input: ModelInput, options: BlurIgOptions = {}): Promise<Attribution> {
  const { maxSigma, steps, gradStep, sqrt, internalBatchSize } = resolveOptions(blurIgSchema, options, 'blur-ig');
  const sigmas = Array.from({ length: steps + 1 }, (_, i) => (sqrt ? Math.sqrt((i * maxSigma) / steps) : (i * maxSigma) / steps));
  const context = openContext(model, input, options);
  let blurred: tf.Tensor[] = [];
  try {
    const name = (k: number) => (context.input.tensors.length > 1 ? `input[${k}]` : 'input');
    const start = sigmas[steps] as number;
    blurred = tf.tidy(() => context.input.tensors.map((x, k) => blurRows(x, new Array<number>(x.shape[0] as number).fill(start), name(k))));
    const plan = {
      pointsPerSample: steps,
      rows: (samples: readonly number[], points: readonly number[]) => {
        const index = tf.tensor1d(samples as number[], 'int32');
        const at = points.map((p) => sigmas[p] as number);
        const rows = context.input.tensors.map((x) => tf.gather(x, index));
        const pointsOnPath = rows.map((x, k) => blurRows(x, at, name(k)));
        return {
          points: pointsOnPath,
          multipliers: rows.map((x, k) => {
            const stepSizes = points.map((p) => (sigmas[p] as number) - (sigmas[p + 1] as number));
            return tf.mul(rowColumn(stepSizes, x.rank), blurSigmaDifference(x, at, gradStep, name(k)));
          }),
        };
      },
    };
    const extra = { steps, maxSigma, gradStep, sqrt };
    return await pathAttribution(context, { method: 'blur-ig', plan, start: blurred, extra }, { ...options, internalBatchSize });
  } finally {
    blurred.forEach((t) => t.dispose());
    context.dispose();
  }
}

/** Registry entry of {@link blurIg}. */
export const blurIgMethod = defineMethod(
  {
    name: 'blur-ig',
    evaluations: (_, options) => resolveOptions(blurIgSchema, options, 'blur-ig').steps + 1,
    title: 'Blur IG',
    family: 'gradient',
    summary: 'Gradients integrated along a path from a strongly blurred input to the sharp input.',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
  },
  blurIgSchema,
  blurIg,
);
