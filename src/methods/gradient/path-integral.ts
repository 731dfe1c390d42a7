/**
 * The engine of the path methods (Integrated Gradients, Blur IG, GradientSHAP): gradients at many
 * points per sample, weighted and summed per sample, evaluated in chunks of `internalBatchSize`
 * rows so that only one chunk of points is ever held in memory.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainContext } from '../../core/explain.ts';
import { computeGradients } from '../../core/gradients.ts';
import { objectiveForRows } from '../../core/pinned.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';

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

/** Chunking and progress of {@link integratePath}. */
export interface PathOptions extends LongRunningOptions {
  /** Rows (points x samples) evaluated per model call. */
  readonly internalBatchSize: number;
}

/**
 * Per sample and input: the sum over its points of gradient x multiplier, shape [N, ...input].
 * Each row is scored for its own sample's unit (`units`, from unitsOfSamples). The caller owns
 * (and disposes) the returned tensors.
 */
export async function integratePath(
  context: ExplainContext,
  plan: PathPlan,
  units: readonly number[] | undefined,
  options: PathOptions,
): Promise<tf.Tensor[]> {
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
        const { gradients } = computeGradients(context, inputs, { objective });
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

/** [rows, batch] with a 1 at (r, samples[r]): sums rows into their samples by one matrix product. */
function assignmentMatrix(samples: readonly number[], batch: number): Float32Array {
  const matrix = new Float32Array(samples.length * batch);
  samples.forEach((sample, r) => {
    matrix[r * batch + sample] = 1;
  });
  return matrix;
}

/** One value per row as a [R, 1, ..., 1] tensor of rank `rank`, to scale rows by broadcasting. */
export function rowColumn(values: readonly number[], rank: number): tf.Tensor {
  return tf.reshape(tf.tensor1d(values as number[]), [values.length, ...new Array<number>(rank - 1).fill(1)]);
}
