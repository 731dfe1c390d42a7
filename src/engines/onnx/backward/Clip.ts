/**
 * Clip backward. Clip(0, max) is a capped rectifier (ReLU6): plain dx = dy·[x > 0]·[x <= max] as
 * TF.js's Relu6 gradient, guided relu(dy)·[x > 0]·[x <= max], rectified relu(dy)·[x <= max] (the cap
 * kept, as core/modifiers.ts). Other bounds: dx = dy·[min <= x <= max] (TF.js's clipByValue). On
 * channel-blocked tensors the ReLU6 gates are blocked-layout masks (blocked-gates.ts) and the forward
 * Clip becomes one ORT keeps blocked.
 */
import { blockedChannels, blockedClip, capMask, positiveMask } from './blocked-gates.ts';
import { constantValues, floatAttr, masked } from './helpers.ts';
import { outputGradient, UnsupportedOpError, type BackwardRule } from './types.ts';

export const Clip: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const dy = outputGradient(ctx);
  const x = node.inputs[0] as string;
  const lo = constantValues(ctx, node.inputs[1]) ?? (node.inputs[1] ? undefined : [floatAttr(node, 'min', -Infinity)]);
  const hi = constantValues(ctx, node.inputs[2]) ?? (node.inputs[2] ? undefined : [floatAttr(node, 'max', Infinity)]);
  if (!lo || !hi) throw new UnsupportedOpError(node, 'bounds must be constants');
  const min = lo[0] as number;
  const max = hi[0] as number;
  if (min !== 0) return [masked(ctx, b.op('And', [b.op('GreaterOrEqual', [x, b.scalar(min)]), b.op('LessOrEqual', [x, b.scalar(max)])]), dy)];
  const rule = ctx.rules.Relu ?? 'plain';
  const passed = rule === 'plain' ? dy : b.op('Relu', [dy]);
  const channels = blockedChannels(ctx, x);
  if (channels !== null && max > 0 && Number.isFinite(max)) {
    blockedClip(ctx, node.outputs[0] as string, channels);
    const cap = capMask(ctx, x, channels, max);
    return [b.op('Mul', [passed, rule === 'rectified' ? cap : b.op('Mul', [positiveMask(ctx, x, channels), cap])])];
  }
  const cap = b.op('LessOrEqual', [x, b.scalar(max)]);
  if (rule === 'rectified') return [masked(ctx, cap, passed)];
  return [masked(ctx, b.op('And', [b.op('Greater', [x, b.scalar(0)]), cap]), passed)];
};
