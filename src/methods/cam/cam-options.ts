/** The options every CAM method shares, their defaults and their registry specs. */
import type { ExplainOptions } from '../../core/explain.ts';
import type { LayerRef } from '../../core/layers.ts';
import type { OptionSpec } from '../options.ts';
import { DEFAULT_UPSAMPLE, UPSAMPLE_MODES, type UpsampleMode } from './upsample.ts';

/** Options every CAM method takes. */
export interface CamOptions extends ExplainOptions {
  /**
   * The layer whose activations the map is made of, by index, name, nested path or object. Default:
   * the nearest layer before the target whose output is a map with every spatial size above 1,
   * searched inside nested models too.
   */
  readonly layer?: LayerRef;
  /** How the map is brought to the input's size. Default `'bilinear'` (half-pixel centres); `'none'` keeps the layer's resolution. */
  readonly upsample?: UpsampleMode;
  /** Apply a ReLU to the map, keeping what speaks for the target (the papers, tf-keras-vis). Default true (Captum: false). */
  readonly relu?: boolean;
}

/** The default of {@link CamOptions.relu}. */
export const DEFAULT_CAM_RELU = true;

/** The option specs of {@link CamOptions}, for the registry. */
export const CAM_OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'layer', kind: 'layer', default: null, description: 'Layer whose activations form the map; default: the nearest spatial layer before the target.' },
  { name: 'upsample', kind: 'choice', default: DEFAULT_UPSAMPLE, choices: UPSAMPLE_MODES, description: 'Resize the map to the input: bilinear (half-pixel), align-corners, or none.' },
  { name: 'relu', kind: 'boolean', default: DEFAULT_CAM_RELU, description: 'Keep only the positive part of the map.' },
];

