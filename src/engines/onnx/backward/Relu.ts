/**
 * Relu backward: plain dx = dy·[x > 0] (TF.js's step(0) = 0), guided dx = relu(dy)·[x > 0],
 * rectified (deconvnet) dx = relu(dy). Read from the output y ([y > 0] = [x > 0]), as a blocked-layout
 * mask on channel-blocked tensors (blocked-gates.ts). A plain gate a
 * max-pool rule already applied on its pooled side (helpers.markGated) is not applied twice.
 */
import { blockedChannels, positiveMask } from './blocked-gates.ts';
import { isGated, masked } from './helpers.ts';
import { outputGradient, type BackwardRule } from './types.ts';

export const Relu: BackwardRule = (ctx) => {
  const dy = outputGradient(ctx);
  const { b } = ctx;
  const rule = ctx.rules.Relu ?? 'plain';
  if (rule === 'plain' && isGated(b, dy)) return [dy];
  const passed = rule === 'plain' ? dy : b.op('Relu', [dy]);
  if (rule === 'rectified') return [passed];
  const y = ctx.node.outputs[0] as string;
  const channels = blockedChannels(ctx, y);
  if (channels !== null) return [b.op('Mul', [passed, positiveMask(ctx, y, channels)])];
  return [masked(ctx, b.op('Greater', [y, b.scalar(0)]), passed)];
};
