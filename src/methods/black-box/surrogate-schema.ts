/** The options KernelSHAP and LIME share, declared once (see methods/schema.ts). */
import { defineSchema, option } from '../schema.ts';
import { perturbationSchema } from '../perturbation/explain-by-perturbation.ts';
import { featureSchema } from './features.ts';
import { autoCountOption } from './sizes.ts';

/** The 'auto' coalitions of KernelSHAP and LIME for M features: 2 M + 256 (SHAP's 2 M + 2048, cut for speed; 384 on the 8x8 grid). */
export const surrogateAutoSamples = (features: number): number => 2 * features + 256;

/** The options of the surrogate methods, KernelSHAP and LIME (see methods/schema.ts). */
export const surrogateSchema = defineSchema({
  ...featureSchema,
  /** Coalitions scored per sample. Default 'auto': 2 x features + 256 (384 on the default 8x8 grid). */
  samples: autoCountOption("Coalitions scored per sample; 'auto': 2 x features + 256 (384 on the default 8x8 grid).", 2, 1_000_000),
  /** Ridge penalty of the surrogate's coefficients (the intercept is free). Default 0: plain weighted least squares. */
  ridge: option.number({ default: 0, min: 0, max: 1e6, doc: 'Ridge penalty of the surrogate linear model (0: weighted least squares).' }),
  /** Seed of the coalitions; the same seed gives the same coalitions for every sample. Default 0. */
  seed: option.integer({ default: 0, doc: 'Seed of the random coalitions.' }),
  ...perturbationSchema,
});
