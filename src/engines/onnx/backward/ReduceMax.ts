/**
 * ReduceMax backward: dy goes to every position equal to the maximum along the reduced axes, as
 * TF.js's gradient of tf.max (and GlobalMaxPool.ts) does, ties all receiving it:
 * dx = dy·[x == y], with y and dy given back the reduced axes (Unsqueeze) when keepdims is 0. Axes
 * come from the attribute (opset < 18) or the second input (opset 18, a constant); none reduces
 * every axis, or passes dy through with noop_with_empty_axes.
 */
import { constantValues, intAttr, intsAttr, masked } from './helpers.ts';
import { outputGradient, UnsupportedOpError, type BackwardContext, type BackwardRule } from './types.ts';

/** The reduced axes of `ctx.node` (sorted, non-negative), or 'all' when none are given. */
function reducedAxes(ctx: BackwardContext): number[] | 'all' {
  const { node } = ctx;
  const given = node.inputs[1] ? constantValues(ctx, node.inputs[1]) : intsAttr(node, 'axes', []);
  if (!given) throw new UnsupportedOpError(node, `needs constant axes (input '${node.inputs[1]}' is computed)`);
  if (given.length === 0) return 'all';
  const rank = ctx.shape(node.inputs[0] as string)?.length;
  if (given.some((a) => a < 0) && rank === undefined) throw new UnsupportedOpError(node, 'needs the rank of its input for negative axes');
  return given.map((a) => (a < 0 ? a + (rank as number) : a)).sort((p, q) => p - q);
}

export const ReduceMax: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const x = node.inputs[0] as string;
  const dy = outputGradient(ctx);
  const axes = reducedAxes(ctx);
  if (axes === 'all' && intAttr(node, 'noop_with_empty_axes', 0) === 1) return [dy, null];
  let y = node.outputs[0] as string;
  let g = dy;
  if (intAttr(node, 'keepdims', 1) === 0 && axes !== 'all') {
    const at = b.ints(axes);
    y = b.op('Unsqueeze', [y, at]);
    g = b.op('Unsqueeze', [g, at]);
  }
  return [masked(ctx, b.op('Equal', [x, y]), g), null];
};
