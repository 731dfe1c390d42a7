/**
 * DeepLIFT with the Rescale rule (Shrikumar et al. 2017; Captum's DeepLift): a_i = (x_i - x'_i) m_i,
 * where the multipliers m are the gradient with every non-linearity's derivative replaced by
 * (f(x) - f(x')) / (x - x'). Summation-to-delta: sum(a) = f(x) - f(x') for ReLU/pooling networks,
 * the residual reported per sample as meta.extra.delta (like Integrated Gradients').
 */
import * as tf from '@tensorflow/tfjs';
import { finishAttribution, openContext } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { scoreSamples } from '../../core/pinned.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { refuseOwnRuleOverride, type RelevanceBaseOptions } from './own-rules.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { baselineOption, describeBaseline, resolveBaseline } from '../gradient/baseline.ts';
import { deepLiftRows, deepLiftSharedSchema, deltaReport, pairsPerCall, summationDelta } from './deeplift-core.ts';
import { DEEPLIFT_EPSILON, type RuleCounts } from './deeplift-math.ts';

/** The options of {@link deepLift}, declared once (see methods/schema.ts). */
export const deepLiftSchema = defineSchema({
  /** The reference x': 'zeros', 'blur', a number or values per model input (see Baseline). Default 'zeros' (Captum's). */
  baseline: baselineOption,
  /** Sigma in pixels of the 'blur' baseline. Default 10. */
  blurSigma: option.number({ default: 10, min: 0, max: 100, step: 0.5, doc: "Sigma (pixels) of the 'blur' baseline." }),
  ...deepLiftSharedSchema,
});

/** Options of {@link deepLift}. */
export interface DeepLiftOptions extends RelevanceBaseOptions, LongRunningOptions, SchemaOptions<typeof deepLiftSchema> {}

/**
 * DeepLIFT maps in the input's shape (or the `wrt` layer's). meta.extra holds `delta`
 * (f(x) - f(x') - sum(a) per sample), `baselineScores`, `baseline`, `eps` and `rules` (how many
 * backward passes each replaced kernel gradient made).
 */
export async function deepLift(model: ExplainableModel | ModelAdapter, input: ModelInput, options: DeepLiftOptions = {}): Promise<Attribution> {
  const settings = resolveOptions(deepLiftSchema, options, 'deep-lift');
  refuseOwnRuleOverride(options, 'deep-lift');
  const context = openContext(model, input, options);
  const parts: { maps: tf.Tensor[]; scores: tf.Tensor1D; delta: tf.Tensor1D; referenceScores: tf.Tensor1D }[] = [];
  let references: tf.Tensor[] = [];
  try {
    const wrt = settings.wrt === undefined ? undefined : context.adapter.layer(settings.wrt, 'wrt');
    const { units } = await scoreSamples(context);
    references = tf.tidy(() => resolveBaseline(context, settings.baseline, settings.blurSigma));
    const counts: RuleCounts = new Map();
    const batch = context.input.batchSize;
    const perCall = pairsPerCall(context, settings.internalBatchSize);
    for (let start = 0; start < batch; start += perCall) {
      const size = Math.min(perCall, batch - start);
      parts.push(
        tf.tidy(() => {
          const slice = (t: tf.Tensor) => tf.slice(t, start, size);
          const sampleOfRow = Array.from({ length: size }, (_, i) => start + i);
          const rows = deepLiftRows(context, { inputs: context.input.tensors.map(slice), references: references.map(slice), sampleOfRow, units, counts, ...(wrt ? { wrt } : {}) });
          return { maps: rows.attributions, scores: rows.scores, referenceScores: rows.referenceScores, delta: summationDelta(rows.scores, rows.referenceScores, rows.attributions) };
        }),
      );
      await reportProgress(options, start + size, batch);
    }
    const report = await deltaReport(parts);
    const computed = tf.tidy(() => ({
      maps: (parts[0]?.maps ?? []).map((_, k) => tf.concat(parts.map((p) => p.maps[k] as tf.Tensor), 0)),
      scores: tf.concat(parts.map((p) => p.scores)) as tf.Tensor1D,
    }));
    const result = await finishAttribution(context, computed, { method: 'deep-lift', wrt: wrt ? wrt.path.join('/') : 'input', gradModifier: 'none' }, { checkGradientPath: true });
    const extra = { ...report, baseline: describeBaseline(settings.baseline, settings.blurSigma), eps: DEEPLIFT_EPSILON, rules: Object.fromEntries(counts) };
    return { ...result, meta: { ...result.meta, extra: { ...result.meta.extra, ...extra } } };
  } finally {
    parts.forEach((p) => tf.dispose([...p.maps, p.scores, p.delta, p.referenceScores]));
    references.forEach((t) => t.dispose());
    context.dispose();
  }
}

/** Registry entry of {@link deepLift}. */
export const deepLiftMethod = defineMethod(
  {
    name: 'deep-lift',
    evaluations: () => 3,
    title: 'DeepLIFT',
    family: 'relevance',
    summary: "(input - baseline) times multipliers that replace each non-linearity's slope by (f(x) - f(x')) / (x - x').",
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
  },
  deepLiftSchema,
  deepLift,
);
