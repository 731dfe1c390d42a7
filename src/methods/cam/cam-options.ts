/** The options every CAM method shares, declared once (see methods/schema.ts). */
import type { ExplainOptions } from '../../core/explain.ts';
import { defineSchema, option, type ResolvedOptions, type SchemaOptions } from '../schema.ts';
import { UPSAMPLE_MODES } from './upsample.ts';

/** The schema every CAM method's own schema starts from. */
export const camSchema = defineSchema({
  /**
   * The layer whose activations the map is made of, by index, name, nested path or object. Default:
   * the nearest layer before the target whose output is a map with every spatial size above 1,
   * searched inside nested models too.
   */
  layer: option.layer({ doc: 'Layer whose activations form the map; default: the nearest spatial layer before the target.' }),
  /** How the map is brought to the input's size. Default `'bilinear'` (half-pixel centres); `'none'` keeps the layer's resolution. */
  upsample: option.choice(UPSAMPLE_MODES, { default: 'bilinear', doc: 'Resize the map to the input: bilinear (half-pixel), align-corners, or none.' }),
  /** Apply a ReLU to the map, keeping what speaks for the target (the papers, tf-keras-vis). Default true (Captum: false). */
  relu: option.boolean({ default: true, doc: 'Keep only the positive part of the map.' }),
});

/** Options every CAM method takes. */
export interface CamOptions extends ExplainOptions, SchemaOptions<typeof camSchema> {}

/** The CAM options once checked and defaulted, with the common ones: what the CAM frame (cam-call.ts) works with. */
export type CamSettings = ExplainOptions & ResolvedOptions<typeof camSchema>;
