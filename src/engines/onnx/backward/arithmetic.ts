/**
 * Backward rules of the broadcasting arithmetic ops: Add/Sum pass dy on, Sub negates it for the
 * subtrahend, Mul multiplies by the other factor, Div gives dy/b to the dividend and −dy·a/b² to
 * the divisor (TF.js's gradient; LayerNorm divides by a function of its input); each gradient is
 * summed back over broadcast axes.
 */
import { unbroadcast } from './helpers.ts';
import { outputGradient, type BackwardContext, type BackwardRule } from './types.ts';

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
  const { b } = ctx;
  const [a, d] = ctx.node.inputs as [string, string];
  return each(ctx, (k, dy) => (k === 0 ? b.op('Div', [dy, d]) : b.op('Neg', [b.op('Mul', [dy, b.op('Div', [a, b.op('Mul', [d, d])])])])));
};
