/**
 * Writes an {@link OnnxGraph} as an ONNX ModelProto with onnx-proto (protobufjs), never by hand:
 * `toModelProto` for the message, `toModelBytes` for the serialized bytes ORT loads. Browser-safe.
 */
import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';
import { liveGraph } from './prune.ts';
import { isTensorData, type OnnxAttribute, type OnnxDim, type OnnxGraph, type OnnxInitializer, type OnnxValueInfo } from './types.ts';

const { onnx } = onnxProto;

/** The opset the engine writes by default (ScatterElements reduction, Clip with inputs, Resize). */
export const DEFAULT_OPSET = 17;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

function tensorProto(name: string, init: OnnxInitializer): P.ITensorProto {
  const bytes = new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength);
  return { name, dims: [...init.dims], dataType: init.data instanceof Float32Array ? FLOAT : INT64, rawData: bytes };
}

function attributeProto(name: string, value: OnnxAttribute): P.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return { name, type: A.INT, i: value };
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (isTensorData(value)) return { name, type: A.TENSOR, t: tensorProto(name, { dims: [value.length], data: value }) };
  if ('float' in value) return { name, type: A.FLOAT, f: value.float };
  return { name, type: A.INTS, ints: [...value] };
}

function valueInfo(info: OnnxValueInfo): P.IValueInfoProto {
  const dim = (d: OnnxDim): P.TensorShapeProto.IDimension => (typeof d === 'number' ? { dimValue: d } : { dimParam: d });
  // an empty shape declares an unknown one (graph inputs and outputs here are never scalars)
  const shape = info.shape.length === 0 ? {} : { shape: { dim: info.shape.map(dim) } };
  return { name: info.name, type: { tensorType: { elemType: FLOAT, ...shape } } };
}

/**
 * `graph` as an ONNX ModelProto of opset `opset` (default {@link DEFAULT_OPSET}), without the nodes
 * and initializers its outputs do not depend on (ORT would run them).
 */
export function toModelProto(full: OnnxGraph, opset = DEFAULT_OPSET): P.ModelProto {
  const graph = liveGraph(full);
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'tfjs-saliency',
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'tfjs_saliency',
      node: graph.nodes.map((n) => ({
        opType: n.op,
        name: n.name,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes).map(([k, v]) => attributeProto(k, v)),
      })),
      initializer: [...graph.initializers].map(([name, init]) => tensorProto(name, init)),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
}

/** `graph` serialized as ONNX model bytes. */
export function toModelBytes(graph: OnnxGraph, opset = DEFAULT_OPSET): Uint8Array {
  return onnx.ModelProto.encode(toModelProto(graph, opset)).finish();
}
