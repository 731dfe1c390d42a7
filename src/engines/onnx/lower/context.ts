/**
 * The state of lowering one Keras layer graph to ONNX. Layout: Keras is channels-last (NHWC), ONNX
 * convolutions are channels-first (NCHW). Every rank-4 value is kept NCHW inside the graph (one
 * Transpose at each model input, none between convolutions); other values keep Keras's layout.
 * A value is converted only where an op needs the other one (Flatten, Dense on 4-D inputs,
 * captures and outputs returned to TF.js). Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '../graph/builder.ts';
import type { OnnxDim } from '../graph/types.ts';

/** A lowered tensor: its ONNX name, its layout, and its Keras shape (batch first, null = unknown). */
export interface Value {
  readonly name: string;
  readonly layout: 'nchw' | 'keras';
  readonly shape: readonly (number | null)[];
}

/** Thrown for a layer (or layer setting) the lowering does not cover; the message names it. */
export class UnsupportedLayerError extends Error {
  constructor(layer: tf.layers.Layer, why: string) {
    super(`layer '${layer.name}' (${layer.getClassName()}): ${why}`);
    this.name = 'UnsupportedLayerError';
  }
}

/** What a layer lowering receives. */
export interface LayerLowering {
  readonly b: GraphBuilder;
  readonly layer: tf.layers.Layer;
  /** The layer's config (layer.getConfig()). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly inputs: readonly Value[];
  /** Keras output shape of the layer call. */
  readonly outputShape: readonly (number | null)[];
  /** Run without the final activation (softmax removal). */
  readonly linear: boolean;
}

/** A layer lowering: the output value(s) of one layer call. */
export type LowerLayer = (l: LayerLowering) => Value;

/** The ONNX shape of a Keras shape in `layout` (batch axis symbolic 'N'). */
export function onnxShape(shape: readonly (number | null)[], layout: Value['layout']): OnnxDim[] {
  const dims: OnnxDim[] = shape.map((d, i) => (i === 0 || d === null ? (i === 0 ? 'N' : `d${i}`) : d));
  return layout === 'nchw' && dims.length === 4 ? [dims[0], dims[3], dims[1], dims[2]] as OnnxDim[] : dims;
}

/** Transposes already made, per builder and source tensor (one Transpose per value and direction). */
const converted = new WeakMap<GraphBuilder, Map<string, Value>>();

function convert(b: GraphBuilder, v: Value, layout: Value['layout'], perm: number[]): Value {
  const cache = converted.get(b) ?? converted.set(b, new Map()).get(b) as Map<string, Value>;
  const hit = cache.get(`${v.name}>${layout}`);
  if (hit) return hit;
  const out: Value = { name: b.op('Transpose', [v.name], { perm }, onnxShape(v.shape, layout)), layout, shape: v.shape };
  cache.set(`${v.name}>${layout}`, out);
  return out;
}

/** `v` in NCHW layout (a Transpose when it is a rank-4 Keras value). */
export function toNchw(b: GraphBuilder, v: Value): Value {
  return v.layout === 'nchw' || v.shape.length !== 4 ? v : convert(b, v, 'nchw', [0, 3, 1, 2]);
}

/** `v` in Keras's channels-last layout. */
export function toKeras(b: GraphBuilder, v: Value): Value {
  return v.layout === 'keras' ? v : convert(b, v, 'keras', [0, 2, 3, 1]);
}

/** A new value `name` of Keras shape `shape` in `layout`, with its ONNX shape recorded. */
export function value(b: GraphBuilder, name: string, shape: readonly (number | null)[], layout: Value['layout']): Value {
  const v: Value = { name, layout: shape.length === 4 ? layout : 'keras', shape };
  b.shapes.set(name, onnxShape(shape, v.layout));
  return v;
}

/** The axis of a Keras axis (negative allowed) in `v`'s layout. */
export function axisIn(v: Value, kerasAxis: number): number {
  const rank = v.shape.length;
  const a = (kerasAxis + rank) % rank;
  if (v.layout !== 'nchw') return a;
  return [0, 2, 3, 1][a] as number;
}

/** The layer's weights as float32 arrays with their shapes, by original name suffix ('kernel', 'bias', ...). */
export function weightsOf(layer: tf.layers.Layer): Map<string, { data: Float32Array; shape: number[] }> {
  const out = new Map<string, { data: Float32Array; shape: number[] }>();
  for (const w of layer.weights) {
    const key = (w.originalName ?? w.name).split('/').pop() as string;
    out.set(key.replace(/_\d+$/, ''), { data: w.read().dataSync() as Float32Array, shape: [...w.shape] as number[] });
  }
  return out;
}

/** TF's explicit padding [begin, end] per spatial axis for 'same' or 'valid'. */
export function tfPads(padding: unknown, input: readonly number[], kernel: readonly number[], strides: readonly number[], dilations: readonly number[]): number[] {
  const n = kernel.length;
  if (padding === 'valid') return Array(2 * n).fill(0);
  const begin: number[] = [];
  const end: number[] = [];
  kernel.forEach((k, i) => {
    const s = strides[i] as number;
    const size = input[i] as number;
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + ((k - 1) * (dilations[i] as number) + 1) - size, 0);
    begin.push(Math.floor(total / 2));
    end.push(total - Math.floor(total / 2));
  });
  return [...begin, ...end];
}

/** Spatial sizes [H, W] of a rank-4 Keras shape, or throws naming the layer. */
export function spatial(l: LayerLowering, v: Value): number[] {
  const hw = v.shape.slice(1, 3);
  if (v.shape.length !== 4 || hw.some((d) => d === null)) throw new UnsupportedLayerError(l.layer, 'needs a rank-4 input with known height and width');
  return hw as number[];
}
