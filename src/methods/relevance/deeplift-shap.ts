/**
 * DeepLiftShap (Lundberg & Lee 2017; Captum's DeepLiftShap): DeepLIFT's attributions averaged over a
 * distribution of B baselines, a = mean_b (x - b) m(x, b). Summation-to-delta in expectation:
 * sum(a) = f(x) - mean_b f(b), the residual reported per sample as meta.extra.delta.
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
import { defineSchema, resolveOptions, type SchemaOptions } from '../schema.ts';
import { inputValuesOption } from '../shared-options.ts';
import { baselineBatches } from '../gradient/baseline.ts';
import { deepLiftRows, deepLiftSharedSchema, deltaReport, pairsPerCall, summationDelta } from './deeplift-core.ts';
import { DEEPLIFT_EPSILON, type RuleCounts } from './deeplift-math.ts';

/** The options of {@link deepLiftShap}, declared once (see methods/schema.ts). */
export const deepLiftShapSchema = defineSchema({
  /** The baseline distribution per model input: [B, ...sample] (or one sample). Default: one all-zero sample (then it is DeepLIFT). */
  baselines: inputValuesOption('The baseline distribution per model input, [B, ...sample]; default one all-zero sample.'),
  ...deepLiftSharedSchema,
});

/** Options of {@link deepLiftShap}. */
export interface DeepLiftShapOptions extends RelevanceBaseOptions, LongRunningOptions, SchemaOptions<typeof deepLiftShapSchema> {}

/**
 * Rows of `t` summed per sample (`sampleOfRow[i]` is row i's sample), in row order as
 * tf.unsortedSegmentSum's cpu kernel adds them; that kernel is missing from the stock wasm backend.
 */
function segmentSum(t: tf.Tensor, sampleOfRow: readonly number[], batch: number): tf.Tensor {
  const rows = tf.unstack(t);
  const sums: (tf.Tensor | undefined)[] = new Array(batch).fill(undefined);
  rows.forEach((row, i) => {
    const k = sampleOfRow[i] as number;
    const previous = sums[k];
    sums[k] = previous ? tf.add(previous, row) : tf.add(tf.zerosLike(row), row);
  });
  const zero = tf.zerosLike(rows[0] as tf.Tensor);
  return tf.stack(sums.map((s) => s ?? zero));
}

/**
 * DeepLiftShap maps in the input's shape (or the `wrt` layer's). meta.extra: `delta` (f(x) -
 * mean f(b) - sum(a) per sample), `baselineScores` (mean f(b) per sample), `baselineCount`, `rules`.
 */
export async function deepLiftShap(model: ExplainableModel | ModelAdapter, input: ModelInput, options: DeepLiftShapOptions = {}): Promise<Attribution> {
  const settings = resolveOptions(deepLiftShapSchema, options, 'deep-lift-shap');
  refuseOwnRuleOverride(options, 'deep-lift-shap');
  const context = openContext(model, input, options);
  const parts: { delta: tf.Tensor1D; referenceScores: tf.Tensor1D }[] = [];
  let distribution: tf.Tensor[] = [];
  let sums: tf.Tensor[] = [];
  try {
    const wrt = settings.wrt === undefined ? undefined : context.adapter.layer(settings.wrt, 'wrt');
    const { scores, units } = await scoreSamples(context);
    distribution = tf.tidy(() =>
      settings.baselines === undefined ? context.input.tensors.map((x) => tf.zeros([1, ...x.shape.slice(1)])) : baselineBatches(settings.baselines, context, 'baselines'),
    );
    const count = distribution[0]?.shape[0] as number;
    const batch = context.input.batchSize;
    const counts: RuleCounts = new Map();
    const total = batch * count;
    const perCall = pairsPerCall(context, settings.internalBatchSize);
    for (let start = 0; start < total; start += perCall) {
      const pairs = Array.from({ length: Math.min(perCall, total - start) }, (_, i) => start + i);
      const sampleOfRow = pairs.map((p) => Math.floor(p / count));
      const previous = sums;
      const chunk = tf.tidy(() => {
        const samples = tf.tensor1d(sampleOfRow, 'int32');
        const baselineIndex = tf.tensor1d(pairs.map((p) => p % count), 'int32');
        const inputs = context.input.tensors.map((x) => tf.gather(x, samples));
        const references = distribution.map((b) => tf.gather(b, baselineIndex));
        const rows = deepLiftRows(context, { inputs, references, sampleOfRow, units, counts, ...(wrt ? { wrt } : {}) });
        const perSample = (t: tf.Tensor) => tf.div(segmentSum(t, sampleOfRow, batch), count);
        const added = rows.attributions.map((a, k) => (previous[k] ? tf.add(previous[k] as tf.Tensor, perSample(a)) : perSample(a)));
        const sampleScores = tf.gather(tf.tensor1d(scores), samples) as tf.Tensor1D;
        return { added, delta: summationDelta(sampleScores, rows.referenceScores, rows.attributions), referenceScores: rows.referenceScores, samples: sampleOfRow };
      });
      tf.dispose(previous);
      sums = chunk.added;
      parts.push(chunk);
      await reportProgress(options, start + pairs.length, total);
    }
    const report = await deltaReport(parts);
    const mean = (values: number[]) => Array.from({ length: batch }, (_, i) => values.slice(i * count, (i + 1) * count).reduce((a, b) => a + b, 0) / count);
    const computed = { maps: sums, scores: tf.tensor1d(scores), ...(units ? { units: tf.tensor1d(units) } : {}) };
    sums = [];
    const result = await finishAttribution(context, computed, { method: 'deep-lift-shap', wrt: wrt ? wrt.path.join('/') : 'input', gradModifier: 'none' }, { checkGradientPath: true });
    const extra = { delta: mean(report.delta), baselineScores: mean(report.baselineScores), baselineCount: count, eps: DEEPLIFT_EPSILON, rules: Object.fromEntries(counts) };
    return { ...result, meta: { ...result.meta, extra: { ...result.meta.extra, ...extra } } };
  } finally {
    parts.forEach((p) => tf.dispose([p.delta, p.referenceScores]));
    tf.dispose([...sums, ...distribution]);
    context.dispose();
  }
}

/** Registry entry of {@link deepLiftShap} (the baseline distribution is the default zero sample). */
export const deepLiftShapMethod = defineMethod(
  {
    name: 'deep-lift-shap',
    evaluations: () => 3,
    title: 'DeepLiftShap',
    family: 'relevance',
    summary: 'DeepLIFT averaged over a distribution of baselines (SHAP values of the linearised network).',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
  },
  deepLiftShapSchema,
  deepLiftShap,
);
