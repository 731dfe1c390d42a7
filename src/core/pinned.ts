/**
 * Objectives for derived batches (interpolated, noisy or perturbed copies of the input samples):
 * each row keeps the unit its original sample explains, so "the predicted class" is the class
 * predicted for the original input, not for a blurred or occluded copy.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainContext } from './explain.ts';
import { resolveObjective, type ResolvedObjective } from './objective.ts';
import { perSampleTarget, picksUnitPerSample, type Target, type TargetPlacement } from './target.ts';

/** The unit each original sample explains, or undefined for targets that do not pick one. */
export async function unitsOfSamples(context: ExplainContext): Promise<number[] | undefined> {
  if (!picksUnitPerSample(context.target)) return undefined;
  const units = tf.tidy(() => context.objective.score(context.adapter.run(context.input.tensors, context.objective.hooks)).units);
  if (!units) return undefined;
  try {
    return Array.from(await units.data(), (u) => Math.round(u));
  } finally {
    units.dispose();
  }
}

/**
 * The objective for a derived batch whose row j comes from original sample `sampleOfRow[j]`,
 * given the `units` from {@link unitsOfSamples}.
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
 * target picks a unit per sample (`units` from {@link unitsOfSamples}), else the target itself.
 */
export function targetForRows(target: Target, sampleOfRow: readonly number[], units: readonly number[] | undefined): Target {
  if (!units) return target;
  const placement: TargetPlacement = {
    ...(target.layer !== undefined ? { layer: target.layer } : {}),
    ...(target.output !== undefined ? { output: target.output } : {}),
  };
  return perSampleTarget(sampleOfRow.map((i) => units[i] as number), placement);
}
