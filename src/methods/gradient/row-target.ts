/** Targets for derived batches passed to another method: each row keeps its original sample's unit. */
import { perSampleTarget, type Target } from '../../core/target.ts';

/**
 * The target for rows whose row j comes from sample `sampleOfRow[j]`: per-row units when the
 * target picks a unit per sample (`units` from scoreSamples), else the target itself.
 */
export function targetForRows(target: Target, sampleOfRow: readonly number[], units: readonly number[] | undefined): Target {
  if (!units) return target;
  return perSampleTarget(sampleOfRow.map((i) => units[i] as number), {
    ...(target.layer !== undefined ? { layer: target.layer } : {}),
    ...(target.output !== undefined ? { output: target.output } : {}),
  });
}
