/**
 * Layer-wise Relevance Propagation (Bach et al. 2015; Montavon et al. 2019; rules and composites as
 * zennit and iNNvestigate define them): the explained logit is passed back layer by layer, each
 * linear layer splitting its relevance among its inputs by its rule. Conservation: with rules that
 * conserve (z-plus, alpha-beta, flat, w-square without biases; epsilon up to what biases and epsilon
 * absorb), the input relevance sums to the score; meta reports the sum at every layer.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from '../../core/errors.ts';
import { finishAttribution, openContext } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { objectiveForRows, unitsOfSamples } from '../../core/pinned.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';
import { downloadNumbers, type Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { refuseOwnRuleOverride, type RelevanceBaseOptions } from './own-rules.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { LRP_COMPOSITES } from './lrp/composites.ts';
import { layerGraph, type LayerGraph } from './lrp/graph.ts';
import { LRP_LAYERS, treatmentOf } from './lrp/layer-rules.ts';
import { lrpPass, type LrpResult } from './lrp/propagate.ts';

/** The options of {@link lrp}, declared once (see methods/schema.ts). */
export const lrpSchema = defineSchema({
  /** The rule per layer: one rule everywhere or a zennit preset (see LRP_COMPOSITES). Default 'epsilon-plus-flat'. */
  composite: option.choice(LRP_COMPOSITES, { default: 'epsilon-plus-flat', doc: 'Which rule each linear layer uses: one rule everywhere or a preset for CNNs.' }),
  /** The epsilon rule's stabiliser. Default 0.000001 (1e-6, zennit's). */
  epsilon: option.number({ default: 1e-6, min: 0, max: 10, doc: "The epsilon rule's stabiliser added to each denominator." }),
  /** The other rules' stabiliser. Default 0.000001 (1e-6, zennit's). */
  stabilizer: option.number({ default: 1e-6, min: 0, max: 1, doc: "The other rules' stabiliser (keeps denominators off zero)." }),
  /** The gamma rule's weight on positive contributions. Default 0.25 (zennit's). */
  gamma: option.number({ default: 0.25, min: 0, max: 100, step: 0.05, doc: "The gamma rule's extra weight on positive contributions." }),
  /** alpha of the alpha-beta composite; alpha - beta must be 1. Default 2. */
  alpha: option.number({ default: 2, min: 1, max: 100, doc: 'alpha of the alpha-beta rule (alpha - beta = 1).' }),
  /** beta of the alpha-beta composite. Default 1. */
  beta: option.number({ default: 1, min: 0, max: 99, doc: 'beta of the alpha-beta rule.' }),
  /** z-box's lowest input value (epsilon-gamma-box's first layer). Default 0. */
  low: option.number({ default: 0, min: -1e6, max: 1e6, doc: "z-box: the lowest input value (the inputs' range)." }),
  /** z-box's highest input value. Default 1. */
  high: option.number({ default: 1, min: -1e6, max: 1e6, doc: "z-box: the highest input value (the inputs' range)." }),
  /** Samples per pass; bounds memory. Default 32. */
  internalBatchSize: option.integer({ default: 32, min: 1, max: 4096, doc: 'Samples per pass (bounds memory).' }),
});

/** Options of {@link lrp}. */
export interface LrpOptions extends RelevanceBaseOptions, LongRunningOptions, SchemaOptions<typeof lrpSchema> {}

function checkedGraph(model: tf.LayersModel): LayerGraph {
  const graph = layerGraph(model);
  const missing = graph.calls.filter((c) => treatmentOf(c.layer) === undefined).map((c) => `'${c.layer.name}' (${c.layer.getClassName()})`);
  if (missing.length > 0) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `LRP has no rule for layer(s) ${missing.join(', ')}; rules exist for ${LRP_LAYERS.join(', ')}`);
  }
  return graph;
}

/**
 * LRP relevance maps in the input's shape. meta.extra: `composite`, `rules` (layer -> rule),
 * `conservation` (per layer from the target down: the relevance entering it, per sample), `delta`
 * (score - sum of the input relevance per sample) and `relevanceSum`.
 */
export async function lrp(model: ExplainableModel | ModelAdapter, input: ModelInput, options: LrpOptions = {}): Promise<Attribution> {
  const settings = resolveOptions(lrpSchema, options, 'lrp');
  refuseOwnRuleOverride(options, 'lrp');
  check(Math.abs(settings.alpha - settings.beta - 1) < 1e-9, 'alpha', `alpha - beta must be 1 (relevance is conserved), got alpha ${settings.alpha}, beta ${settings.beta}`);
  check(settings.low < settings.high, 'low', `must be below high (${settings.high}), got ${settings.low}`);
  const context = openContext(model, input, options);
  const parts: LrpResult[] = [];
  try {
    const layersModel = context.adapter.model;
    if (!(layersModel instanceof tf.LayersModel)) throw new SaliencyError('UNSUPPORTED_MODEL', 'LRP needs a tf.LayersModel (it walks the layers); this is a tf.GraphModel', 'model');
    const graph = checkedGraph(layersModel);
    const batch = context.input.batchSize;
    const units = batch > settings.internalBatchSize ? await unitsOfSamples(context) : undefined;
    const objectiveSlice = (start: number, size: number) =>
      size === batch ? context.objective : objectiveForRows(context, Array.from({ length: size }, (_, i) => start + i), units);
    for (let start = 0; start < batch; start += settings.internalBatchSize) {
      const size = Math.min(settings.internalBatchSize, batch - start);
      const slice = { ...context, input: { ...context.input, batchSize: size, tensors: context.input.tensors.map((t) => tf.slice(t, start, size)) } };
      try {
        // tidy keeps every tensor in the returned object (the layer names beside them are plain strings).
        parts.push(tf.tidy(() => lrpPass({ ...slice, objective: objectiveSlice(start, size) }, graph, settings) as unknown as tf.TensorContainer) as unknown as LrpResult);
      } finally {
        slice.input.tensors.forEach((t) => t.dispose());
      }
      await reportProgress(options, start + size, batch);
    }
    return await finish(context, parts, settings.composite);
  } finally {
    parts.forEach((p) => tf.dispose([...p.maps, p.scores, ...(p.units ? [p.units] : []), ...p.layers.map((l) => l.sums)]));
    context.dispose();
  }
}

/** Concatenates the passes' tensors into the result and its conservation report. */
async function finish(context: ReturnType<typeof openContext>, parts: readonly LrpResult[], composite: string): Promise<Attribution> {
  const first = parts[0] as LrpResult;
  const layers = await Promise.all(
    first.layers.map(async (layer, i) => ({
      layer: layer.layer,
      rule: layer.rule,
      sums: (await Promise.all(parts.map((p) => downloadNumbers(tf.clone((p.layers[i] as LrpResult['layers'][number]).sums))))).flatMap((v) => v ?? []),
    })),
  );
  const computed = tf.tidy(() => {
    const maps = first.maps.map((_, k) => tf.concat(parts.map((p) => p.maps[k] as tf.Tensor), 0));
    const scores = tf.concat(parts.map((p) => p.scores)) as tf.Tensor1D;
    return first.units ? { maps, scores, units: tf.concat(parts.map((p) => p.units as tf.Tensor1D)) as tf.Tensor1D } : { maps, scores };
  });
  const relevanceSum = (await downloadNumbers(tf.tidy(() => tf.addN(computed.maps.map((m) => tf.sum(tf.reshape(m, [m.shape[0] as number, -1]), 1)))))) ?? [];
  const result = await finishAttribution(context, computed, { method: 'lrp', wrt: 'input', gradModifier: 'none' });
  const delta = result.meta.scores.map((s, i) => s - (relevanceSum[i] as number));
  const rules = Object.fromEntries(layers.map((l) => [l.layer, l.rule]));
  const extra = { composite, rules, conservation: layers, relevanceSum, delta };
  return { ...result, meta: { ...result.meta, extra: { ...result.meta.extra, ...extra } } };
}

/** Registry entry of {@link lrp}. */
export const lrpMethod = defineMethod(
  {
    name: 'lrp',
    evaluations: () => 2,
    title: 'LRP',
    family: 'relevance',
    summary: 'Layer-wise relevance propagation: the logit passed back layer by layer, split among inputs by per-layer rules (composite).',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
  },
  lrpSchema,
  lrp,
);
