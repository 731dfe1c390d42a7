/** The option every path method (Integrated Gradients, Blur IG, GradientSHAP) shares: how many rows per model call. */
import { defineSchema, option } from '../schema.ts';

/** Declared once here, spread into each path method's schema. */
export const pathSchema = defineSchema({
  /** Rows (points x samples) evaluated per model call; bounds memory. Default 64. */
  internalBatchSize: option.integer({ default: 64, min: 1, max: 4096, doc: 'Points evaluated per model call (bounds memory).' }),
});
