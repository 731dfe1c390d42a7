/** The options KernelSHAP and LIME share, declared once (see methods/schema.ts). */
import { defineSchema, option } from '../schema.ts';
import { perturbationSchema } from '../perturbation/explain-by-perturbation.ts';
import { featureSchema } from './features.ts';
import { autoCountOption } from './sizes.ts';

/** Builds the schema of a surrogate method whose 'auto' sample count `autoDoc` describes. */
export function surrogateSchema(autoDoc: string) {
  return defineSchema({
    ...featureSchema,
    /** Coalitions scored per sample; 'auto' as `autoDoc` says. */
    samples: autoCountOption(`Coalitions scored per sample; 'auto': ${autoDoc}.`, 2, 1_000_000),
    /** Ridge penalty of the surrogate's coefficients (the intercept is free). Default 0: plain weighted least squares. */
    ridge: option.number({ default: 0, min: 0, max: 1e6, doc: 'Ridge penalty of the surrogate linear model (0: weighted least squares).' }),
    /** Seed of the coalitions; the same seed gives the same coalitions for every sample. Default 0. */
    seed: option.integer({ default: 0, doc: 'Seed of the random coalitions.' }),
    ...perturbationSchema,
  });
}

