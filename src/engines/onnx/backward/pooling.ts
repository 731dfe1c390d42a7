/**
 * Backward rules of pooling. MaxPool: each window's gradient goes to the FIRST maximum in scan
 * order, as TF.js's maxPoolBackprop (ORT's MaxPool Indices output picks the first maximum too; the
 * forward node returns them), written back by MaxUnpool where windows are disjoint (the common 2x2/2
 * pools: one pass, 3x faster than a scatter) or ScatterElements(reduction 'add') where they overlap
 * (the plain gate of a Relu before the pool applied on the pooled side). AveragePool: dy
 * divided by each window's count (padding excluded unless count_include_pad) spread back by a
 * depthwise ConvTranspose of ones. GlobalAveragePool: dy/(H·W) broadcast over the window.
 */
import { intAttr, intsAttr, knownShape, markGated, masked, shapeTensor } from './helpers.ts';
import type { OnnxNode } from '../graph/types.ts';
import { outputGradient, UnsupportedOpError, type BackwardContext, type BackwardRule } from './types.ts';

export const MaxPool: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const x = node.inputs[0] as string;
  if (intAttr(node, 'storage_order', 0) !== 0) throw new UnsupportedOpError(node, 'column-major storage_order is not covered');
  // the forward node itself returns the indices (one pass over x instead of a second MaxPool)
  const [pooled, indices] = b.withOutputs(node.outputs[0] as string, 2) as [string, string];
  // x = Relu(z) under the plain rule: the gate [x > 0] at each window's maximum is [max > 0], so it is
  // applied to dy on the pooled side (every window scattering to one position has that position's value as its max)
  // (only where that Relu is differentiated too: not where the gradient is taken at x itself)
  const relu = b.nodes.find((n) => n.op === 'Relu' && n.outputs[0] === x);
  const gate = (ctx.rules.Relu ?? 'plain') === 'plain' && relu !== undefined && ctx.reaches?.(relu.inputs[0] as string) === true;
  const dy = gate ? masked(ctx, b.op('Greater', [pooled, b.scalar(0)]), outputGradient(ctx)) : outputGradient(ctx);
  const dx = disjointWindows(node) ? unpool(ctx, dy, indices) : scatterAdd(ctx, dy, indices);
  if (gate) markGated(b, dx);
  return [dx];
};

/** Whether no input position lies in two windows (stride >= kernel, undilated): then no gradients add up. */
function disjointWindows(node: OnnxNode): boolean {
  const kernel = intsAttr(node, 'kernel_shape', []);
  const strides = intsAttr(node, 'strides', kernel.map(() => 1));
  const dilations = intsAttr(node, 'dilations', kernel.map(() => 1));
  return kernel.every((k, i) => (strides[i] as number) >= k && dilations[i] === 1);
}

/** Disjoint windows: MaxUnpool writes each window's dy at its index (zeros elsewhere), one pass. */
function unpool(ctx: BackwardContext, dy: string, indices: string): string {
  const { b, node } = ctx;
  const x = node.inputs[0] as string;
  const kernel = intsAttr(node, 'kernel_shape', []);
  const strides = intsAttr(node, 'strides', kernel.map(() => 1));
  const pads = intsAttr(node, 'pads', [...kernel, ...kernel].map(() => 0));
  // without output_shape, MaxUnpool's size (in-1)*stride + kernel - pads is inferred statically (ORT's
  // layout pass needs static shapes); where that is not x's (floored odd sizes), x's own shape is given
  const inShape = ctx.shape(x);
  const outShape = ctx.shape(node.outputs[0] as string);
  const inferred = inShape !== undefined && outShape !== undefined && kernel.every((k, i) => {
    const size = inShape[2 + i];
    const pooled = outShape[2 + i];
    return typeof size === 'number' && typeof pooled === 'number' &&
      (pooled - 1) * (strides[i] as number) + k - (pads[i] as number) - (pads[kernel.length + i] as number) === size;
  });
  return b.op('MaxUnpool', inferred ? [dy, indices] : [dy, indices, b.op('Shape', [x])], { kernel_shape: kernel, strides, pads });
}

/** Overlapping windows: ScatterElements with reduction 'add', so windows sharing a maximum add up. */
function scatterAdd(ctx: BackwardContext, dy: string, indices: string): string {
  const { b, node } = ctx;
  const x = node.inputs[0] as string;
  const flat = (t: string): string => b.op('Reshape', [t, b.ints([-1])]);
  const zeros = b.op('ConstantOfShape', [b.op('Reshape', [b.op('Size', [x]), b.ints([1])])], { value: new Float32Array([0]) });
  const scattered = b.op('ScatterElements', [zeros, flat(indices), flat(dy)], { axis: 0, reduction: 'add' });
  return b.op('Reshape', [scattered, shapeTensor(ctx, x)]);
}

export const AveragePool: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const x = node.inputs[0] as string;
  const dy = outputGradient(ctx);
  const kernel = intsAttr(node, 'kernel_shape', []);
  const n = kernel.length;
  const strides = intsAttr(node, 'strides', Array(n).fill(1));
  const pads = intsAttr(node, 'pads', Array(2 * n).fill(0));
  if ((node.attributes['auto_pad'] ?? 'NOTSET') !== 'NOTSET' || intAttr(node, 'ceil_mode', 0) !== 0) {
    throw new UnsupportedOpError(node, 'auto_pad and ceil_mode are not covered (lowering writes explicit pads)');
  }
  const inShape = knownShape(ctx, x);
  const outShape = knownShape(ctx, node.outputs[0] as string);
  const channels = inShape[1] as number;
  const size = kernel.reduce((p, k) => p * k, 1);
  let scaled: string;
  if (intAttr(node, 'count_include_pad', 0) === 1 || pads.every((p) => p === 0)) {
    scaled = b.op('Mul', [dy, b.scalar(1 / size)]);
  } else {
    const ones = b.op('Add', [b.op('Mul', [x, b.scalar(0)]), b.scalar(1)]);
    const fraction = b.op('AveragePool', [ones], { ...node.attributes, count_include_pad: 1 });
    scaled = b.op('Div', [dy, b.op('Mul', [fraction, b.scalar(size)])]);
  }
  const outputPadding = kernel.map((k, i) => {
    const full = (strides[i] as number) * ((outShape[2 + i] as number) - 1) + k - (pads[i] as number) - (pads[n + i] as number);
    return (inShape[2 + i] as number) - full;
  });
  const ones = b.constant(new Float32Array(channels * size).fill(1), [channels, 1, ...kernel], 'pool_ones');
  return [b.op('ConvTranspose', [scaled, ones], { kernel_shape: kernel, strides, pads, group: channels, output_padding: outputPadding })];
};

export const GlobalAveragePool: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const x = node.inputs[0] as string;
  const spatial = knownShape(ctx, x).slice(2) as number[];
  const count = spatial.reduce((p, d) => p * d, 1);
  // a constant target shape (batch 1, broadcast) keeps the gradient's shape static for ORT's layout passes
  return [b.op('Expand', [b.op('Mul', [outputGradient(ctx), b.scalar(1 / count)]), b.ints([1, ...knownShape(ctx, x).slice(1) as number[]])])];
};

export const Resize: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const x = node.inputs[0] as string;
  const inShape = knownShape(ctx, x);
  const outShape = knownShape(ctx, node.outputs[0] as string);
  const factors = outShape.slice(2).map((d, i) => (d as number) / (inShape[2 + i] as number));
  const mode = node.attributes['mode'] ?? 'nearest';
  const transform = node.attributes['coordinate_transformation_mode'] ?? 'half_pixel';
  if (mode !== 'nearest' || transform !== 'asymmetric' || factors.some((f) => !Number.isInteger(f))) {
    throw new UnsupportedOpError(node, 'only nearest upsampling by integer factors (asymmetric) is covered');
  }
  const size = factors.reduce((p, f) => p * f, 1);
  const pooled = b.op('AveragePool', [outputGradient(ctx)], { kernel_shape: factors, strides: factors });
  return [b.op('Mul', [pooled, b.scalar(size)])];
};
