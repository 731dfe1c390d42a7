/**
 * The inside of a tf.GraphModel as a layer table: every op node between the inputs and the outputs,
 * in topological order, with the op as its class and its output shape from one probe run at batch
 * 1 (or the model's fixed batch). Graph models from the TF.js converter name nodes by Keras layer
 * scope ('conv2d/Relu'), so a layer name ('conv2d') finds the last node of its scope.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, listForMessage } from './errors.ts';
import { GraphModelNode } from './graph-node.ts';
import type { LayerInfo, LayerRef } from './layers.ts';

/** What the converter's executor keeps of a node (tfjs-converter's operations/types Node). */
interface ConverterNode {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly ConverterNode[];
  readonly children: readonly ConverterNode[];
}

/** The converter's graph of `model` (a private field of tf.GraphModel, read in this one place). */
function converterGraph(model: tf.GraphModel): { nodes: Record<string, ConverterNode>; inputs: ConverterNode[]; outputs: ConverterNode[] } {
  const graph = (model as unknown as { executor?: { graph?: { nodes?: unknown; inputs?: unknown; outputs?: unknown } } }).executor?.graph;
  if (!graph || typeof graph.nodes !== 'object' || !Array.isArray(graph.inputs) || !Array.isArray(graph.outputs)) {
    throw new SaliencyError('UNSUPPORTED_MODEL', 'model: this tf.GraphModel does not expose its node graph (an unknown tfjs-converter version); its inner layers cannot be listed');
  }
  return graph as { nodes: Record<string, ConverterNode>; inputs: ConverterNode[]; outputs: ConverterNode[] };
}

/** Ops that are not layers: weights, inputs and bookkeeping. */
const SKIPPED_OPS = new Set(['Const', 'Placeholder', 'NoOp', 'PlaceholderWithDefault']);

/** Nodes downstream of an input and upstream of an output, in topological order (ties in file order). */
function innerNodes(model: tf.GraphModel): ConverterNode[] {
  const graph = converterGraph(model);
  const all = Object.values(graph.nodes);
  const reach = (starts: readonly ConverterNode[], next: (n: ConverterNode) => readonly ConverterNode[]): Set<ConverterNode> => {
    const seen = new Set<ConverterNode>(starts);
    const stack = [...starts];
    while (stack.length > 0) for (const n of next(stack.pop() as ConverterNode)) if (!seen.has(n)) (seen.add(n), stack.push(n));
    return seen;
  };
  const fromInputs = reach(graph.inputs, (n) => n.children);
  const toOutputs = reach(graph.outputs, (n) => n.inputs);
  const kept = all.filter((n) => fromInputs.has(n) && toOutputs.has(n) && !SKIPPED_OPS.has(n.op));
  const keptSet = new Set(kept);
  const pending = new Map(kept.map((n) => [n, n.inputs.filter((i) => keptSet.has(i)).length]));
  const order: ConverterNode[] = [];
  const ready = kept.filter((n) => pending.get(n) === 0);
  while (ready.length > 0) {
    const n = ready.shift() as ConverterNode;
    order.push(n);
    for (const child of n.children) {
      if (!keptSet.has(child)) continue;
      const left = (pending.get(child) as number) - 1;
      pending.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  return order;
}

/** Output shapes of `names` from one run on zeros, batch axis null when the model's batch is free; empty when sizes are free. */
function probeShapes(model: tf.GraphModel, names: readonly string[]): Map<string, (number | null)[]> {
  const shapes = new Map<string, (number | null)[]>();
  const declared = model.inputs.map((i) => [...(i.shape ?? [])]);
  if (names.length === 0 || declared.some((s) => s.length === 0 || s.slice(1).some((d) => d === undefined || d < 0))) return shapes;
  const fixedBatch = (declared[0]?.[0] ?? -1) > 0 ? (declared[0]?.[0] as number) : undefined;
  try {
    tf.tidy(() => {
      const feeds = declared.map((s, i) => tf.zeros([fixedBatch ?? 1, ...s.slice(1)], model.inputs[i]?.dtype ?? 'float32'));
      const out = model.execute(feeds.length === 1 ? (feeds[0] as tf.Tensor) : feeds, [...names]);
      (Array.isArray(out) ? out : [out]).forEach((t, i) => shapes.set(names[i] as string, [fixedBatch ?? null, ...t.shape.slice(1)]));
    });
  } catch {
    shapes.clear(); // control flow or dynamic ops: shapes stay unknown
  }
  return shapes;
}

/** The layer table of a graph model: one row per inner op node (see the file comment). */
export function listGraphLayers(model: tf.GraphModel): LayerInfo[] {
  const nodes = innerNodes(model);
  const shapes = probeShapes(model, nodes.map((n) => n.name));
  return nodes.map((n, index) => ({
    index,
    name: n.name,
    className: n.op,
    outputShape: shapes.get(n.name) ?? [],
    path: [n.name],
    isModel: false,
    layer: new GraphModelNode(n.name, n.op),
  }));
}

/**
 * The row `ref` names in a graph model's table: an index (negative from the end), a node name
 * ('conv2d/Relu', ':0' allowed), a Keras layer scope ('conv2d': its last node), a path joined by
 * '/', or a {@link GraphModelNode}. The error lists the nodes.
 */
export function resolveGraphLayer(table: readonly LayerInfo[], ref: LayerRef, argument = 'layer'): LayerInfo {
  if (typeof ref === 'number') {
    const count = table.length;
    if (Number.isInteger(ref) && ref < count && ref >= -count) return table[ref < 0 ? count + ref : ref] as LayerInfo;
    throw new SaliencyError('LAYER_NOT_FOUND', `${argument}: index ${ref} is out of range; the graph model has ${count} nodes (valid: ${-count} to ${count - 1})`, argument);
  }
  if (ref instanceof GraphModelNode) {
    const found = table.find((row) => row.layer === ref) ?? table.find((row) => row.name === ref.name);
    if (found) return found;
  }
  const name = typeof ref === 'string' ? ref.replace(/:0$/, '') : Array.isArray(ref) ? ref.join('/') : ref instanceof GraphModelNode ? ref.name : undefined;
  if (name === undefined) {
    throw new SaliencyError('LAYER_NOT_FOUND', `${argument}: a tf.layers.Layer object cannot name a node of a tf.GraphModel; give the node name`, argument);
  }
  const exact = table.find((row) => row.name === name);
  if (exact) return exact;
  const scoped = table.filter((row) => row.name.startsWith(`${name}/`));
  if (scoped.length > 0) return scoped[scoped.length - 1] as LayerInfo;
  throw new SaliencyError(
    'LAYER_NOT_FOUND',
    `${argument}: no node '${name}' in the graph model; nodes are: ${listForMessage(table.map((row) => row.name))}`,
    argument,
  );
}
