/** Saliency under a fixed backprop rule: what Guided Backprop and Deconvnet are. */
import { check } from '../../core/errors.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod, type MethodDefinition } from '../definition.ts';
import { resolveOptions } from '../schema.ts';
import { saliency, saliencySchema, type SaliencyOptions } from './saliency.ts';

/** Saliency options without the backprop modifier, which the method fixes. */
export type RectifiedSaliencyOptions = Omit<SaliencyOptions, 'backpropModifier'>;

/** {@link saliency} with backpropModifier `rule`, reported as method `name`. */
export async function rectifiedSaliency(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: RectifiedSaliencyOptions,
  rule: 'guided' | 'rectified',
  name: string,
): Promise<Attribution> {
  resolveOptions(saliencySchema, options, name);
  const given = (options as SaliencyOptions).backpropModifier;
  check(given === undefined || given === null, 'backpropModifier', `${name} sets it to '${rule}'; leave it out or use 'saliency'`);
  const result = await saliency(model, input, { ...options, backpropModifier: rule });
  return { ...result, meta: { ...result.meta, method: name } };
}

/** The registry entry of a rectified saliency method: saliency's options (gradModifier, wrt). */
export function defineRectifiedMethod(
  description: Pick<MethodDefinition, 'name' | 'title' | 'summary'>,
  run: (model: ExplainableModel | ModelAdapter, input: ModelInput, options: RectifiedSaliencyOptions) => Promise<Attribution>,
): MethodDefinition<typeof saliencySchema> {
  const shared = { family: 'gradient', mapShape: 'input', randomized: false, needsSpatialLayer: false, takesBackpropModifier: false } as const;
  return defineMethod({ ...description, ...shared }, saliencySchema, run);
}
