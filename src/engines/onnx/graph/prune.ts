/**
 * Dead-node elimination before a graph is written: ORT runs every node of a model, also one whose
 * outputs nothing reads (a backward rule's unused helper tensor cost 0.5 ms per VGG-like map), so
 * only the nodes the graph outputs depend on, and the initializers they read, are kept. Browser-safe.
 */
import type { OnnxGraph, OnnxInitializer, OnnxNode } from './types.ts';

/** `graph` without the nodes its outputs do not depend on and without unread initializers. */
export function liveGraph(graph: OnnxGraph): OnnxGraph {
  const wanted = new Set(graph.outputs.map((o) => o.name));
  const kept: OnnxNode[] = [];
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i] as OnnxNode;
    if (!node.outputs.some((o) => wanted.has(o))) continue;
    node.inputs.forEach((x) => wanted.add(x));
    kept.push(node);
  }
  if (kept.length === graph.nodes.length && [...graph.initializers.keys()].every((k) => wanted.has(k))) return graph;
  const initializers = new Map<string, OnnxInitializer>([...graph.initializers].filter(([name]) => wanted.has(name)));
  return { ...graph, nodes: kept.reverse(), initializers };
}
