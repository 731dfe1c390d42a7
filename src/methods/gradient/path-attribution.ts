/**
 * The shared run of the path methods: score the samples, integrate gradients along the plan's
 * path in chunks, scale, and report the completeness delta when the path's start is known.
 */
import * as tf from '@tensorflow/tfjs';
import { finishAttribution, type ExplainContext } from '../../core/explain.ts';
import type { Attribution } from '../../core/result.ts';
import { integratePath, type PathOptions, type PathPlan } from './path-integral.ts';
import { completenessDelta, scoreRowsLikeSamples, scoreSamples, withSampleScores } from './sample-scores.ts';

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
}

/** Runs `request` on `context`; the context and the request's tensors stay the caller's. */
export async function pathAttribution(context: ExplainContext, request: PathAttributionRequest, options: PathOptions): Promise<Attribution> {
  const sampleScores = await scoreSamples(context);
  const baselineScores = request.start ? await scoreRowsLikeSamples(context, request.start, sampleScores.units) : undefined;
  let sums = await integratePath(context, request.plan, sampleScores.units, options);
  const { factors } = request;
  if (factors) {
    const scaled = tf.tidy(() => sums.map((sum, k) => tf.mul(sum, factors[k] as tf.Tensor)));
    sums.forEach((t) => t.dispose());
    sums = scaled;
  }
  const result = await finishAttribution(context, withSampleScores(sums, sampleScores), {
    method: request.method,
    wrt: 'input',
    gradModifier: 'none',
  }, { checkGradientPath: true });
  const completeness = baselineScores ? { delta: completenessDelta(sampleScores.scores, baselineScores, result.maps), baselineScores } : {};
  return { ...result, meta: { ...result.meta, extra: { ...completeness, ...request.extra } } };
}
