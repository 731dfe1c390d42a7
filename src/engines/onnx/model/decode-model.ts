/**
 * Reads an ONNX ModelProto (bytes of a `.onnx` file) into plain data: nodes with their attributes as
 * numbers, strings and tensors, initializers as typed arrays (raw, typed or external data), and the
 * graph's inputs and outputs with their shapes, symbolic dimensions (a dynamic batch) kept as names.
 * Browser-safe: external data is read through the reader the caller gives.
 */
import { ModelLoadError } from '../../../io/model-load-error.ts';
import { onnx, toInt, type Int64 } from './proto.ts';
import { decodeTensor, elementType, type ExternalReader, type OnnxDataType, type OnnxTensorData } from './tensor.ts';

/** An attribute value: an int, a float (as { float }, as the engine's IR writes it), a string, a tensor, or a list. */
export type OnnxAttribute = number | { readonly float: number } | string | OnnxTensorData | readonly number[] | readonly string[];

/** One node of the graph. */
export interface OnnxNodeData {
  readonly name: string;
  readonly op: string;
  /** '' for the default ONNX domain. */
  readonly domain: string;
  /** Input value names ('' for an omitted optional input). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, OnnxAttribute>>;
}

/** A graph input or output: its name, element type and shape (a symbolic dimension as its name, unknown as null). */
export interface OnnxValueData {
  readonly name: string;
  readonly type: OnnxDataType;
  readonly shape: readonly (number | string | null)[];
}

/** A decoded `.onnx` model. */
export interface OnnxModelData {
  readonly irVersion: number;
  /** Version of the default ('' / 'ai.onnx') operator set. */
  readonly opset: number;
  /** Other operator sets the graph imports, by domain. */
  readonly otherOpsets: Readonly<Record<string, number>>;
  readonly producer: string;
  readonly nodes: readonly OnnxNodeData[];
  readonly initializers: ReadonlyMap<string, OnnxTensorData>;
  /** The graph's real inputs (initializers listed as inputs, as old exporters do, are left out). */
  readonly inputs: readonly OnnxValueData[];
  readonly outputs: readonly OnnxValueData[];
}

/** The default-domain operator sets this library reads: ONNX Runtime 1.x runs 7 to 22. */
export const SUPPORTED_OPSETS = { min: 7, max: 22 } as const;

/**
 * Decodes the bytes of the `.onnx` file `file`; `readExternal` reads initializers stored in files
 * beside it. Throws a {@link ModelLoadError} naming the file and what is wrong.
 */
export function decodeOnnxModel(file: string, bytes: Uint8Array, readExternal?: ExternalReader): OnnxModelData {
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ModelLoadError(file, `is not an ONNX model (${(error as Error).message})`, { cause: error });
  }
  try {
    return readModel(model, readExternal);
  } catch (error) {
    if (error instanceof ModelLoadError || !(error instanceof RangeError)) throw error;
    throw new ModelLoadError(file, error.message, { cause: error });
  }
}

function readModel(model: onnx.ModelProto, readExternal: ExternalReader | undefined): OnnxModelData {
  const graph = model.graph as onnx.GraphProto | null | undefined;
  if (!graph || graph.node.length === 0) throw new RangeError('holds no graph (is it an ONNX model?)');
  const opsets = new Map(model.opsetImport.map((o) => [o.domain === 'ai.onnx' ? '' : (o.domain ?? ''), toInt(o.version as Int64, 'opset version')]));
  const opset = opsets.get('');
  if (opset === undefined) throw new RangeError('imports no default ONNX operator set');
  if (opset < SUPPORTED_OPSETS.min || opset > SUPPORTED_OPSETS.max) {
    throw new RangeError(`uses ONNX opset ${opset}; supported: ${SUPPORTED_OPSETS.min} to ${SUPPORTED_OPSETS.max} (re-export with e.g. torch.onnx.export(..., opset_version=13))`);
  }
  const initializers = new Map(graph.initializer.map((t) => [t.name ?? '', decodeTensor(t, readExternal)] as const));
  return {
    irVersion: toInt(model.irVersion as Int64, 'ir_version'),
    opset,
    otherOpsets: Object.fromEntries([...opsets].filter(([domain]) => domain !== '')),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    nodes: graph.node.map((node, i) => readNode(node, i, readExternal)),
    initializers,
    inputs: graph.input.filter((v) => !initializers.has(v.name ?? '')).map(readValue),
    outputs: graph.output.map(readValue),
  };
}

function readNode(node: onnx.INodeProto, index: number, readExternal: ExternalReader | undefined): OnnxNodeData {
  const name = node.name || `${node.opType ?? 'node'}_${index}`;
  const attributes: Record<string, OnnxAttribute> = {};
  for (const a of node.attribute ?? []) attributes[a.name ?? ''] = readAttribute(a, `node '${name}' attribute '${a.name}'`, readExternal);
  return {
    name,
    op: node.opType ?? '',
    domain: node.domain === 'ai.onnx' ? '' : (node.domain ?? ''),
    inputs: [...(node.input ?? [])],
    outputs: [...(node.output ?? [])],
    attributes,
  };
}

const A = onnx.AttributeProto.AttributeType;
const TEXT = new TextDecoder();

function readAttribute(a: onnx.IAttributeProto, what: string, readExternal: ExternalReader | undefined): OnnxAttribute {
  switch (a.type) {
    case A.FLOAT: return { float: a.f ?? 0 };
    case A.INT: return toInt(a.i as Int64, what);
    case A.STRING: return TEXT.decode(a.s ?? new Uint8Array());
    case A.TENSOR: return decodeTensor(a.t ?? {}, readExternal);
    case A.FLOATS: return [...(a.floats ?? [])];
    case A.INTS: return (a.ints ?? []).map((v, i) => toInt(v as Int64, `${what}[${i}]`));
    case A.STRINGS: return (a.strings ?? []).map((s) => TEXT.decode(s));
    default: return `<${A[a.type ?? 0] ?? 'unknown'} attribute>`;
  }
}

function readValue(value: onnx.IValueInfoProto): OnnxValueData {
  const name = value.name ?? '';
  const tensor = value.type?.tensorType;
  if (!tensor) throw new RangeError(`graph value '${name}' is not a tensor (sequences and maps are not supported)`);
  const dims = tensor.shape?.dim ?? [];
  return {
    name,
    type: elementType(tensor.elemType ?? 0, `graph value '${name}'`).type,
    shape: dims.map((d) => (d.dimParam ? d.dimParam : d.dimValue !== null && d.dimValue !== undefined && toInt(d.dimValue as Int64, name) > 0 ? toInt(d.dimValue as Int64, name) : null)),
  };
}
