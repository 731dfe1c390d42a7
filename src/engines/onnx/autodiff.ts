/**
 * Reverse-mode autodiff over ONNX graphs: `buildGradientGraph(forward, spec)` returns one graph
 * that runs the forward pass and the backward pass from given seeds (dL/d`of`) down to the `wrt`
 * tensors, with one backward rule per op kind (backward/register.ts). It works on any OnnxGraph:
 * Keras models lowered by lower/ and graphs loaded from .onnx files alike. Browser-safe.
 */
import { BACKWARD_RULES, NON_DIFFERENTIABLE_OPS } from './backward/register.ts';
import { UnsupportedOpError, type BackwardRules } from './backward/types.ts';
import { GraphBuilder } from './graph/builder.ts';
import type { OnnxDim, OnnxGraph, OnnxNode } from './graph/types.ts';

/** What to differentiate. */
export interface GradientSpec {
  /** Tensors whose gradients are given as seeds (e.g. the logits). */
  readonly of: readonly string[];
  /** Names of the seed inputs to declare, one per `of` tensor, of that tensor's shape. */
  readonly seeds: readonly string[];
  /** Tensors to differentiate with respect to (graph inputs or intermediate tensors). */
  readonly wrt: readonly string[];
  /** Forward tensors to return as well (activations CAM methods read). Default none. */
  readonly captures?: readonly string[];
  /** Rule choices (guided / rectified rectifiers). Default plain gradients. */
  readonly rules?: BackwardRules;
  /**
   * Seeds computed inside the graph from the forward values instead of declared as inputs: by index
   * into `of`, a builder given the `of` tensor that returns the seed tensor. Default none.
   */
  readonly computedSeeds?: ReadonlyMap<number, (b: GraphBuilder, of: string) => string>;
}

/** The gradient graph and the names of its outputs. */
export interface GradientGraph {
  readonly graph: OnnxGraph;
  /** Output names of the gradients, one per `wrt` (null where `of` does not depend on it: a zero gradient). */
  readonly gradients: readonly (string | null)[];
  /** Rectifier nodes (Relu, Clip from 0) on the differentiated path: where a guided/rectified rule acts. */
  readonly rectifiers: number;
  /** Output names of the `of` tensors (forward values), one per `of`. */
  readonly of: readonly string[];
  /** Output names of the captured tensors, one per capture. */
  readonly captures: readonly string[];
}

/** Op kinds with a backward rule (what {@link unsupportedOps} checks against). */
export function differentiableOps(): readonly string[] {
  return Object.keys(BACKWARD_RULES);
}

/** The distinct op kinds on the path from `wrt` to `of` that have no backward rule. */
export function unsupportedOps(forward: OnnxGraph, of: readonly string[], wrt: readonly string[]): string[] {
  const path = pathNodes(forward.nodes, of, wrt);
  return [...new Set(path.filter((n) => !(n.op in BACKWARD_RULES)).map((n) => n.op))];
}

/**
 * Nodes that depend on `wrt` (through ops not in `skip`, default the ops no gradient flows through)
 * and lead to `of`, in graph order.
 */
export function pathNodes(nodes: readonly OnnxNode[], of: readonly string[], wrt: readonly string[], skip: ReadonlySet<string> = NON_DIFFERENTIABLE_OPS): OnnxNode[] {
  const reach = new Set(wrt);
  const forwardReach = nodes.filter((n) => {
    if (skip.has(n.op) || !n.inputs.some((i) => reach.has(i))) return false;
    n.outputs.forEach((o) => reach.add(o));
    return true;
  });
  const wanted = new Set(of);
  const path: OnnxNode[] = [];
  for (let i = forwardReach.length - 1; i >= 0; i--) {
    const n = forwardReach[i] as OnnxNode;
    if (!n.outputs.some((o) => wanted.has(o))) continue;
    n.inputs.forEach((x) => wanted.add(x));
    path.push(n);
  }
  return path.reverse();
}

/** Nodes needed to compute `targets` from the graph inputs, in graph order. */
function ancestors(nodes: readonly OnnxNode[], targets: Iterable<string>): OnnxNode[] {
  const wanted = new Set(targets);
  const kept: OnnxNode[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i] as OnnxNode;
    if (!n.outputs.some((o) => wanted.has(o))) continue;
    n.inputs.forEach((x) => wanted.add(x));
    kept.push(n);
  }
  return kept.reverse();
}

/**
 * One graph computing the forward pass, then `sum(seed_i * of_i)`'s gradient with respect to each
 * `wrt` tensor. Inputs: the forward graph's inputs, then the seeds. Outputs: the gradients, the
 * `of` values, the captures. Throws UnsupportedOpError naming the first op without a rule.
 */
export function buildGradientGraph(forward: OnnxGraph, spec: GradientSpec): GradientGraph {
  if (spec.of.length !== spec.seeds.length) throw new Error('buildGradientGraph: one seed per `of` tensor');
  const path = pathNodes(forward.nodes, spec.of, spec.wrt);
  const missing = path.find((n) => !(n.op in BACKWARD_RULES));
  if (missing) throw new UnsupportedOpError(missing, 'no backward rule for this op');
  const captures = spec.captures ?? [];
  const b = new GraphBuilder({ ...forward, nodes: [], outputs: [] });
  for (const n of ancestors(forward.nodes, [...spec.of, ...captures, ...spec.wrt, ...path.flatMap((n) => n.inputs)])) b.push(n);
  const reach = new Set(spec.wrt);
  path.forEach((n) => n.outputs.forEach((o) => reach.add(o)));
  const grads = new Map<string, string[]>();
  const add = (name: string, g: string): void => void (grads.get(name) ?? grads.set(name, []).get(name))?.push(g);
  spec.seeds.forEach((seed, i) => {
    const of = spec.of[i] as string;
    const computed = spec.computedSeeds?.get(i);
    add(of, computed ? computed(b, of) : b.input(seed, forward.shapes.get(of) ?? []));
  });
  const total = (name: string): string | null => {
    const list = grads.get(name);
    if (!list || list.length === 0) return null;
    const sum = list.length === 1 ? (list[0] as string) : b.op('Sum', list);
    grads.set(name, [sum]);
    return sum;
  };
  const rules = spec.rules ?? {};
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i] as OnnxNode;
    const dy = node.outputs.map(total);
    if (dy.every((g) => g === null)) continue;
    const needs = node.inputs.map((x) => x !== '' && reach.has(x));
    const rule = BACKWARD_RULES[node.op] as NonNullable<(typeof BACKWARD_RULES)[string]>;
    const dx = rule({
      b,
      node,
      dy,
      needs,
      rules,
      shape: (name) => b.shapes.get(name),
      constant: (name) => b.initializers.get(name),
      reaches: (name) => reach.has(name),
    });
    dx.forEach((g, k) => {
      if (g !== null && needs[k]) add(node.inputs[k] as string, g);
    });
  }
  const shapeOf = (name: string): readonly OnnxDim[] => forward.shapes.get(name) ?? [];
  const gradients = spec.wrt.map((w, i) => {
    const g = total(w);
    return g === null ? null : b.expose(g, `grad_${i}`, shapeOf(w));
  });
  const named = (list: readonly string[], prefix: string): string[] =>
    list.map((t, i) => b.expose(t, `${prefix}_${i}`, shapeOf(t)));
  const of = named(spec.of, 'of');
  const captured = named(captures, 'capture');
  const rectifiers = path.filter((n) => n.op === 'Relu' || (n.op === 'Clip' && b.initializers.get(n.inputs[1] ?? '')?.data[0] === 0)).length;
  return { graph: b.build(), gradients, of, captures: captured, rectifiers };
}
