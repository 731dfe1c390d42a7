/**
 * Deconvnet (Zeiler & Fergus 2014): the gradient where every ReLU passes back only positive
 * gradients, whatever its input, dx = dy [dy > 0] (keras-vis 'rectified' / 'deconv').
 */
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { defineRectifiedMethod, rectifiedSaliency, type RectifiedSaliencyOptions } from './rectified-saliency.ts';

/** Options of {@link deconvnet}: saliency's, without backpropModifier. */
export type DeconvnetOptions = RectifiedSaliencyOptions;

/** Deconvnet maps in the input's shape (or the `wrt` layer's). Default grad modifier 'none'. */
export function deconvnet(model: ExplainableModel | ModelAdapter, input: ModelInput, options: DeconvnetOptions = {}): Promise<Attribution> {
  return rectifiedSaliency(model, input, options, 'rectified', 'deconvnet');
}

/** Registry entry of {@link deconvnet}. */
export const deconvnetMethod = defineRectifiedMethod(
  { name: 'deconvnet', title: 'Deconvnet', summary: 'The gradient with ReLUs passing back only positive gradients.' },
  deconvnet,
);
