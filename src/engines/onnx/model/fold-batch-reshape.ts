/**
 * Folds the shape computation of batch-dependent reshapes (PyTorch's `x.view(x.size(0), -1)`:
 * Shape -> Gather -> Unsqueeze -> Concat -> Reshape) into a constant whose batch entry is 0 ("copy
 * the input's dimension"), measured by the shape probe at 1 and 2 rows. The integer side branch then
 * no longer lies between the input and the scores, so the autodiff need not see Shape or Gather.
 */
import type { OnnxGraph, OnnxInitializer, OnnxNode } from '../graph/types.ts';
import type { Probe } from './shape-probe.ts';

/** `graph` with each foldable Reshape reading a constant shape (see the file comment). */
export function foldBatchReshapes(graph: OnnxGraph, probe: Probe): OnnxGraph {
  const initializers = new Map(graph.initializers);
  const nodes = graph.nodes.map((node): OnnxNode => {
    const shapeInput = node.inputs[1];
    if (node.op !== 'Reshape' || !shapeInput || initializers.has(shapeInput)) return node;
    const measured = probe.values.get(shapeInput);
    const inputShape = graph.shapes.get(node.inputs[0] as string);
    if (!measured || !inputShape) return node;
    const [one, two] = measured;
    const changed = one.map((v, i) => (v !== two[i] ? i : -1)).filter((i) => i >= 0);
    const batchOnly = changed.every((i) => one[i] === 1 && two[i] === 2 && inputShape[i] === 'N');
    if (!batchOnly || one.length !== two.length) return node;
    const folded = `${shapeInput}__folded`;
    const init: OnnxInitializer = { dims: [one.length], data: BigInt64Array.from(one, (v, i) => BigInt(changed.includes(i) ? 0 : v)) };
    initializers.set(folded, init);
    return { ...node, inputs: [node.inputs[0] as string, folded] };
  });
  return { ...graph, nodes, initializers };
}
