/**
 * Backward rules of ops that only move values: Flatten/Reshape reshape dy back to the input's
 * shape, Transpose applies the inverse permutation, Concat slices dy along the axis, Pad (constant)
 * slices the padding off, Slice (unit steps) pads dy with zeros back to the input's shape.
 */
import { constantValues, intAttr, intsAttr, knownShape, shapeTensor } from './helpers.ts';
import { outputGradient, UnsupportedOpError, type BackwardRule } from './types.ts';

const reshapeBack: BackwardRule = (ctx) => {
  const { b } = ctx;
  const x = ctx.node.inputs[0] as string;
  return [b.op('Reshape', [outputGradient(ctx), shapeTensor(ctx, x, ctx.node.outputs[0] as string)]), null];
};

export const Flatten: BackwardRule = reshapeBack;
export const Reshape: BackwardRule = reshapeBack;
export const Squeeze: BackwardRule = reshapeBack;
export const Unsqueeze: BackwardRule = reshapeBack;

export const Transpose: BackwardRule = (ctx) => {
  const perm = intsAttr(ctx.node, 'perm', []);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return [ctx.b.op('Transpose', [outputGradient(ctx)], { perm: inverse })];
};

export const Concat: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const dy = outputGradient(ctx);
  const rank = knownShape(ctx, node.outputs[0] as string).length;
  const axis = (intAttr(node, 'axis', 0) + rank) % rank;
  let start = 0;
  return node.inputs.map((input, k) => {
    const size = knownShape(ctx, input)[axis] as number;
    const begin = start;
    start += size;
    return ctx.needs[k] ? b.op('Slice', [dy, b.ints([begin]), b.ints([begin + size]), b.ints([axis])]) : null;
  });
};

export const Pad: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const mode = node.attributes['mode'];
  if (mode !== undefined && mode !== 'constant') throw new UnsupportedOpError(node, `mode '${String(mode)}' is not covered`);
  const pads = constantValues(ctx, node.inputs[1]);
  if (!pads || node.inputs[3]) throw new UnsupportedOpError(node, 'pads must be a constant over all axes');
  const shape = knownShape(ctx, node.inputs[0] as string);
  const axes = shape.map((_, i) => i).slice(1);
  const starts = axes.map((i) => pads[i] as number);
  const ends = axes.map((i) => (pads[i] as number) + (shape[i] as number));
  const dx = b.op('Slice', [outputGradient(ctx), b.ints(starts), b.ints(ends), b.ints(axes)]);
  return node.inputs.map((_, k) => (k === 0 ? dx : null));
};

export const Slice: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const shape = knownShape(ctx, node.inputs[0] as string);
  const starts = constantValues(ctx, node.inputs[1]);
  const ends = constantValues(ctx, node.inputs[2]);
  const axes = constantValues(ctx, node.inputs[3]) ?? starts?.map((_, i) => i);
  const steps = constantValues(ctx, node.inputs[4]);
  if (!starts || !ends || !axes || steps?.some((s) => s !== 1)) throw new UnsupportedOpError(node, 'needs constant starts/ends/axes and unit steps');
  const before = shape.map(() => 0);
  const after = shape.map(() => 0);
  axes.forEach((a, i) => {
    const axis = (a + shape.length) % shape.length;
    const dim = shape[axis] as number;
    const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
    before[axis] = clamp(starts[i] as number);
    after[axis] = dim - clamp(ends[i] as number);
  });
  return [b.op('Pad', [outputGradient(ctx), b.ints([...before, ...after])], { mode: 'constant' })];
};
