/**
 * Guided Integrated Gradients (Kapishnikov et al. 2021, PAIR saliency's GuidedIG): an adaptive path
 * from the baseline to the input that, at each step, first moves the features whose gradient is
 * smallest in magnitude (guided-ig-path.ts), so the path avoids regions of large, noisy gradients.
 * With `fraction` 1 or `maxDist` 0 every feature moves along the straight line and the result is
 * Integrated Gradients with the left Riemann rule. `anchors` fixes points on the straight line the
 * path must pass through (the paper's anchored variant): each segment between them is a Guided IG
 * walk of its share of the steps. Completeness holds up to the Riemann error: meta.extra.delta.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../core/errors.ts';
import { openContext, type ExplainContext, type ExplainOptions } from '../../core/explain.ts';
import { computeGradients } from '../../core/gradients.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { objectiveForRows } from '../../core/pinned.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { baselineOption, describeBaseline, resolveBaseline } from './baseline.ts';
import { flatSamples, unflattenSamples } from './flat-samples.ts';
import { guidedStep, newWalk } from './guided-ig-path.ts';
import { finishPath, scorePathEnds } from './path-ends.ts';
import { wrtLayer } from './layer-space.ts';

/** The options of {@link guidedIntegratedGradients}, declared once (see methods/schema.ts). */
export const guidedIgSchema = defineSchema({
  /** Steps along the path (gradient evaluations per sample). Default 200 (PAIR's `x_steps`). */
  steps: option.integer({ default: 200, min: 1, max: 2000, doc: 'Steps along the adaptive path.' }),
  /** Fraction of the features, those of smallest gradient magnitude, moved first at each step. Default 0.25 (PAIR's). */
  fraction: option.number({ default: 0.25, min: 0, max: 1, step: 0.05, doc: 'Fraction of features (smallest gradients) moved first at each step.' }),
  /** How far (a fraction of the way) a feature may lag behind or run ahead of the straight line; 0 gives IG, 1 is unbounded. Default 0.02 (PAIR's). */
  maxDist: option.number({ default: 0.02, min: 0, max: 1, step: 0.01, doc: 'Largest deviation from the straight-line path (0: IG, 1: unbounded).' }),
  /** Points evenly spaced on the straight line that the path passes through; each segment gets its share of the steps. Default 0. */
  anchors: option.integer({ default: 0, min: 0, max: 100, doc: 'Anchor points on the straight line the path must pass through.' }),
  /** The path's start x': 'zeros', 'blur', a number or values per model input (see Baseline). Default 'zeros'. */
  baseline: baselineOption,
  /** Sigma in pixels of the 'blur' baseline. Default 10. */
  blurSigma: option.number({ default: 10, min: 0, max: 100, step: 0.5, doc: "Sigma (pixels) of the 'blur' baseline." }),
});

/** Options of {@link guidedIntegratedGradients}. */
export interface GuidedIgOptions extends ExplainOptions, LongRunningOptions, SchemaOptions<typeof guidedIgSchema> {}

/**
 * Guided IG maps in the shape of each model input, one per sample. meta.extra holds `delta`
 * (f(x) - f(x') - sum(a) per sample), `baselineScores`, and the options used. Each sample walks its
 * own path; every step's gradient is taken for the unit its original sample explains.
 */
export async function guidedIntegratedGradients(model: ExplainableModel | ModelAdapter, input: ModelInput, options: GuidedIgOptions = {}): Promise<Attribution> {
  const settings = resolveOptions(guidedIgSchema, options, 'guided-ig');
  const { steps, fraction, maxDist, anchors } = settings;
  check(steps >= anchors + 1, 'steps', `${steps} is fewer than the ${anchors + 1} segments of ${anchors} anchors; give at least ${anchors + 1}`);
  const context = openContext(model, input, options);
  let baselines: tf.Tensor[] = [];
  try {
    wrtLayer(context, undefined);
    baselines = tf.tidy(() => resolveBaseline(context, settings.baseline, settings.blurSigma));
    const ends = await scorePathEnds(context, baselines);
    const { units } = ends;
    const rows = Array.from({ length: context.input.batchSize }, (_, i) => i);
    const [inputs, starts] = await Promise.all([flatSamples(context.input.tensors), flatSamples(baselines)]);
    const attrs = inputs.map((x) => new Float64Array(x.length));
    const point = (n: number, share: number): Float64Array => (starts[n] as Float64Array).map((b, i) => b + ((inputs[n] as Float64Array)[i] as number - b) * share);
    let done = 0;
    for (let segment = 0; segment <= anchors; segment++) {
      const segmentSteps = Math.floor((steps * (segment + 1)) / (anchors + 1)) - Math.floor((steps * segment) / (anchors + 1));
      const walks = rows.map((n) => newWalk(point(n, (segment + 1) / (anchors + 1)), point(n, segment / (anchors + 1)), attrs[n] as Float64Array));
      for (let step = 0; step < segmentSteps; step++) {
        const gradients = await gradientsAt(context, walks.map((w) => w.x), units);
        walks.forEach((walk, n) => guidedStep(walk, gradients[n] as Float64Array, step, segmentSteps, fraction, maxDist));
        await reportProgress(options, ++done, steps);
      }
    }
    const baseline = describeBaseline(settings.baseline, settings.blurSigma);
    return await finishPath(context, ends, unflattenSamples(attrs, context.input.tensors), { method: 'guided-ig', extra: { steps, fraction, maxDist, anchors, baseline } });
  } finally {
    baselines.forEach((t) => t.dispose());
    context.dispose();
  }
}

/** The gradient at each sample's current point, for the unit its original sample explains, flattened per sample. */
async function gradientsAt(context: ExplainContext, points: readonly Float64Array[], units: readonly number[] | undefined): Promise<Float64Array[]> {
  const rows = points.map((_, i) => i);
  const gradients = tf.tidy(() => {
    const inputs = unflattenSamples(points, context.input.tensors);
    return computeGradients(context, inputs, { objective: objectiveForRows(context, rows, units) }).gradients;
  });
  try {
    return await flatSamples(gradients);
  } finally {
    gradients.forEach((g) => g.dispose());
  }
}

/** Registry entry of {@link guidedIntegratedGradients}. */
export const guidedIgMethod = defineMethod(
  {
    name: 'guided-ig',
    evaluations: (_, options) => resolveOptions(guidedIgSchema, options, 'guided-ig').steps + 2,
    title: 'Guided Integrated Gradients',
    family: 'gradient',
    summary: 'Integrated Gradients along an adaptive path that first moves the features with the smallest gradients: less noise off the object.',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
  },
  guidedIgSchema,
  guidedIntegratedGradients,
);
