/**
 * The run every path method shares (Integrated Gradients, Blur IG, GradientSHAP). A method describes
 * its path as a plan: `pointsPerSample` points per sample and a multiplier for each point's
 * gradient. {@link pathAttribution} scores the samples (and the path's start), sums gradient x
 * multiplier over each sample's points in chunks of `internalBatchSize` rows, so that only one chunk
 * of points is ever held in memory, scales the sums, and reports the completeness delta
 * f(x) - f(start) - sum(a) when the start is known (path-ends.ts, shared with Guided IG). Every row
 * is explained for the unit its own sample explains.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainContext } from '../../core/explain.ts';
import { computeGradients } from '../../core/gradients.ts';
import { objectiveForRows } from '../../core/pinned.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';
import type { LayerInfo } from '../../core/layers.ts';
import type { Attribution } from '../../core/result.ts';
import { finishPath, scorePathEnds } from './path-ends.ts';

/** The points of one chunk and what each row's gradient is multiplied by. */
export interface PathRows {
  /** One tensor per model input, shape [R, ...input]: where the gradients are taken. */
  readonly points: tf.Tensor[];
  /** One tensor per model input, broadcastable to [R, ...input]: the factor of each row's gradient. */
  readonly multipliers: tf.Tensor[];
}

/** A path method's points: `pointsPerSample` rows for every sample. */
export interface PathPlan {
  readonly pointsPerSample: number;
  /** Builds rows (samples[r], points[r]); called inside tf.tidy. */
  rows(samples: readonly number[], points: readonly number[]): PathRows;
}

/** What a path method asks for. */
export interface PathAttributionRequest {
  /** Registry name reported in meta.method. */
  readonly method: string;
  readonly plan: PathPlan;
  /** The path's start per model input, batch first: adds meta.extra.delta and baselineScores. */
  readonly start?: readonly tf.Tensor[];
  /** Multiplies each input's summed gradients at the end (Integrated Gradients' x - x'). */
  readonly factors?: readonly tf.Tensor[];
  /** Further facts for meta.extra. */
  readonly extra: Readonly<Record<string, unknown>>;
  /**
   * Integrate in this layer's output space instead of the inputs' (see layer-space.ts): the plan's
   * points are activations of the layer, which replace its output while the model runs on the
   * row's own sample; maps have the layer's shape and meta.wrt names it. Default: the inputs.
   */
  readonly layer?: LayerInfo;
}

/** Chunking and progress of a path run. */
export interface PathOptions extends LongRunningOptions {
  /** Rows (points x samples) evaluated per model call. */
  readonly internalBatchSize: number;
}

/** Runs `request` on `context`; the context and the request's tensors stay the caller's. */
export async function pathAttribution(context: ExplainContext, request: PathAttributionRequest, options: PathOptions): Promise<Attribution> {
  const ends = await scorePathEnds(context, request.start);
  let sums = await integratePath(context, request.plan, ends.units, options, request.layer);
  const { factors } = request;
  if (factors) {
    const scaled = tf.tidy(() => sums.map((sum, k) => tf.mul(sum, factors[k] as tf.Tensor)));
    sums.forEach((t) => t.dispose());
    sums = scaled;
  }
  return finishPath(context, ends, sums, request);
}

/**
 * Per sample and input: the sum over its points of gradient x multiplier, shape [N, ...input].
 * Each row is scored for its own sample's unit (`units`, from scoreSamples). The caller owns (and
 * disposes) the returned tensors.
 */
async function integratePath(context: ExplainContext, plan: PathPlan, units: readonly number[] | undefined, options: PathOptions, layer?: LayerInfo): Promise<tf.Tensor[]> {
  const batch = context.input.batchSize;
  const total = batch * plan.pointsPerSample;
  let sums: tf.Tensor[] | undefined;
  try {
    for (let start = 0; start < total; start += options.internalBatchSize) {
      const rows = Array.from({ length: Math.min(options.internalBatchSize, total - start) }, (_, i) => start + i);
      const samples = rows.map((r) => Math.floor(r / plan.pointsPerSample));
      const points = rows.map((r) => r % plan.pointsPerSample);
      const previous = sums;
      sums = tf.tidy(() => {
        const { points: inputs, multipliers } = plan.rows(samples, points);
        const objective = objectiveForRows(context, samples, units);
        const { gradients } = layer
          ? computeGradients(context, rowsOf(context.input.tensors, samples), { objective, wrt: layer, at: inputs[0] as tf.Tensor })
          : computeGradients(context, inputs, { objective });
        const assignment = tf.tensor2d(assignmentMatrix(samples, batch), [rows.length, batch]);
        return gradients.map((gradient, k) => {
          const contribution = tf.reshape(tf.mul(gradient, multipliers[k] as tf.Tensor), [rows.length, -1]);
          const perSample = tf.reshape(tf.matMul(assignment, contribution, true, false), [batch, ...gradient.shape.slice(1)]);
          return previous ? tf.add(previous[k] as tf.Tensor, perSample) : perSample;
        });
      });
      previous?.forEach((t) => t.dispose());
      await reportProgress(options, start + rows.length, total);
    }
    return sums ?? [];
  } catch (error) {
    sums?.forEach((t) => t.dispose());
    throw error;
  }
}

/** The rows `samples` of each tensor (batch first). Call inside tf.tidy. */
export function rowsOf(tensors: readonly tf.Tensor[], samples: readonly number[]): tf.Tensor[] {
  const index = tf.tensor1d(samples as number[], 'int32');
  return tensors.map((t) => tf.gather(t, index));
}

/** [rows, batch] with a 1 at (r, samples[r]): sums rows into their samples by one matrix product. */
function assignmentMatrix(samples: readonly number[], batch: number): Float32Array {
  const matrix = new Float32Array(samples.length * batch);
  samples.forEach((sample, r) => {
    matrix[r * batch + sample] = 1;
  });
  return matrix;
}

/** One value per row as a [R, 1, ..., 1] tensor of rank `rank`, to scale rows by broadcasting (for plans). */
export function rowColumn(values: readonly number[], rank: number): tf.Tensor {
  return tf.reshape(tf.tensor1d(values as number[]), [values.length, ...new Array<number>(rank - 1).fill(1)]);
}
