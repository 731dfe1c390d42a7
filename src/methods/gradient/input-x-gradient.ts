/**
 * Input x Gradient (Shrikumar et al. 2016): the input times the gradient of the target, element by
 * element; with `wrt`, a layer's activation times the gradient there (Captum's
 * LayerGradientXActivation). For a linear model without bias the map sums to the score.
 */
import * as tf from '@tensorflow/tfjs';
import { finishAttribution, openContext, type ExplainOptions } from '../../core/explain.ts';
import { computeGradients } from '../../core/gradients.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';

/** The options of {@link inputXGradient}, declared once (see methods/schema.ts). */
export const inputXGradientSchema = defineSchema({
  /** Multiply this layer's output by the gradient there instead of the input (Captum's LayerGradientXActivation). Default: the input. */
  wrt: option.layer({ doc: "Multiply a layer's output by the gradient there instead of the input." }),
});

/** Options of {@link inputXGradient}. */
export interface InputXGradientOptions extends ExplainOptions, SchemaOptions<typeof inputXGradientSchema> {}

/** x * df/dx for every model input (or A * df/dA for the `wrt` layer), one map per sample. */
export async function inputXGradient(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: InputXGradientOptions = {},
): Promise<Attribution> {
  const settings = resolveOptions(inputXGradientSchema, options, 'input-x-gradient');
  const context = openContext(model, input, options);
  try {
    const wrt = settings.wrt === undefined ? undefined : context.adapter.layer(settings.wrt, 'wrt');
    const computed = tf.tidy(() => {
      const result = computeGradients(context, context.input.tensors, wrt ? { wrt } : {});
      const factors = result.activation ? [result.activation] : context.input.tensors;
      const maps = result.gradients.map((g, k) => tf.mul(g, factors[k] as tf.Tensor));
      return result.units ? { maps, scores: result.scores, units: result.units } : { maps, scores: result.scores };
    });
    return await finishAttribution(
      context,
      computed,
      { method: 'input-x-gradient', wrt: wrt ? wrt.path.join('/') : 'input', gradModifier: 'none' },
      { checkGradientPath: true },
    );
  } finally {
    context.dispose();
  }
}

/** Registry entry of {@link inputXGradient}. */
export const inputXGradientMethod = defineMethod(
  {
    name: 'input-x-gradient',
    title: 'Input × Gradient',
    family: 'gradient',
    summary: 'Each input value times the gradient of the target with respect to it.',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
  },
  inputXGradientSchema,
  inputXGradient,
);
