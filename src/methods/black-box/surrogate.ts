/**
 * The design of KernelSHAP and LIME (Captum's LimeBase): draw binary coalitions of features, weight
 * each scored copy, and fit a weighted linear surrogate per sample whose coefficients are the
 * features' attributions.
 */
import type { AnyModel } from '../../core/function-model.ts';
import type { ModelInput } from '../../core/input.ts';
import { seededRandom, type RandomSource } from '../../core/random.ts';
import type { Attribution } from '../../core/result.ts';
import type { EvaluationEstimator } from '../definition.ts';
import { resolveOptions } from '../schema.ts';
import type { PerturbationSettings } from '../perturbation/explain-by-perturbation.ts';
import { AUTO, resolveCount } from '../perturbation/auto-sizes.ts';
import { explainByFeatures, type SampleView } from './explain-by-features.ts';
import type { FeatureSettings } from './features.ts';
import { weightedLeastSquares } from './least-squares.ts';
import { estimateFeatures } from './sizes.ts';
import { surrogateAutoSamples, type surrogateSchema } from './surrogate-schema.ts';

/** How a surrogate method draws and weights its coalitions. */
export interface SurrogateDesign {
  /** `count` binary coalitions (1: the feature is kept) over `features` features. */
  draw(features: number, count: number, random: RandomSource): Uint8Array[];
  /** The weight of each coalition of one sample. */
  weights(coalitions: readonly Uint8Array[], sample: SampleView): Float64Array;
}

/** The options a surrogate method resolves. */
export type SurrogateSettings = PerturbationSettings & FeatureSettings & { readonly samples: number | typeof AUTO; readonly seed: number; readonly ridge: number };

/** Runs a surrogate method: maps with each feature's coefficient on all of its values. */
export function explainBySurrogate(model: AnyModel, input: ModelInput, settings: SurrogateSettings, method: string, design: SurrogateDesign): Promise<Attribution> {
  return explainByFeatures(
    model,
    input,
    settings,
    method,
    (features) => {
      const draws = design.draw(features, resolveCount(settings.samples, features, surrogateAutoSamples), seededRandom(settings.seed));
      return {
        count: draws.length,
        coalition: (k) => draws[k] as Uint8Array,
        attribute: (scores, sample) => weightedLeastSquares(draws, scores, design.weights(draws, sample), settings.ridge).coefficients,
      };
    },
    { samples: settings.samples, seed: settings.seed, ridge: settings.ridge },
  );
}

/** The registry's evaluation estimate of a surrogate method: its coalitions plus the original (undefined for a mask with 'auto'). */
export function surrogateEvaluations(schema: typeof surrogateSchema, method: string): EvaluationEstimator {
  return (shapes, options) => {
    const settings = resolveOptions(schema, options, method);
    const features = estimateFeatures(shapes, settings);
    return features === undefined && settings.samples === AUTO ? undefined : resolveCount(settings.samples, features ?? 0, surrogateAutoSamples) + 1;
  };
}
