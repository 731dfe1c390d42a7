/**
 * ReduceMax / ReduceMin / GlobalMaxPool backward: dy goes to every position equal to the extremum
 * along the reduced axes, as TF.js's gradients of tf.max and tf.min do (ties all receive it):
 * dx = dy·[x == y], y and dy given back the reduced axes when keepdims is 0; noop_with_empty_axes
 * passes dy through. GlobalMaxPool has no axes and keeps its dims, so y broadcasts over space as it is.
 */
import { masked } from './helpers.ts';
import { reduction, withReducedAxes } from './reduce-axes.ts';
import { outputGradient, type BackwardRule } from './types.ts';

const extremum: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const dy = outputGradient(ctx);
  const r = reduction(ctx);
  if (r === 'none') return [dy, null];
  const y = withReducedAxes(ctx, node.outputs[0] as string, r.axes);
  return [masked(ctx, b.op('Equal', [node.inputs[0] as string, y]), withReducedAxes(ctx, dy, r.axes)), null];
};

export const ReduceMax: BackwardRule = extremum;
export const ReduceMin: BackwardRule = extremum;
export const GlobalMaxPool: BackwardRule = extremum;
