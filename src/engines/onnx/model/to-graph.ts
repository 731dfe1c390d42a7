/**
 * A decoded `.onnx` model as the engine's graph IR (graph/types.ts), so the engine's autodiff
 * differentiates it: Constant nodes become initializers (their shapes kept, scalars included),
 * and the static shapes come from a probe run
 * (shape-probe.ts), the batch axis named 'N'.
 */
import type { OnnxAttribute, OnnxDim, OnnxGraph, OnnxInitializer, OnnxNode } from '../graph/types.ts';
import type { OnnxAttribute as FileAttribute, OnnxModelData } from './decode-model.ts';
import type { OnnxTensorData } from './tensor.ts';

/** The IR of `data`, with `shapes` (tensor name to dims, 'N' for the batch) from a probe. */
export function toOnnxGraph(data: OnnxModelData, shapes: ReadonlyMap<string, readonly OnnxDim[]>): OnnxGraph {
  const initializers = new Map<string, OnnxInitializer>();
  const add = (name: string, tensor: OnnxTensorData) => {
    const init = initializer(tensor);
    if (init) initializers.set(name, init);
  };
  data.initializers.forEach((tensor, name) => add(name, tensor));
  const nodes: OnnxNode[] = [];
  for (const node of data.nodes) {
    const value = node.attributes.value;
    if (node.op === 'Constant' && node.domain === '' && isTensor(value) && initializer(value)) {
      add(node.outputs[0] as string, value);
      continue;
    }
    const attributes: Record<string, OnnxAttribute> = {};
    for (const [key, v] of Object.entries(node.attributes)) attributes[key] = attribute(v, node.op);
    nodes.push({ op: node.op, inputs: node.inputs, outputs: node.outputs, attributes, name: node.name });
  }
  const dims = (name: string, fallback: readonly (number | string | null)[]) => shapes.get(name) ?? fallback.map((d, i) => d ?? `d${i}`);
  return {
    nodes,
    initializers,
    inputs: data.inputs.map((v) => ({ name: v.name, shape: dims(v.name, v.shape) })),
    outputs: data.outputs.map((v) => ({ name: v.name, shape: dims(v.name, v.shape) })),
    shapes: new Map([...shapes, ...[...initializers].map(([name, init]) => [name, init.dims] as const)]),
  };
}

function attribute(value: FileAttribute, op: string): OnnxAttribute {
  if (isTensor(value)) {
    const init = initializer(value);
    if (!init) throw new RangeError(`${op}: a ${value.type} tensor attribute is not supported`);
    return init.data;
  }
  return value as OnnxAttribute;
}

function isTensor(value: FileAttribute | undefined): value is OnnxTensorData {
  return typeof value === 'object' && value !== null && 'dims' in value;
}

/**
 * float32 and int64 tensors as initializers, int32 ones widened to int64 (axes and indices, which
 * the ops taking them accept in either width); other element types are not represented.
 */
function initializer(tensor: OnnxTensorData): OnnxInitializer | undefined {
  if (tensor.data instanceof Float32Array || tensor.data instanceof BigInt64Array) return { dims: tensor.dims, data: tensor.data };
  if (tensor.data instanceof Int32Array) return { dims: tensor.dims, data: BigInt64Array.from(tensor.data, (v) => BigInt(v)) };
  return undefined;
}
