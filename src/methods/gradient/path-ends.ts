/**
 * The two ends every path method shares (Integrated Gradients, Blur IG, GradientSHAP through
 * pathAttribution, and Guided IG with its own adaptive path): the samples scored (and the path's
 * start, for the same units) before the path is walked, and the result finished after it, with the
 * completeness delta f(x) - f(start) - sum(a) in meta.extra when the start was scored.
 */
import * as tf from '@tensorflow/tfjs';
import { finishAttribution, type ExplainContext } from '../../core/explain.ts';
import type { LayerInfo } from '../../core/layers.ts';
import { scoreRows, scoreSamples, type SampleScores } from '../../core/pinned.ts';
import { downloadNumbers, type Attribution } from '../../core/result.ts';

/** The samples' scores and units, and the start's scores where the path's start was given. */
export interface PathEnds extends SampleScores {
  /** f(start) per sample, for the unit its sample explains; absent without a start. */
  readonly baselineScores?: number[];
}

/** Scores the samples and, where `start` (one tensor per model input, batch first) is given, the start. */
export async function scorePathEnds(context: ExplainContext, start?: readonly tf.Tensor[]): Promise<PathEnds> {
  const { scores, units } = await scoreSamples(context);
  const rows = Array.from({ length: context.input.batchSize }, (_, i) => i);
  const baselineScores = start ? await downloadNumbers(tf.tidy(() => scoreRows(context, start, rows, units))) : undefined;
  return baselineScores ? { scores, units, baselineScores } : { scores, units };
}

/** How a path method's result is described. */
export interface PathFinish {
  /** Registry name reported in meta.method. */
  readonly method: string;
  /** The layer whose output space the path ran in (meta.wrt names it). Default: the inputs. */
  readonly layer?: LayerInfo;
  /** Further facts for meta.extra, after `delta` and `baselineScores`. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** The attribution of `maps` (one per model input or the layer, batch first; taken over and disposed). */
export async function finishPath(context: ExplainContext, ends: PathEnds, maps: tf.Tensor[], finish: PathFinish): Promise<Attribution> {
  const { scores, units, baselineScores } = ends;
  const computed = { maps, scores: tf.tensor1d(scores), ...(units ? { units: tf.tensor1d(units) } : {}) };
  const method = { method: finish.method, wrt: finish.layer ? finish.layer.path.join('/') : 'input', gradModifier: 'none' } as const;
  const result = await finishAttribution(context, computed, method, { checkGradientPath: !finish.layer });
  const completeness = baselineScores ? { delta: completenessDelta(scores, baselineScores, result.maps), baselineScores } : {};
  return { ...result, meta: { ...result.meta, extra: { ...result.meta.extra, ...completeness, ...finish.extra } } };
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
