/** Option declarations several metrics share: rows per model call and the seed of random draws. */
import { option } from '../methods/schema.ts';

/** The `batchSize` option: rows (perturbed copies, or maps to explain) per model call. Default 64. */
export const batchSizeOption = option.integer({ default: 64, min: 1, max: 4096, doc: 'Rows (perturbed copies) run through the model per call: larger is faster, smaller needs less memory.' });

/** The `seed` option of randomised metrics: default 0, as the methods' seeds. */
export function seedOption(doc: string) {
  return option.integer({ default: 0, doc });
}
