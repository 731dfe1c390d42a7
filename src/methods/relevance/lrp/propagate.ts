/**
 * One LRP pass: the executor runs the model once with every layer's output captured; the target's
 * relevance is its output times the objective's gradient there (the explained logit at its unit,
 * zero elsewhere); then the layer calls are visited in reverse, each passing the relevance at its
 * output to its inputs by its layer's rule (layer-rules.ts, linear-rules.ts), with a
 * BatchNormalization folded into the linear layer before it where that layer feeds only it.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../../core/errors.ts';
import type { ExplainContext } from '../../../core/explain.ts';
import type { RunResult } from '../../../core/executor.ts';
import { ruleFor, type LrpComposite } from './composites.ts';
import { sourceKey, type LayerCall, type LayerGraph, type Source } from './graph.ts';
import { parameterFreeRelevance, treatmentOf } from './layer-rules.ts';
import { foldNorm, linearOp, normOp } from './linear-layers.ts';
import { linearRelevance, type RuleParameters } from './linear-rules.ts';

/** A composite and the rules' parameters. */
export interface LrpSettings extends RuleParameters {
  readonly composite: LrpComposite;
}

/** The relevance entering one layer (summed per sample) and the rule it crossed by. */
export interface LayerRelevance {
  readonly layer: string;
  readonly rule: string;
  /** [N]: the relevance at the layer's output, summed per sample. */
  readonly sums: tf.Tensor1D;
}

/** What one pass computes. */
export interface LrpResult {
  /** Relevance per model input, shaped like it. */
  readonly maps: tf.Tensor[];
  readonly scores: tf.Tensor1D;
  readonly units?: tf.Tensor1D;
  /** In backward order, from the target to the first layer. */
  readonly layers: LayerRelevance[];
}

type Key = number | tf.layers.Layer;

/** BatchNormalization calls folded into the linear call before them: linear layer -> its norm. */
function foldedNorms(graph: LayerGraph): Map<tf.layers.Layer, tf.layers.Layer> {
  const readers = new Map<Key, number>();
  for (const source of [...graph.calls.flatMap((c) => c.inputs), ...graph.outputs]) readers.set(sourceKey(source), (readers.get(sourceKey(source)) ?? 0) + 1);
  const folds = new Map<tf.layers.Layer, tf.layers.Layer>();
  for (const call of graph.calls) {
    const source = call.inputs[0];
    if (treatmentOf(call.layer) !== 'batch-norm' || call.inputs.length !== 1 || !source || 'input' in source) continue;
    const linear = source.layer;
    const activation = (linear.getConfig() as { activation?: string }).activation ?? 'linear';
    if (treatmentOf(linear) === 'linear' && activation === 'linear' && readers.get(linear) === 1) folds.set(linear, call.layer);
  }
  return folds;
}

/** The initial relevance: each tensor the objective reads times the objective's gradient there. */
function targetRelevance(context: ExplainContext, graph: LayerGraph, run: RunResult) {
  const objective = context.objective;
  const layers = [...(objective.hooks.capture ?? [])].filter((key): key is tf.layers.Layer => key instanceof tf.layers.Layer);
  const reads = [...run.outputs, ...layers.map((l) => run.captured.get(l) as tf.Tensor)];
  const n = run.outputs.length;
  const score = (ts: tf.Tensor[]) => objective.score({ outputs: ts.slice(0, n), captured: new Map([...run.captured, ...layers.map((l, i) => [l, ts[n + i] as tf.Tensor] as const)]) });
  const grads = tf.grads((...ts: tf.Tensor[]) => tf.sum(score(ts).total))(reads);
  const sources: Source[] = [...graph.outputs, ...layers.map((layer) => ({ layer }))];
  return { relevance: reads.map((t, i) => [sources[i] as Source, tf.mul(t, grads[i] as tf.Tensor)] as const), ...score(reads) };
}

/** Relevance at the inputs of `call` from `r` at its output. */
function callRelevance(call: LayerCall, xs: tf.Tensor[], r: tf.Tensor, settings: LrpSettings, folds: Map<tf.layers.Layer, tf.layers.Layer>, first: boolean): { rule: string; relevance: tf.Tensor[] } {
  const treatment = treatmentOf(call.layer);
  const x = xs[0] as tf.Tensor;
  switch (treatment) {
    case 'linear': {
      const norm = folds.get(call.layer);
      const base = linearOp(call.layer);
      const op = norm ? foldNorm(base, norm) : base;
      const chosen = ruleFor(settings.composite, op.kind === 'dense' ? 'dense' : 'conv', first);
      const [alpha, beta] = chosen.alphaBeta ?? [settings.alpha, settings.beta];
      const rule = chosen.rule === 'alpha-beta' ? `alpha${alpha}-beta${beta}` : chosen.rule;
      return { rule: norm ? `${rule} (${norm.name} folded)` : rule, relevance: [linearRelevance(chosen.rule, op, x, r, { ...settings, alpha, beta })] };
    }
    case 'batch-norm':
      if ([...folds.values()].includes(call.layer)) return { rule: 'pass (folded)', relevance: [r] };
      return { rule: 'epsilon', relevance: [linearRelevance('epsilon', normOp(call.layer), x, r, settings)] };
    case 'pass':
      return { rule: 'pass', relevance: [tf.reshape(r, x.shape)] };
    case 'norm':
    case 'route':
      return { rule: treatment === 'norm' ? 'norm' : 'gradient', relevance: parameterFreeRelevance(treatment, call.layer, xs, r, settings.stabilizer) };
    default:
      throw new SaliencyError('UNSUPPORTED_MODEL', `LRP: no rule for layer '${call.layer.name}' (${call.layer.getClassName()})`);
  }
}

/** One LRP pass over `graph` for the context's input and objective. Call inside tf.tidy. */
export function lrpPass(context: ExplainContext, graph: LayerGraph, settings: LrpSettings): LrpResult {
  const { adapter, objective, input } = context;
  const capture = new Set([...(objective.hooks.capture ?? []), ...graph.calls.map((c) => c.layer)]);
  const run = adapter.run(input.tensors, { ...objective.hooks, capture });
  const valueOf = (s: Source): tf.Tensor => ('input' in s ? (input.tensors[s.input] as tf.Tensor) : (run.captured.get(s.layer) as tf.Tensor));
  const relevance = new Map<Key, tf.Tensor>();
  const add = (source: Source, r: tf.Tensor) => {
    const key = sourceKey(source);
    const previous = relevance.get(key);
    relevance.set(key, previous ? tf.add(previous, r) : r);
  };
  const start = targetRelevance(context, graph, run);
  start.relevance.forEach(([source, r]) => add(source, r));
  const folds = foldedNorms(graph);
  const firstLinear = graph.calls.find((c) => treatmentOf(c.layer) === 'linear')?.layer;
  const layers: LayerRelevance[] = [];
  const batch = input.batchSize;
  for (const call of [...graph.calls].reverse()) {
    const r = relevance.get(call.layer);
    if (!r) continue;
    const { rule, relevance: lower } = callRelevance(call, call.inputs.map(valueOf), r, settings, folds, call.layer === firstLinear);
    layers.push({ layer: call.layer.name, rule, sums: tf.sum(tf.reshape(r, [batch, -1]), 1) as tf.Tensor1D });
    lower.forEach((rIn, k) => add(call.inputs[k] as Source, rIn));
  }
  const maps = input.tensors.map((x, k) => relevance.get(k) ?? tf.zerosLike(x));
  return { maps, scores: start.total, ...(start.units ? { units: start.units } : {}), layers };
}
