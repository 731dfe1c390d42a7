/**
 * What the Reduce* backward rules share: the reduced axes (the `axes` attribute of opsets before 18,
 * or ReduceSum's from 13, or the constant second input), `noop_with_empty_axes`, and a reduced
 * tensor given back its reduced axes as size 1 (Unsqueeze where keepdims is 0), so that it
 * broadcasts against the input. Browser-safe.
 */
import { constantValues, intAttr, intsAttr } from './helpers.ts';
import { UnsupportedOpError, type BackwardContext } from './types.ts';

/** How a Reduce* node reduces: its sorted non-negative axes, 'all', or 'none' (noop_with_empty_axes). */
export type Reduction = { readonly axes: readonly number[] | 'all' } | 'none';

/** The reduction of `ctx.node`; throws naming the node where the axes are computed or unranked. */
export function reduction(ctx: BackwardContext): Reduction {
  const { node } = ctx;
  const given = node.inputs[1] ? constantValues(ctx, node.inputs[1]) : intsAttr(node, 'axes', []);
  if (!given) throw new UnsupportedOpError(node, `needs constant axes (input '${node.inputs[1]}' is computed)`);
  if (given.length === 0) return intAttr(node, 'noop_with_empty_axes', 0) === 1 ? 'none' : { axes: 'all' };
  const rank = ctx.shape(node.inputs[0] as string)?.length;
  if (given.some((a) => a < 0) && rank === undefined) throw new UnsupportedOpError(node, 'needs the rank of its input for negative axes');
  return { axes: given.map((a) => (a < 0 ? a + (rank as number) : a)).sort((p, q) => p - q) };
}

/** `t` (shaped like the node's output) with the reduced axes back as size 1, broadcastable against x. */
export function withReducedAxes(ctx: BackwardContext, t: string, axes: readonly number[] | 'all'): string {
  if (intAttr(ctx.node, 'keepdims', 1) === 1 || axes === 'all') return t;
  return ctx.b.op('Unsqueeze', [t, ctx.b.ints(axes)]);
}
