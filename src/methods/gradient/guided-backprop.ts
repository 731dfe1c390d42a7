/**
 * Guided Backpropagation (Springenberg et al. 2015): the gradient where every ReLU passes back only
 * positive gradients at positive inputs, dx = dy [dy > 0] [x > 0] (keras-vis 'guided').
 */
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { defineRectifiedMethod, rectifiedSaliency, type RectifiedSaliencyOptions } from './rectified-saliency.ts';

/** Options of {@link guidedBackprop}: saliency's, without backpropModifier. */
export type GuidedBackpropOptions = RectifiedSaliencyOptions;

/** Guided backprop maps in the input's shape (or the `wrt` layer's). Default grad modifier 'none'. */
export function guidedBackprop(model: ExplainableModel | ModelAdapter, input: ModelInput, options: GuidedBackpropOptions = {}): Promise<Attribution> {
  return rectifiedSaliency(model, input, options, 'guided', 'guided-backprop');
}

/** Registry entry of {@link guidedBackprop}. */
export const guidedBackpropMethod = defineRectifiedMethod(
  { name: 'guided-backprop', title: 'Guided Backprop', summary: 'The gradient with ReLUs passing back only positive gradients at positive inputs.' },
  guidedBackprop,
);
