/**
 * Input x Gradient (Shrikumar et al. 2016): the input times the gradient of the target, element by
 * element; with `wrt`, a layer's activation times the gradient there (Captum's
 * LayerGradientXActivation). For a linear model without bias the map sums to the score.
 */
import * as tf from '@tensorflow/tfjs';
import { finishAttribution, openContext, type ExplainOptions } from '../../core/explain.ts';
import { computeGradients } from '../../core/gradients.ts';
import type { ModelInput } from '../../core/input.ts';
import type { LayerRef } from '../../core/layers.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';

/** Options of {@link inputXGradient}. */
export interface InputXGradientOptions extends ExplainOptions {
  /** Multiply this layer's output by the gradient there instead of the input. Default: the input. */
  readonly wrt?: LayerRef;
}

/** x * df/dx for every model input (or A * df/dA for the `wrt` layer), one map per sample. */
export async function inputXGradient(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: InputXGradientOptions = {},
): Promise<Attribution> {
  const context = openContext(model, input, options);
  try {
    const wrt = options.wrt === undefined ? undefined : context.adapter.layer(options.wrt, 'wrt');
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
export const inputXGradientMethod = defineMethod<InputXGradientOptions>(
  {
    name: 'input-x-gradient',
    title: 'Input × Gradient',
    family: 'gradient',
    summary: 'Each input value times the gradient of the target with respect to it.',
    options: [{ name: 'wrt', kind: 'layer', default: null, description: "Multiply a layer's output by the gradient there instead of the input." }],
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
  },
  inputXGradient,
);
