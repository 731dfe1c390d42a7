/**
 * What every method returns: plain arrays (never tensors) plus metadata saying exactly what was
 * explained, so rendering and later methods compose with any result.
 */
import * as tf from '@tensorflow/tfjs';
import type { NdArray } from './ndarray.ts';
import type { SoftmaxMode } from './objective.ts';

/** What a map explains and how it was computed. */
export interface AttributionMeta {
  /** The method's registry name, e.g. 'saliency'. */
  readonly method: string;
  /** The target, e.g. "class 3" or "predicted class". */
  readonly target: string;
  /** Per sample: the unit (class) explained, for targets that pick one. */
  readonly units?: readonly number[];
  /** Per sample: the explained score (the pre-softmax logit when the softmax was removed). */
  readonly scores: readonly number[];
  /** Layers or outputs the target reads. */
  readonly readsFrom: readonly string[];
  /** How a final softmax was treated, and which layers had it removed. */
  readonly softmax: { readonly mode: SoftmaxMode; readonly removedFrom: readonly string[] };
  /** 'input', or the path of the layer the gradient is taken with respect to. */
  readonly wrt: string;
  /** Backprop modifier used ('guided', 'rectified', 'custom') or null. */
  readonly backpropModifier: string | null;
  /** Grad modifier used ('none', 'absolute', ..., 'custom'). */
  readonly gradModifier: string;
  /** Things the user should know, e.g. "the gradient is zero everywhere for sample 2". */
  readonly warnings: readonly string[];
  /** Method-specific facts (e.g. Integrated Gradients' completeness delta). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** The engine that computed the call ('onnx' or 'tfjs') and why (options.engine, coverage, availability). */
  readonly engine?: { readonly name: string; readonly reason: string };
}

/** An attribution: one map per model input (or for the `wrt` layer), batch first. */
export interface Attribution {
  /** Maps in the shape of each model input (or of the `wrt` layer's output), batch first. */
  readonly maps: readonly NdArray[];
  /** `maps[0]`: the map of a single-input model. */
  readonly map: NdArray;
  /** What was explained and how. */
  readonly meta: AttributionMeta;
}

/** Downloads tensors into {@link NdArray}s and disposes them (also when reading fails). */
export async function downloadAll(tensors: readonly tf.Tensor[]): Promise<NdArray[]> {
  try {
    const arrays = await Promise.all(tensors.map((t) => t.data()));
    return tensors.map((t, i) => ({ data: Float32Array.from(arrays[i] as ArrayLike<number>), shape: [...t.shape] }));
  } finally {
    tensors.forEach((t) => t.dispose());
  }
}

/** Downloads a rank-1 tensor as numbers and disposes it. */
export async function downloadNumbers(tensor: tf.Tensor | undefined): Promise<number[] | undefined> {
  if (!tensor) return undefined;
  try {
    return Array.from(await tensor.data());
  } finally {
    tensor.dispose();
  }
}
