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

/**
 * pytorch-grad-cam's two smoothing options, spread into the schema of every CAM whose map is a sum of
 * weighted activation channels (all but Guided Grad-CAM).
 */
export const camSmoothSchema = defineSchema({
  /**
   * Replace the sum over channels of the weighted activations with their projection on the first
   * principal component (pytorch-grad-cam `eigen_smooth`): less noise, and no longer a sum of
   * contributions. Default false.
   */
  eigenSmooth: option.boolean({ default: false, doc: 'Project the weighted activations on their first principal component instead of summing channels.' }),
  /**
   * Average the maps of 6 test-time augmentations (horizontal flip or not x brightness 0.9, 1, 1.1),
   * each flipped back and min-max scaled to [0, 1] first (pytorch-grad-cam `aug_smooth`). Every copy
   * explains the unit its original sample explains. Default false.
   */
  augSmooth: option.boolean({ default: false, doc: 'Average the maps of flipped and brightness-scaled copies (6 runs), each scaled to [0, 1].' }),
});

/** The smoothing options of {@link camSmoothSchema}. */
export type CamSmoothOptions = SchemaOptions<typeof camSmoothSchema>;

/** Options every CAM method takes. */
export interface CamOptions extends ExplainOptions, SchemaOptions<typeof camSchema> {}

/** The CAM options once checked and defaulted, with the common ones: what the CAM frame (cam-call.ts) works with. */
export type CamSettings = ExplainOptions & ResolvedOptions<typeof camSchema> & { readonly eigenSmooth?: boolean };
