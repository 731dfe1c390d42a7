/**
 * Backward rules of the pointwise math ops, each TF.js's own gradient: Sqrt dy/(2·√x), Exp dy·y,
 * Log dy/x, Neg −dy, Erf dy·(2/√π)·exp(−x²), Pow (base only) dy·p·x^(p−1) summed back over
 * broadcast axes, the exponent p a tensor that does not depend on the differentiated input (else
 * the error names it). Abs: dy·sign(x), 0 at x = 0 as PyTorch's and TensorFlow's (TF.js's
 * step(x, −1) gives −dy there).
 */
import { constantValues, unbroadcast } from './helpers.ts';
import { outputGradient, UnsupportedOpError, type BackwardContext, type BackwardRule } from './types.ts';

/** dx = dy · factor(x, y) for a one-input op. */
function pointwise(factor: (ctx: BackwardContext, x: string, y: string) => string): BackwardRule {
  return (ctx) => [ctx.b.op('Mul', [outputGradient(ctx), factor(ctx, ctx.node.inputs[0] as string, ctx.node.outputs[0] as string)])];
}

export const Sqrt: BackwardRule = (ctx) => [ctx.b.op('Div', [outputGradient(ctx), ctx.b.op('Mul', [ctx.node.outputs[0] as string, ctx.b.scalar(2)])])];

export const Exp: BackwardRule = pointwise((_, __, y) => y);

export const Log: BackwardRule = (ctx) => [ctx.b.op('Div', [outputGradient(ctx), ctx.node.inputs[0] as string])];

export const Neg: BackwardRule = (ctx) => [ctx.b.op('Neg', [outputGradient(ctx)])];

export const Abs: BackwardRule = pointwise(({ b }, x) => b.op('Sign', [x]));

export const Erf: BackwardRule = pointwise(({ b }, x) => {
  const gauss = b.op('Exp', [b.op('Neg', [b.op('Mul', [x, x])])]);
  return b.op('Mul', [gauss, b.scalar(2 / Math.sqrt(Math.PI))]);
});

export const Pow: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const [x, p] = node.inputs as [string, string];
  if (ctx.needs[1]) throw new UnsupportedOpError(node, `the exponent '${p}' depends on the input: only exponents that do not (constants) are covered`);
  const values = constantValues(ctx, p);
  const dims = ctx.constant(p)?.dims ?? [];
  const exponent = values ? b.constant(values, dims, 'exponent') : b.op('Cast', [p], { to: 1 });
  const less = values ? b.constant(values.map((v) => v - 1), dims, 'exponent_m1') : b.op('Sub', [exponent, b.scalar(1)]);
  const slope = b.op('Mul', [exponent, b.op('Pow', [x, less])]);
  return [unbroadcast(ctx, b.op('Mul', [outputGradient(ctx), slope]), x, node.outputs[0] as string), null];
};
