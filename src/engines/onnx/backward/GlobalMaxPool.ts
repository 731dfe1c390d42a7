/**
 * GlobalMaxPool backward: dy goes to every position equal to its channel's maximum, as TF.js's
 * gradient of tf.max does (ties all receive it); dx = Where(x == y, dy, 0), broadcast over space.
 */
import { masked } from './helpers.ts';
import { outputGradient, type BackwardRule } from './types.ts';

export const GlobalMaxPool: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const isMax = b.op('Equal', [node.inputs[0] as string, node.outputs[0] as string]);
  return [masked(ctx, isMax, outputGradient(ctx))];
};
