/**
 * GradientSHAP / expected gradients (Lundberg & Lee 2017; Captum GradientShap): the mean over
 * `samples` draws of (x + e - b) * df/dx at b + alpha (x + e - b), with b drawn from a baseline
 * distribution, alpha ~ U[0, 1) and e ~ N(0, stdev^2). Its expectation sums to f(x) - E[f(b)].
 */
import * as tf from '@tensorflow/tfjs';
import { openContext, type ExplainOptions } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { sizeOf } from '../../core/ndarray.ts';
import type { LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { inputValuesOption } from '../shared-options.ts';
import { baselineBatches } from './baseline.ts';
import { seededUniform, standardNormals } from '../../core/random.ts';
import { pathAttribution, rowColumn } from './path-integral.ts';
import { pathSchema } from './path-schema.ts';
import { disposeOwn, pathSpace, wrtLayer, wrtLayerOption } from './layer-space.ts';

/** The options of {@link gradientShap}, declared once (see methods/schema.ts). */
export const gradientShapSchema = defineSchema({
  /** Draws per sample. Default 5 (Captum's). */
  samples: option.integer({ default: 5, min: 1, max: 1000, doc: 'Random draws per sample.' }),
  /** Absolute standard deviation of the noise added to the input. Default 0 (Captum's: none). */
  stdev: option.number({ default: 0, min: 0, max: 10, step: 0.01, doc: 'Absolute standard deviation of the noise added to the input.' }),
  /** Seed of the draws; draw j is the same for every sample of a batch. Default 0. */
  seed: option.integer({ default: 0, doc: 'Seed of the random draws.' }),
  /** The baseline distribution per model input: [B, ...sample] (or one sample). Default: one all-zero sample. */
  baselines: inputValuesOption('The baseline distribution per model input, [B, ...sample]; default one all-zero sample.'),
  /**
   * Attribute to this layer's output: the draws run between the baselines' activations there and
   * the input's (plus noise of `stdev` added to the activation), and maps have the layer's shape.
   * Captum's LayerGradientShap interpolates the inputs instead, which has no meaning for token ids.
   * Default: the input.
   */
  wrt: wrtLayerOption,
  ...pathSchema,
});

/** Options of {@link gradientShap}. */
export interface GradientShapOptions extends ExplainOptions, LongRunningOptions, SchemaOptions<typeof pathSchema>, SchemaOptions<typeof gradientShapSchema> {}

/** GradientSHAP maps in the input's shape. meta.extra: samples, stdev, seed, baselineCount. */
export async function gradientShap(model: ExplainableModel | ModelAdapter, input: ModelInput, options: GradientShapOptions = {}): Promise<Attribution> {
  const { samples, stdev, seed, baselines, internalBatchSize, wrt } = resolveOptions(gradientShapSchema, options, 'gradient-shap');
  const context = openContext(model, input, options);
  let distribution: tf.Tensor[] = [];
  let ends: tf.Tensor[] = [];
  try {
    const layer = wrtLayer(context, wrt);
    [ends, distribution] = tf.tidy(() =>
      pathSpace(
        context,
        layer,
        baselines === undefined
          ? context.input.tensors.map((x) => tf.zeros([1, ...x.shape.slice(1)]))
          : baselineBatches(baselines, context, 'baselines'),
      ),
    );
    const baselineCount = distribution[0]?.shape[0] as number;
    const random = seededUniform(seed, 'gradient-shap');
    const draws = Array.from({ length: samples }, () => ({ baseline: Math.floor(random() * baselineCount), alpha: random() }));
    const plan = {
      pointsPerSample: samples,
      rows: (rowSamples: readonly number[], points: readonly number[]) => {
        const sampleIndex = tf.tensor1d(rowSamples as number[], 'int32');
        const baselineIndex = tf.tensor1d(points.map((p) => (draws[p] as { baseline: number }).baseline), 'int32');
        const alphas = points.map((p) => (draws[p] as { alpha: number }).alpha);
        const differences = ends.map((x, k) => {
          const rows = tf.gather(x, sampleIndex);
          const noisy = stdev === 0 ? rows : tf.add(rows, noiseRows(seed, k, points, rows.shape, stdev));
          return tf.sub(noisy, tf.gather(distribution[k] as tf.Tensor, baselineIndex));
        });
        return {
          points: differences.map((d, k) => tf.add(tf.gather(distribution[k] as tf.Tensor, baselineIndex), tf.mul(rowColumn(alphas, d.rank), d))),
          multipliers: differences.map((d) => tf.div(d, samples)),
        };
      },
    };
    const extra = { samples, stdev, seed, baselineCount };
    return await pathAttribution(context, { method: 'gradient-shap', plan, extra, ...(layer ? { layer } : {}) }, { ...options, internalBatchSize });
  } finally {
    disposeOwn([distribution, ends], context.input.tensors);
    context.dispose();
  }
}

/** Noise of draw points[r] for input k, [R, ...sample]; draw j's noise is the same for every sample. */
function noiseRows(seed: number, input: number, points: readonly number[], shape: readonly number[], stdev: number): tf.Tensor {
  const size = sizeOf(shape.slice(1));
  const data = new Float32Array(points.length * size);
  points.forEach((p, r) => data.set(standardNormals(seed, `gradient-shap:${input}:${p}`, size).map((v) => v * stdev), r * size));
  return tf.tensor(data, [...shape]);
}

/** Registry entry of {@link gradientShap} (the baseline distribution is the default zero sample). */
export const gradientShapMethod = defineMethod(
  {
    name: 'gradient-shap',
    evaluations: (_, options) => resolveOptions(gradientShapSchema, options, 'gradient-shap').samples + 1,
    title: 'GradientSHAP',
    family: 'gradient',
    summary: 'Expected gradients: input - baseline times gradients at random points between random baselines and the noisy input.',
    mapShape: 'input',
    randomized: true,
    needsSpatialLayer: false,
  },
  gradientShapSchema,
  gradientShap,
);
