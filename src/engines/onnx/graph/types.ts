/**
 * The ONNX graph IR the engine builds, lowers to and differentiates: plain data (nodes in
 * topological order, named tensors, constant initializers), independent of onnx-proto so that
 * lowering, autodiff and tests read it directly; `model-proto.ts` writes it as an ONNX model.
 * Browser-safe. Shared by the Keras lowering (lower/) and graphs loaded from .onnx files.
 */

/** A node attribute: ints, floats, strings, int or float lists, or a constant tensor. */
export type OnnxAttribute = number | string | readonly number[] | OnnxTensorData | { readonly float: number };

/** Constant tensor data: float32, or int64 (shapes, axes, indices). */
export type OnnxTensorData = Float32Array | BigInt64Array;

/** A constant tensor of the graph (weights, folded filters, shape vectors). */
export interface OnnxInitializer {
  readonly dims: readonly number[];
  readonly data: OnnxTensorData;
}

/** One dimension of a declared shape: a size, or a symbolic name (e.g. 'N' for the batch). */
export type OnnxDim = number | string;

/** A graph input or output: a float32 tensor of the declared shape (an empty shape: unknown). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly shape: readonly OnnxDim[];
}

/** One operator call. `inputs` may hold '' for an omitted optional input (ONNX convention). */
export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, OnnxAttribute>>;
  readonly name: string;
}

/**
 * A graph: nodes in topological order, constants by name, declared inputs and outputs, and the
 * static shapes known for intermediate tensors (batch axis symbolic), which backward rules read.
 */
export interface OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, OnnxInitializer>;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /** Known shapes of tensors by name (inputs, initializers and node outputs); may be partial. */
  readonly shapes: ReadonlyMap<string, readonly OnnxDim[]>;
}

/** True when `value` is constant tensor data (not a number list). */
export function isTensorData(value: OnnxAttribute): value is OnnxTensorData {
  return value instanceof Float32Array || value instanceof BigInt64Array;
}
