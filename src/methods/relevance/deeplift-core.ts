/**
 * The DeepLIFT pass both DeepLIFT methods share: rows of inputs and their references run together as
 * [inputs; references], the gradient is taken under the Rescale rules (deeplift-rules.ts), and the
 * attribution is (x - x') times the input half's multipliers, at the inputs or at a `wrt` layer
 * (then (A - A') times the multipliers there, Captum's LayerDeepLift).
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../core/errors.ts';
import type { ExplainContext } from '../../core/explain.ts';
import { computeGradients } from '../../core/gradients.ts';
import type { LayerInfo } from '../../core/layers.ts';
import { objectiveForRows } from '../../core/pinned.ts';
import { defineSchema, option } from '../schema.ts';
import { downloadNumbers } from '../../core/result.ts';
import { halves, type RuleCounts } from './deeplift-math.ts';
import { withDeepLiftRules } from './deeplift-rules.ts';

/** The options DeepLIFT and DeepLiftShap share, spread into their schemas. */
export const deepLiftSharedSchema = defineSchema({
  /** Attribute to this layer's output, (A - A') times the multipliers there (Captum's LayerDeepLift). Default: the input. */
  wrt: option.layer({ doc: "Attribute to a layer's output instead of the input." }),
  /** Rows per model call, each (input, reference) pair running as two: 32 is 16 pairs; bounds memory. Default 32. */
  internalBatchSize: option.integer({ default: 32, min: 2, max: 4096, doc: 'Rows per model call (two per input and reference pair); bounds memory.' }),
});

/** DeepLIFT of R rows. */
export interface DeepLiftRows {
  /** One per model input (or one for the `wrt` layer), [R, ...]. */
  readonly attributions: tf.Tensor[];
  /** f(x) per row, [R]. */
  readonly scores: tf.Tensor1D;
  /** f(x') per row, [R]. */
  readonly referenceScores: tf.Tensor1D;
}

/** What one DeepLIFT pass needs besides the context. */
export interface DeepLiftRequest {
  /** One tensor per model input, [R, ...sample]. */
  readonly inputs: readonly tf.Tensor[];
  /** The references, shaped like `inputs`. */
  readonly references: readonly tf.Tensor[];
  /** Row r explains the unit of original sample `sampleOfRow[r]`. */
  readonly sampleOfRow: readonly number[];
  /** The units of the original samples (from scoreSamples), for targets that pick one. */
  readonly units: readonly number[] | undefined;
  /** Attribute to this layer's output instead of the inputs. */
  readonly wrt?: LayerInfo;
  /** Counts the rules applied. */
  readonly counts: RuleCounts;
}

/** DeepLIFT (Rescale) attributions of `request`'s rows. Call inside tf.tidy. */
export function deepLiftRows(context: ExplainContext, request: DeepLiftRequest): DeepLiftRows {
  const { inputs, references, sampleOfRow, units, wrt, counts } = request;
  const stacked = inputs.map((x, k) => tf.concat([x, references[k] as tf.Tensor], 0));
  const objective = objectiveForRows(context, [...sampleOfRow, ...sampleOfRow], units);
  const gradientContext = { adapter: context.adapter, objective, backprop: null };
  const result = withDeepLiftRules(() => computeGradients(gradientContext, stacked, { objective, kernelRules: true, ...(wrt ? { wrt } : {}) }), counts);
  const factors = result.activation ? [result.activation] : stacked;
  const attributions = result.gradients.map((g, k) => {
    const [multipliers] = halves(g, 'gradient');
    const [a, aRef] = halves(factors[k] as tf.Tensor, 'input');
    return tf.mul(tf.sub(a, aRef), multipliers);
  });
  const [scores, referenceScores] = halves(result.scores, 'score') as [tf.Tensor1D, tf.Tensor1D];
  return { attributions, scores, referenceScores };
}

/** Per sample: f(x) - f(x') - sum of its attributions over every map (summation-to-delta's residual). */
export function summationDelta(scores: tf.Tensor1D, referenceScores: tf.Tensor1D, attributions: readonly tf.Tensor[]): tf.Tensor1D {
  const sums = attributions.map((a) => tf.sum(tf.reshape(a, [a.shape[0] as number, -1]), 1));
  return tf.sub(tf.sub(scores, referenceScores), tf.addN(sums)) as tf.Tensor1D;
}

/** The per-sample sums DeepLIFT methods report, built from per-chunk tensors. */
export interface DeltaReport {
  readonly delta: number[];
  readonly baselineScores: number[];
}

/** Downloads the per-chunk deltas and reference scores into per-sample lists. */
export async function deltaReport(parts: readonly { delta: tf.Tensor1D; referenceScores: tf.Tensor1D }[]): Promise<DeltaReport> {
  const delta = (await Promise.all(parts.map((p) => downloadNumbers(p.delta)))).flatMap((d) => d ?? []);
  const baselineScores = (await Promise.all(parts.map((p) => downloadNumbers(p.referenceScores)))).flatMap((d) => d ?? []);
  return { delta, baselineScores };
}

/**
 * (input, reference) pairs per model call for `internalBatchSize` rows: half of it, at least one. A
 * graph model that takes a fixed batch must take exactly 2 rows (one pair): its calls are cut into
 * fixed-size slices, and any other size would split a pair or pad it with repeated rows.
 */
export function pairsPerCall(context: ExplainContext, internalBatchSize: number): number {
  const fixed = context.adapter.fixedBatchSize();
  if (fixed !== undefined && fixed !== 2) {
    throw new SaliencyError(
      'UNSUPPORTED_MODEL',
      `DeepLIFT runs each input with its reference in one call (2 rows); this model takes exactly ${fixed} row(s) per call`,
    );
  }
  return fixed === 2 ? 1 : Math.max(1, Math.floor(internalBatchSize / 2));
}
