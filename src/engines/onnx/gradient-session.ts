/**
 * One gradient graph of a lowered model compiled to a runtime session: forward and backward in one
 * graph, seeds fed as inputs `seed_i` (or computed inside the graph from the forward values, as the
 * largest-unit seed of the predicted class), the `wrt` gradient returned in Keras's NHWC layout (a
 * Transpose inside the graph when it is taken in the graph's NCHW layout), the `of` values and the
 * `wrt` layer's activation as further outputs. Browser-safe (the runtime is passed in).
 */
import { buildGradientGraph } from './autodiff.ts';
import type { BackwardRules } from './backward/types.ts';
import { GraphBuilder } from './graph/builder.ts';
import { toModelBytes } from './graph/model-proto.ts';
import type { LoweredModel } from './lower/lower-model.ts';
import type { OnnxRuntime, RuntimeSession } from './runtime.ts';

/** A compiled gradient graph and the names of its outputs. */
export interface GradientSession {
  readonly session: RuntimeSession;
  /** Output names of the gradients (NHWC), one per `wrt` tensor; null for a zero gradient. */
  readonly gradients: readonly (string | null)[];
  /** Output names of the `of` values. */
  readonly of: readonly string[];
  /** Output name of the `wrt` layer's activation (Keras layout), when gradients are taken at a layer. */
  readonly activation: string | null;
  /** Rectifiers on the differentiated path. */
  readonly rectifiers: number;
}

/** Compiles the gradient of `of`'s seeded sum with respect to the lowered model's inputs or `wrt` layer. */
export function compileGradientSession(
  lowered: LoweredModel,
  of: readonly string[],
  rules: BackwardRules,
  runtime: OnnxRuntime,
  threads: number,
  computedSeeds?: ReadonlyMap<number, (b: GraphBuilder, of: string) => string>,
): GradientSession {
  const wrt = lowered.wrt ? [lowered.wrt.name] : lowered.inputs;
  const captures = lowered.wrtActivation ? [lowered.wrtActivation] : [];
  const grad = buildGradientGraph(lowered.graph, {
    of, seeds: of.map((_, i) => `seed_${i}`), wrt, rules, captures, ...(computedSeeds ? { computedSeeds } : {}),
  });
  const nchw = lowered.wrt?.layout === 'nchw';
  const b = new GraphBuilder({ ...grad.graph, outputs: nchw ? grad.graph.outputs.filter((o) => !grad.gradients.includes(o.name)) : grad.graph.outputs });
  const gradients = grad.gradients.map((g) => (g !== null && nchw ? b.expose(b.op('Transpose', [g], { perm: [0, 2, 3, 1] }), 'grad_nhwc') : g));
  const session = runtime.createSession(toModelBytes(b.build()), { threads });
  return { session, gradients, of: grad.of, activation: grad.captures[0] ?? null, rectifiers: grad.rectifiers };
}

/**
 * The seed of `weight` times the largest unit per sample of a rank-2 tensor of `units` units: weight
 * at the first maximum (ArgMax's first index, as tf.argMax), 0 elsewhere.
 */
export function maximumSeed(units: number, weight: number): (b: GraphBuilder, of: string) => string {
  return (b, of) => {
    const first = b.op('ArgMax', [of], { axis: 1, keepdims: 1, select_last_index: 0 });
    const chosen = b.op('Equal', [first, b.ints(Array.from({ length: units }, (_, i) => i), 'unit_index')]);
    return b.op('Where', [chosen, b.scalar(weight), b.scalar(0)]);
  };
}
