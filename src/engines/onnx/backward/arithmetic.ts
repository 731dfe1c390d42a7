/**
 * Backward rules of the broadcasting arithmetic ops: Add/Sum pass dy on, Sub negates it for the
 * subtrahend, Mul multiplies by the other factor, Div by 1/divisor (a divisor that needs a gradient
 * is not covered); each gradient is summed back over broadcast axes.
 */
import { unbroadcast } from './helpers.ts';
import { outputGradient, UnsupportedOpError, type BackwardContext, type BackwardRule } from './types.ts';

function each(ctx: BackwardContext, grad: (k: number, dy: string) => string): (string | null)[] {
  const dy = outputGradient(ctx);
  const out = ctx.node.outputs[0] as string;
  return ctx.node.inputs.map((input, k) => (ctx.needs[k] ? unbroadcast(ctx, grad(k, dy), input, out) : null));
}

export const Add: BackwardRule = (ctx) => each(ctx, (_, dy) => dy);

export const Sum: BackwardRule = Add;

export const Sub: BackwardRule = (ctx) => each(ctx, (k, dy) => (k === 0 ? dy : ctx.b.op('Neg', [dy])));

export const Mul: BackwardRule = (ctx) => each(ctx, (k, dy) => ctx.b.op('Mul', [dy, ctx.node.inputs[1 - k] as string]));

export const Div: BackwardRule = (ctx) => {
  if (ctx.needs[1]) throw new UnsupportedOpError(ctx.node, 'gradient with respect to a divisor is not covered');
  return each(ctx, (_, dy) => ctx.b.op('Div', [dy, ctx.node.inputs[1] as string]));
};
