/**
 * The methods a saliency card compares: keras-vis's vanilla / guided / rectified saliency, then
 * every other registered method that fits the model (read from the registry at run time), each
 * with the demo's cost settings.
 */
import { getMethod } from '../src/index.ts';
import type { BundledModel } from './bundled-models.ts';
import { methodsByFamily } from './method-lineup.ts';
import type { MethodRun } from './method-rows.ts';
import { KERAS_VIS_SALIENCY_ROWS } from './mnist-section.ts';
import { demoMethodOptions, type DemoSettings } from './settings.ts';

/** The runs of a card on `bundle` (options without a target: the card sets one per sample). */
export function cardLineup(bundle: BundledModel, settings: DemoSettings): MethodRun[] {
  const saliency = getMethod('saliency');
  return [
    ...KERAS_VIS_SALIENCY_ROWS.map(({ label, backpropModifier }) => ({ label, definition: saliency, options: backpropModifier ? { backpropModifier } : {} })),
    ...methodsByFamily(bundle.adapter, ['saliency']).flatMap(([, methods]) =>
      methods.map((definition) => ({ label: definition.name, definition, options: demoMethodOptions(definition, settings) })),
    ),
  ];
}
