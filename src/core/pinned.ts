/**
 * Scoring derived batches (interpolated, noisy or perturbed copies of the input samples): the
 * original samples are scored once, and each derived row keeps the unit its original sample
 * explains, so "the predicted class" is the class predicted for the original input, not for a
 * blurred or occluded copy.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainContext } from './explain.ts';
import { runForward } from './forward.ts';
import { resolveObjective, type ResolvedObjective } from './objective.ts';
import { perSampleTarget, picksUnitPerSample, type Target, type TargetPlacement } from './target.ts';

/** The objective of each input sample and, for targets that pick one, the unit each sample explains. */
export interface SampleScores {
  readonly scores: number[];
  readonly units: number[] | undefined;
}

/** Scores the original input in one forward pass: what results report and derived rows are pinned to. */
export async function scoreSamples(context: ExplainContext): Promise<SampleScores> {
  const [total, units] = tf.tidy(() => {
    const result = context.objective.score(runForward(context, context.input.tensors, context.objective.hooks));
    return result.units ? [result.total, result.units] : [result.total];
  });
  try {
    const scores = Array.from(await (total as tf.Tensor).data());
    const unitValues = units && picksUnitPerSample(context.target) ? Array.from(await units.data(), Math.round) : undefined;
    return { scores, units: unitValues };
  } finally {
    total?.dispose();
    units?.dispose();
  }
}

/** The unit each original sample explains, or undefined for targets that do not pick one. */
export async function unitsOfSamples(context: ExplainContext): Promise<number[] | undefined> {
  return picksUnitPerSample(context.target) ? (await scoreSamples(context)).units : undefined;
}

/**
 * The objective's score of each row of a derived batch (`inputs`, one tensor per model input), row j
 * scored for the unit of original sample `sampleOfRow[j]` (`units` from {@link scoreSamples}). Call
 * inside tf.tidy.
 */
export function scoreRows(
  context: ExplainContext,
  inputs: readonly tf.Tensor[],
  sampleOfRow: readonly number[],
  units: readonly number[] | undefined,
): tf.Tensor1D {
  const objective = objectiveForRows(context, sampleOfRow, units);
  return objective.score(runForward(context, inputs, objective.hooks)).total;
}

/**
 * The objective for a derived batch whose row j comes from original sample `sampleOfRow[j]`,
 * given the `units` from {@link scoreSamples}.
 */
export function objectiveForRows(
  context: ExplainContext,
  sampleOfRow: readonly number[],
  units: readonly number[] | undefined,
): ResolvedObjective {
  const rowTarget = targetForRows(context.target, sampleOfRow, units);
  return resolveObjective(context.adapter, [{ target: rowTarget }], sampleOfRow.length, context.meta.softmax.mode);
}

/**
 * The target for rows whose row j comes from sample `sampleOfRow[j]`: per-row units when the
 * target picks a unit per sample (`units` from {@link scoreSamples}), else the target itself.
 */
export function targetForRows(target: Target, sampleOfRow: readonly number[], units: readonly number[] | undefined): Target {
  if (!units) return target;
  const placement: TargetPlacement = {
    ...(target.layer !== undefined ? { layer: target.layer } : {}),
    ...(target.output !== undefined ? { output: target.output } : {}),
  };
  return perSampleTarget(sampleOfRow.map((i) => units[i] as number), placement);
}
