/**
 * Vanilla saliency (Simonyan et al. 2014): the gradient of the target score with respect to the
 * input, raw and signed unless a grad modifier says otherwise. The layer every other gradient
 * method and the keras-vis functions build on.
 */
import * as tf from '@tensorflow/tfjs';
import { finishAttribution, openContext, type ExplainOptions } from '../../core/explain.ts';
import { computeGradients } from '../../core/gradients.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { applyGradModifier } from '../../core/modifiers.ts';
import { defineMethod } from '../definition.ts';
import type { Attribution } from '../../core/result.ts';
import type { ObjectiveTerm } from '../../core/objective.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { gradModifierOption } from '../shared-options.ts';

/** The options of {@link saliency}, declared once (see methods/schema.ts). */
export const saliencySchema = defineSchema({
  /** Applied to the raw gradient: a name (see applyGradModifier), null (= 'none') or a function tensor -> tensor. Default 'none' (signed gradients). */
  gradModifier: gradModifierOption('Applied to the raw gradient.'),
  /** Take the gradient with respect to this layer's output instead of the input (keras-vis `wrt_tensor`). Default: the input. */
  wrt: option.layer({ doc: 'Take the gradient with respect to this layer instead of the input.' }),
});

/** Options of {@link saliency}. */
export interface SaliencyOptions extends ExplainOptions, SchemaOptions<typeof saliencySchema> {}

/**
 * Gradient of the target with respect to each model input (or the `wrt` layer), one map per sample
 * in the input's shape. Errors name the argument at fault; a model with no differentiable path to
 * the input is reported (code NO_GRADIENT) instead of returning a blank map.
 */
export async function saliency(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: SaliencyOptions = {},
): Promise<Attribution> {
  return saliencyOfTerms(model, input, options);
}

/** {@link saliency} of a weighted sum of targets (`terms`), as keras-vis's losses need. */
export async function saliencyOfTerms(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: SaliencyOptions,
  terms?: readonly ObjectiveTerm[],
): Promise<Attribution> {
  const { wrt: wrtRef, gradModifier: modifier } = resolveOptions(saliencySchema, options, 'saliency');
  const context = openContext(model, input, options, terms);
  try {
    const wrt = wrtRef === undefined ? undefined : context.adapter.layer(wrtRef, 'wrt');
    const computed = tf.tidy(() => {
      const result = computeGradients(context, context.input.tensors, wrt ? { wrt } : {});
      const maps = result.gradients.map((g) => applyGradModifier(g, modifier));
      return result.units ? { maps, scores: result.scores, units: result.units } : { maps, scores: result.scores };
    });
    return await finishAttribution(
      context,
      computed,
      {
        method: 'saliency',
        wrt: wrt ? wrt.path.join('/') : 'input',
        gradModifier: typeof modifier === 'function' ? 'custom' : (modifier ?? 'none'),
      },
      { checkGradientPath: modifier === null || ['none', 'absolute', 'negate'].includes(modifier as string) },
    );
  } finally {
    context.dispose();
  }
}

/** Registry entry of {@link saliency}. */
export const saliencyMethod = defineMethod(
  {
    name: 'saliency',
    title: 'Saliency (vanilla gradient)',
    family: 'gradient',
    summary: 'The gradient of the target score with respect to each input value.',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
  },
  saliencySchema,
  saliency,
);
