/**
 * Relu backward: plain dx = dy·[x > 0] (TF.js's step(0) = 0), guided dx = relu(dy)·[x > 0],
 * rectified (deconvnet) dx = relu(dy). Read from the output y ([y > 0] = [x > 0]). A plain gate a
 * max-pool rule already applied on its pooled side (helpers.markGated) is not applied twice.
 */
import { isGated, masked } from './helpers.ts';
import { outputGradient, type BackwardRule } from './types.ts';

export const Relu: BackwardRule = (ctx) => {
  const dy = outputGradient(ctx);
  const { b } = ctx;
  const rule = ctx.rules.Relu ?? 'plain';
  if (rule === 'plain' && isGated(b, dy)) return [dy];
  const passed = rule === 'plain' ? dy : b.op('Relu', [dy]);
  if (rule === 'rectified') return [passed];
  const positive = b.op('Greater', [ctx.node.outputs[0] as string, b.scalar(0)]);
  return [masked(ctx, positive, passed)];
};
