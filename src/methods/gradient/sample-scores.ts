/** Scores of whole samples (not of path points): what completeness deltas and result metadata report. */
import * as tf from '@tensorflow/tfjs';
import type { ComputedMaps, ExplainContext } from '../../core/explain.ts';
import { objectiveForRows } from '../../core/pinned.ts';
import { picksUnitPerSample } from '../../core/target.ts';

/** The objective of each input sample and, for targets that pick one, the unit each sample explains. */
export interface SampleScores {
  readonly scores: number[];
  readonly units: number[] | undefined;
}

/** Scores the original input in one forward pass. */
export async function scoreSamples(context: ExplainContext): Promise<SampleScores> {
  const [total, units] = tf.tidy(() => {
    const result = context.objective.score(context.adapter.run(context.input.tensors, context.objective.hooks));
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

/** Scores other inputs of the same batch size (e.g. baselines), each row for its own sample's unit. */
export async function scoreRowsLikeSamples(context: ExplainContext, inputs: readonly tf.Tensor[], units: readonly number[] | undefined): Promise<number[]> {
  const rows = Array.from({ length: context.input.batchSize }, (_, i) => i);
  const total = tf.tidy(() => {
    const objective = objectiveForRows(context, rows, units);
    return objective.score(context.adapter.run(inputs, objective.hooks)).total;
  });
  try {
    return Array.from(await total.data());
  } finally {
    total.dispose();
  }
}

/** `maps` with the sample scores (and units) as the tensors finishAttribution reports (and disposes). */
export function withSampleScores(maps: tf.Tensor[], sampleScores: SampleScores): ComputedMaps {
  const scores = tf.tensor1d(sampleScores.scores);
  return sampleScores.units ? { maps, scores, units: tf.tensor1d(sampleScores.units) } : { maps, scores };
}

/** Per sample: f(x) - f(x') - sum of the attributions over every map (the completeness delta). */
export function completenessDelta(scores: readonly number[], baselineScores: readonly number[], maps: readonly { data: Float32Array; shape: readonly number[] }[]): number[] {
  return scores.map((score, i) => {
    let sum = 0;
    for (const map of maps) {
      const size = map.data.length / (map.shape[0] as number);
      for (let j = i * size; j < (i + 1) * size; j++) sum += map.data[j] as number;
    }
    return score - (baselineScores[i] as number) - sum;
  });
}
