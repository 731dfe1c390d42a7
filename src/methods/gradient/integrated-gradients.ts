/**
 * Integrated Gradients (Sundararajan et al. 2017): a_i = (x_i - x'_i) * integral over alpha in [0, 1]
 * of df/dx_i at x' + alpha (x - x'), by a quadrature rule. Completeness: sum(a) = f(x) - f(x') up to
 * the quadrature error, reported per sample as meta.extra.delta.
 */
import * as tf from '@tensorflow/tfjs';
import { openContext, type ExplainOptions } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { baselineOption, describeBaseline, resolveBaseline } from './baseline.ts';
import { pathAttribution, rowColumn } from './path-integral.ts';
import { pathSchema } from './path-schema.ts';
import { disposeOwn, pathSpace, wrtLayer, wrtLayerOption } from './layer-space.ts';
import { QUADRATURE_RULES, quadrature } from './quadrature.ts';

/** The options of {@link integratedGradients}, declared once (see methods/schema.ts). */
export const integratedGradientsSchema = defineSchema({
  /** Quadrature points along the path. Default 50 (Captum's). */
  steps: option.integer({ default: 50, min: 1, max: 1000, doc: 'Quadrature points along the path.' }),
  /** Quadrature rule (see quadrature). Default 'gauss-legendre' (Captum's). */
  quadrature: option.choice(QUADRATURE_RULES, { default: 'gauss-legendre', doc: 'How the path integral is approximated.' }),
  /** The path's start x': 'zeros', 'blur', a number or values per model input (see Baseline). Default 'zeros'. */
  baseline: baselineOption,
  /** Sigma in pixels of the 'blur' baseline. Default 10. */
  blurSigma: option.number({ default: 10, min: 0, max: 100, step: 0.5, doc: "Sigma (pixels) of the 'blur' baseline." }),
  /**
   * Attribute to this layer's output (Captum's LayerIntegratedGradients): the path runs from the
   * baseline's activation there to the input's, and maps have the layer's shape; an Embedding layer
   * gives token attributions (sum over its last axis). Default: the input.
   */
  wrt: wrtLayerOption,
  ...pathSchema,
});

/** Options of {@link integratedGradients}. */
export interface IntegratedGradientsOptions extends ExplainOptions, LongRunningOptions, SchemaOptions<typeof pathSchema>, SchemaOptions<typeof integratedGradientsSchema> {}

/** Peers' IG settings by name: `{ ...integratedGradientsPresets.pair, target: 3 }`. */
export const integratedGradientsPresets = {
  /** Captum IntegratedGradients: 50 Gauss-Legendre points, zero baseline. */
  captum: { steps: 50, quadrature: 'gauss-legendre', baseline: 'zeros' },
  /** PAIR saliency IntegratedGradients: 25 points linspace(0, 1) each weighted 1/25, zero baseline. */
  pair: { steps: 25, quadrature: 'linspace', baseline: 'zeros' },
} as const satisfies Record<string, IntegratedGradientsOptions>;

/**
 * Integrated Gradients of the target for every model input, one map per sample in the input's
 * shape. meta.extra holds `delta` (f(x) - f(x') - sum(a) per sample), `baselineScores`, `steps`,
 * `quadrature` and `baseline`.
 */
export async function integratedGradients(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: IntegratedGradientsOptions = {},
): Promise<Attribution> {
  const { steps, quadrature: rule, baseline: baselineSpec, blurSigma, internalBatchSize, wrt } = resolveOptions(integratedGradientsSchema, options, 'integrated-gradients');
  const { alphas, weights } = quadrature(rule, steps);
  const context = openContext(model, input, options);
  let inputBaselines: tf.Tensor[] = [];
  let ends: tf.Tensor[] = [];
  let baselines: tf.Tensor[] = [];
  let differences: tf.Tensor[] = [];
  try {
    const layer = wrtLayer(context, wrt);
    inputBaselines = tf.tidy(() => resolveBaseline(context, baselineSpec, blurSigma));
    [ends, baselines] = tf.tidy(() => pathSpace(context, layer, inputBaselines));
    differences = tf.tidy(() => ends.map((x, k) => tf.sub(x, baselines[k] as tf.Tensor)));
    const plan = {
      pointsPerSample: steps,
      rows: (samples: readonly number[], points: readonly number[]) => {
        const index = tf.tensor1d(samples as number[], 'int32');
        const column = (values: readonly number[], rank: number) => rowColumn(points.map((p) => values[p] as number), rank);
        return {
          points: baselines.map((b, k) => {
            const difference = tf.gather(differences[k] as tf.Tensor, index);
            return tf.add(tf.gather(b, index), tf.mul(column(alphas, b.rank), difference));
          }),
          multipliers: differences.map((d) => column(weights, d.rank)),
        };
      },
    };
    const extra = { steps, quadrature: rule, baseline: describeBaseline(baselineSpec, blurSigma) };
    const request = { method: 'integrated-gradients', plan, start: inputBaselines, factors: differences, extra, ...(layer ? { layer } : {}) };
    return await pathAttribution(context, request, { ...options, internalBatchSize });
  } finally {
    disposeOwn([inputBaselines, ends, baselines, differences], context.input.tensors);
    context.dispose();
  }
}

/** Registry entry of {@link integratedGradients}. */
export const integratedGradientsMethod = defineMethod(
  {
    name: 'integrated-gradients',
    evaluations: (_, options) => resolveOptions(integratedGradientsSchema, options, 'integrated-gradients').steps + 2,
    title: 'Integrated Gradients',
    family: 'gradient',
    summary: 'Gradients averaged along the straight path from a baseline to the input, times (input - baseline).',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
  },
  integratedGradientsSchema,
  integratedGradients,
);
