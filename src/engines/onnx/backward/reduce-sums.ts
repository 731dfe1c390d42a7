/**
 * ReduceSum / ReduceMean backward, TF.js's gradients of tf.sum and tf.mean: dy given back the
 * reduced axes (keepdims 0) and broadcast over x, divided by the number of reduced elements for the
 * mean: dx = expand(dy) (sum), expand(dy / n) (mean); noop_with_empty_axes passes dy through.
 */
import type { OnnxDim } from '../graph/types.ts';
import { reduction, withReducedAxes } from './reduce-axes.ts';
import { outputGradient, type BackwardContext, type BackwardRule } from './types.ts';

/**
 * The Expand target that broadcasts a reduced gradient over `x`: a constant where x's shape is
 * static (a symbolic batch axis as 1, broadcast from the gradient, where it is not reduced), else Shape(x).
 */
function expandTarget(ctx: BackwardContext, x: string, axes: readonly number[] | 'all'): string {
  const shape = ctx.shape(x);
  const batchKept = axes !== 'all' && !axes.includes(0);
  if (shape && shape.every((d, i) => typeof d === 'number' || (i === 0 && batchKept))) {
    return ctx.b.ints(shape.map((d) => (typeof d === 'number' ? d : 1)));
  }
  return ctx.b.op('Shape', [x]);
}

/** The number of elements each output value reduces: a constant where those sizes are static. */
function reducedCount(ctx: BackwardContext, x: string, axes: readonly number[] | 'all'): string {
  const { b } = ctx;
  const shape = ctx.shape(x);
  const sizes: (OnnxDim | undefined)[] | undefined = shape && (axes === 'all' ? [...shape] : axes.map((a) => shape[a]));
  if (sizes?.every((d) => typeof d === 'number')) return b.scalar((sizes as number[]).reduce((p, d) => p * d, 1));
  const size = (t: string): string => b.op('Cast', [b.op('Size', [t])], { to: 1 });
  return b.op('Div', [size(x), size(ctx.node.outputs[0] as string)]);
}

function spread(mean: boolean): BackwardRule {
  return (ctx) => {
    const x = ctx.node.inputs[0] as string;
    const dy = outputGradient(ctx);
    const r = reduction(ctx);
    if (r === 'none') return [dy, null];
    const g = mean ? ctx.b.op('Div', [dy, reducedCount(ctx, x, r.axes)]) : dy;
    return [ctx.b.op('Expand', [withReducedAxes(ctx, g, r.axes), expandTarget(ctx, x, r.axes)]), null];
  };
}

export const ReduceSum: BackwardRule = spread(false);
export const ReduceMean: BackwardRule = spread(true);
