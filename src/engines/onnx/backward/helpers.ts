/**
 * Small graph pieces several backward rules share: attribute reads, masks as Where, and the sum
 * over broadcast axes that brings a gradient back to its input's shape. Browser-safe.
 */
import type { OnnxAttribute, OnnxDim, OnnxNode } from '../graph/types.ts';
import type { GraphBuilder } from '../graph/builder.ts';
import { UnsupportedOpError, type BackwardContext } from './types.ts';

/** An int attribute of `node`, or `fallback`. */
export function intAttr(node: OnnxNode, name: string, fallback: number): number {
  const v: OnnxAttribute | undefined = node.attributes[name];
  return typeof v === 'number' ? v : fallback;
}

/** A float attribute of `node` (written as { float }), or `fallback`. */
export function floatAttr(node: OnnxNode, name: string, fallback: number): number {
  const v = node.attributes[name];
  if (typeof v === 'number') return v;
  return v !== undefined && typeof v === 'object' && 'float' in v ? v.float : fallback;
}

/** An ints attribute of `node`, or `fallback`. */
export function intsAttr(node: OnnxNode, name: string, fallback: readonly number[]): number[] {
  const v = node.attributes[name];
  return Array.isArray(v) ? [...(v as number[])] : [...fallback];
}

/**
 * `dy` where `condition` holds, else 0: dy·cast(condition), as TF.js's own gates multiply by a step
 * (a NaN or infinite dy stays NaN where masked, as there); ORT runs Cast + Mul faster than Where.
 */
export function masked(ctx: BackwardContext, condition: string, dy: string): string {
  return ctx.b.op('Mul', [dy, ctx.b.op('Cast', [condition], { to: 1 })]);
}

/** The values of a constant int64 or float input, or undefined when it is not a constant. */
export function constantValues(ctx: BackwardContext, name: string | undefined): number[] | undefined {
  if (!name) return undefined;
  const c = ctx.constant(name);
  if (!c) return undefined;
  return c.data instanceof BigInt64Array ? Array.from(c.data, Number) : Array.from(c.data);
}

/** Static shape of `name` with a known batch-free rest, or throws naming the node. */
export function knownShape(ctx: BackwardContext, name: string): readonly OnnxDim[] {
  const shape = ctx.shape(name);
  if (!shape || shape.slice(1).some((d) => typeof d !== 'number')) {
    throw new UnsupportedOpError(ctx.node, `needs the static shape of '${name}'`);
  }
  return shape;
}

/** Static dims as a Reshape target: the one symbolic (batch) dim as -1. */
export function reshapeDims(dims: readonly OnnxDim[]): number[] {
  return dims.map((d) => (typeof d === 'number' ? d : -1));
}

/**
 * The shape of `name` as a Reshape target for a gradient shaped like `like`: a constant where all but
 * the first axis are static, so ORT's shape inference, and with it its NCHWc layout pass, sees
 * through the gradient. A symbolic first axis is 0 (copied from the gradient) where `like` has that
 * same first axis, -1 otherwise (a flat `like`: omitted); Shape(name) where other axes are not static.
 */
export function shapeTensor(ctx: BackwardContext, name: string, like?: string): string {
  const shape = ctx.shape(name);
  if (shape && shape.length > 0 && shape.slice(1).every((d) => typeof d === 'number')) {
    const first = shape[0] as OnnxDim;
    const sameBatch = like !== undefined && ctx.shape(like)?.[0] === first;
    return ctx.b.ints([typeof first === 'number' ? first : sameBatch ? 0 : -1, ...(shape.slice(1) as number[])]);
  }
  return ctx.b.op('Shape', [name]);
}

/**
 * `g` (shaped like `output`) summed over the axes `input` was broadcast along, then shaped like it.
 * Unknown shapes are taken as equal (no broadcast).
 */
export function unbroadcast(ctx: BackwardContext, g: string, input: string, output: string): string {
  const inShape = ctx.shape(input);
  const outShape = ctx.shape(output);
  if (!inShape || !outShape) return g;
  const offset = outShape.length - inShape.length;
  const axes: number[] = [];
  outShape.forEach((d, i) => {
    const di = i - offset < 0 ? 1 : inShape[i - offset];
    if (di === 1 && d !== 1) axes.push(i);
  });
  if (axes.length === 0) return g;
  const summed = ctx.b.op('ReduceSum', [g, ctx.b.ints(axes)], { keepdims: 1 });
  return offset === 0 ? summed : ctx.b.op('Reshape', [summed, ctx.b.ints(reshapeDims(inShape))]);
}

/** Per graph: gradients whose rectifier gate a rule has already applied (see {@link markGated}). */
const gatedGradients = new WeakMap<GraphBuilder, Set<string>>();

/**
 * Records that `gradient` (the gradient of a Relu's output) already carries that Relu's plain gate
 * [y > 0]: the max-pool rule applies it on the pooled side, where it is 4x smaller. The Relu rule
 * then passes it on as it is; a gradient summed with other contributions is a new tensor and is gated.
 */
export function markGated(b: GraphBuilder, gradient: string): void {
  (gatedGradients.get(b) ?? gatedGradients.set(b, new Set()).get(b))?.add(gradient);
}

/** True when `gradient` was marked by {@link markGated} in `b`. */
export function isGated(b: GraphBuilder, gradient: string): boolean {
  return gatedGradients.get(b)?.has(gradient) === true;
}
