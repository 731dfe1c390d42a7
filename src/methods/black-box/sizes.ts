/**
 * Size-aware counts of the black-box methods: how many features a sample has before any model runs
 * (for the 'auto' sample counts and the evaluation estimates the CLI prints), and the `samples`
 * option that takes 'auto' or a number.
 */
import { describeForm, rejectOption } from '../options.ts';
import { option } from '../schema.ts';
import { AUTO } from '../perturbation/auto-sizes.ts';
import type { FeatureSettings } from './features.ts';

/**
 * Features per sample of `shapes` under `settings`: the grid's cells over every input (a cell per
 * min(gridSize, side) positions per spatial axis; a sample without a channel axis is one spatial
 * axis), gridSize^2 per input for superpixels; undefined for a given mask (its ids decide).
 */
export function estimateFeatures(shapes: readonly (readonly number[])[], settings: Pick<FeatureSettings, 'featureMask' | 'features' | 'gridSize'>): number | undefined {
  if (settings.featureMask !== undefined) return undefined;
  if (settings.features !== 'grid') return shapes.length * settings.gridSize ** 2;
  return shapes.reduce((n, shape) => n + (shape.length > 1 ? shape.slice(0, -1) : shape).reduce((m, d) => m * Math.min(d, settings.gridSize), 1), 0);
}

/** A count option that takes 'auto' (from the number of features) or an integer in [min, max]. */
export function autoCountOption(doc: string, min: number, max: number) {
  const form = { kind: 'integer', min, max, step: 1 } as const;
  return option.custom<number | typeof AUTO, typeof AUTO>({
    doc,
    default: AUTO,
    form,
    check: (value, name) =>
      value === AUTO || (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
        ? (value as number | typeof AUTO)
        : rejectOption(name, value, `'${AUTO}' or ${describeForm(form)}`),
  });
}
