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
import { describeBaseline, resolveBaseline, type Baseline } from './baseline.ts';
import { integerOption, numberOption } from './option-values.ts';
import { DEFAULT_INTERNAL_BATCH_SIZE, INTERNAL_BATCH_SIZE_OPTION, pathAttribution, rowColumn } from './path-integral.ts';
import { QUADRATURE_RULES, quadrature, type QuadratureRule } from './quadrature.ts';
import { BASELINE_OPTION, baselineOption } from './baseline-option.ts';

/** Default number of quadrature points (Captum's). */
export const DEFAULT_IG_STEPS = 50;
/** Default quadrature rule (Captum's). */
export const DEFAULT_IG_QUADRATURE: QuadratureRule = 'gauss-legendre';
/** Default baseline. */
export const DEFAULT_IG_BASELINE: Baseline = 'zeros';
/** Default sigma, in pixels, of the 'blur' baseline. */
export const DEFAULT_BASELINE_BLUR_SIGMA = 10;

/** Options of {@link integratedGradients}. */
export interface IntegratedGradientsOptions extends ExplainOptions, LongRunningOptions {
  /** The path's start x'. Default 'zeros'. */
  readonly baseline?: Baseline;
  /** Sigma in pixels of the 'blur' baseline. Default 10. */
  readonly blurSigma?: number;
  /** Quadrature points. Default 50. */
  readonly steps?: number;
  /** Quadrature rule. Default 'gauss-legendre'. */
  readonly quadrature?: QuadratureRule;
  /** Rows (steps x samples) per model call; bounds memory. Default 64. */
  readonly internalBatchSize?: number;
}

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
  const steps = integerOption(options.steps, DEFAULT_IG_STEPS, 'steps');
  const rule = options.quadrature ?? DEFAULT_IG_QUADRATURE;
  const { alphas, weights } = quadrature(rule, steps);
  const internalBatchSize = integerOption(options.internalBatchSize, DEFAULT_INTERNAL_BATCH_SIZE, 'internalBatchSize');
  const blurSigma = numberOption(options.blurSigma, DEFAULT_BASELINE_BLUR_SIGMA, 'blurSigma');
  const baselineSpec = options.baseline ?? DEFAULT_IG_BASELINE;
  const context = openContext(model, input, options);
  let baselines: tf.Tensor[] = [];
  let differences: tf.Tensor[] = [];
  try {
    baselines = tf.tidy(() => resolveBaseline(context, baselineSpec, blurSigma));
    differences = tf.tidy(() => context.input.tensors.map((x, k) => tf.sub(x, baselines[k] as tf.Tensor)));
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
    return await pathAttribution(context, { method: 'integrated-gradients', plan, start: baselines, factors: differences, extra }, { ...options, internalBatchSize });
  } finally {
    [...baselines, ...differences].forEach((t) => t.dispose());
    context.dispose();
  }
}

/** Registry entry of {@link integratedGradients}. */
export const integratedGradientsMethod = defineMethod<Omit<IntegratedGradientsOptions, 'baseline'> & { readonly baseline?: string }>(
  {
    name: 'integrated-gradients',
    title: 'Integrated Gradients',
    family: 'gradient',
    summary: 'Gradients averaged along the straight path from a baseline to the input, times (input - baseline).',
    options: [
      { name: 'steps', kind: 'integer', default: DEFAULT_IG_STEPS, min: 1, max: 1000, step: 1, description: 'Quadrature points along the path.' },
      { name: 'quadrature', kind: 'choice', default: DEFAULT_IG_QUADRATURE, choices: QUADRATURE_RULES, description: 'How the path integral is approximated.' },
      BASELINE_OPTION,
      { name: 'blurSigma', kind: 'number', default: DEFAULT_BASELINE_BLUR_SIGMA, min: 0, max: 100, step: 0.5, description: "Sigma (pixels) of the 'blur' baseline." },
      INTERNAL_BATCH_SIZE_OPTION,
    ],
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
  },
  async (model, input, { baseline, ...options }) => integratedGradients(model, input, { ...options, ...baselineOption(baseline) }),
);
