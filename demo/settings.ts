/**
 * How big the demo is: the full run (`saliency demo`, about a minute on 2 cores) or the reduced
 * `--quick` run the test suite uses, and the method settings each uses on the small demo models.
 */
import type { MethodDefinition } from '../src/index.ts';

/** What one demo run computes. */
export interface DemoSettings {
  /** True for the reduced `--quick` run. */
  readonly quick: boolean;
  /** Conv filters explained per conv layer (the most active ones on the chosen digits). */
  readonly filtersPerLayer: number;
  /** Digits shown for each explained conv filter. */
  readonly filterDigits: number;
  /** Road scenes of the steering section. */
  readonly roadScenes: number;
  /** Digits with their own class's mark in the shortcut section (explained by both models). */
  readonly shortcutDigits: number;
  /** Digits with another class's mark in the shortcut section. */
  readonly conflictingDigits: number;
  /** Side in pixels of each digit picture in the figures. */
  readonly cellSize: number;
  /** Side in pixels of each road scene picture. */
  readonly sceneSize: number;
  /** Digits each saliency card scores every method on. */
  readonly cardDigits: number;
  /** Steps of the cards' deletion and insertion curves. */
  readonly cardSteps: number;
}

/** The full demo: every method at demo settings, 4 filters of each conv layer on 3 digits, 5 road scenes, 10 + 5 marked digits, cards on 3 digits with 28-step curves. */
export const FULL_DEMO: DemoSettings = { quick: false, filtersPerLayer: 4, filterDigits: 3, roadScenes: 5, shortcutDigits: 10, conflictingDigits: 5, cellSize: 84, sceneSize: 128, cardDigits: 3, cardSteps: 28 };

/** The reduced demo of `--quick` (a few seconds): small method settings, 2 filters per layer, 2 road scenes, 3 + 2 marked digits, cards on 2 digits with 7-step curves. */
export const QUICK_DEMO: DemoSettings = { quick: true, filtersPerLayer: 2, filterDigits: 2, roadScenes: 2, shortcutDigits: 3, conflictingDigits: 2, cellSize: 56, sceneSize: 64, cardDigits: 2, cardSteps: 7 };

/**
 * Demo values of the options that set a method's cost, by option name, applied to every registered
 * method that declares the option (so methods added later are covered when they reuse these names).
 * Full values are sized for 28 x 28 digits and 64 x 64 road scenes, not for the methods' defaults
 * (e.g. RISE's 4,000 masks for ImageNet-sized inputs).
 */
export const DEMO_METHOD_OPTIONS: Readonly<Record<string, { readonly full: number; readonly quick: number }>> = {
  masks: { full: 300, quick: 24 },
  steps: { full: 16, quick: 4 },
  samples: { full: 8, quick: 2 },
  window: { full: 6, quick: 7 },
  stride: { full: 2, quick: 7 },
  patchSize: { full: 4, quick: 7 },
  maxN: { full: 32, quick: 4 },
  designs: { full: 16, quick: 4 },
  permutations: { full: 4, quick: 1 },
  segmentationSize: { full: 112, quick: 56 },
};

/** The options from {@link DEMO_METHOD_OPTIONS} that `definition` declares, within its bounds. */
export function demoMethodOptions(definition: MethodDefinition, settings: DemoSettings): Record<string, number> {
  const options: Record<string, number> = {};
  for (const spec of definition.options) {
    const values = DEMO_METHOD_OPTIONS[spec.name];
    if (!values || (spec.kind !== 'integer' && spec.kind !== 'number')) continue;
    const wanted = settings.quick ? values.quick : values.full;
    options[spec.name] = Math.min(spec.max ?? Infinity, Math.max(spec.min ?? -Infinity, wanted));
  }
  return options;
}
