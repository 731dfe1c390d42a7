/**
 * Backward rules of the smooth pointwise activations, each TF.js's own gradient formula:
 * Sigmoid dy·y·(1−y), Tanh dy·(1−y²), LeakyRelu [x > 0] ? dy : α·dy, Elu [y >= 0] ? dy : dy·(y+α),
 * HardSigmoid dy·α·[0 < αx+β < 1], HardSwish dy·(x < −3 ? 0 : x > 3 ? 1 : (2x+3)/6), Identity dy,
 * Softplus dy·sigmoid(x), LogSoftmax dy − exp(y)·Σ_axis dy.
 */
import { floatAttr, masked } from './helpers.ts';
import { outputGradient, type BackwardRule } from './types.ts';

const y = (ctx: Parameters<BackwardRule>[0]): string => ctx.node.outputs[0] as string;
const x = (ctx: Parameters<BackwardRule>[0]): string => ctx.node.inputs[0] as string;

export const Identity: BackwardRule = (ctx) => [outputGradient(ctx)];

export const Sigmoid: BackwardRule = (ctx) => {
  const { b } = ctx;
  const oneMinus = b.op('Sub', [b.scalar(1), y(ctx)]);
  return [b.op('Mul', [outputGradient(ctx), b.op('Mul', [y(ctx), oneMinus])])];
};

export const Tanh: BackwardRule = (ctx) => {
  const { b } = ctx;
  const oneMinus = b.op('Sub', [b.scalar(1), b.op('Mul', [y(ctx), y(ctx)])]);
  return [b.op('Mul', [outputGradient(ctx), oneMinus])];
};

export const LeakyRelu: BackwardRule = (ctx) => {
  const { b } = ctx;
  const dy = outputGradient(ctx);
  const alpha = floatAttr(ctx.node, 'alpha', 0.01);
  return [b.op('Where', [b.op('Greater', [x(ctx), b.scalar(0)]), dy, b.op('Mul', [dy, b.scalar(alpha)])])];
};

export const Elu: BackwardRule = (ctx) => {
  const { b } = ctx;
  const dy = outputGradient(ctx);
  const alpha = floatAttr(ctx.node, 'alpha', 1);
  const slope = b.op('Add', [y(ctx), b.scalar(alpha)]);
  return [b.op('Where', [b.op('GreaterOrEqual', [y(ctx), b.scalar(0)]), dy, b.op('Mul', [dy, slope])])];
};

export const HardSigmoid: BackwardRule = (ctx) => {
  const { b } = ctx;
  const alpha = floatAttr(ctx.node, 'alpha', 0.2);
  const beta = floatAttr(ctx.node, 'beta', 0.5);
  const z = b.op('Add', [b.op('Mul', [x(ctx), b.scalar(alpha)]), b.scalar(beta)]);
  const inside = b.op('And', [b.op('Greater', [z, b.scalar(0)]), b.op('Less', [z, b.scalar(1)])]);
  return [masked(ctx, inside, b.op('Mul', [outputGradient(ctx), b.scalar(alpha)]))];
};

export const HardSwish: BackwardRule = (ctx) => {
  const { b } = ctx;
  const ramp = b.op('Div', [b.op('Add', [b.op('Mul', [x(ctx), b.scalar(2)]), b.scalar(3)]), b.scalar(6)]);
  const slope = b.op('Where', [b.op('Greater', [x(ctx), b.scalar(3)]), b.scalar(1), ramp]);
  const gated = b.op('Where', [b.op('Less', [x(ctx), b.scalar(-3)]), b.scalar(0), slope]);
  return [b.op('Mul', [outputGradient(ctx), gated])];
};

export const Softmax: BackwardRule = (ctx) => {
  const { b } = ctx;
  const dy = outputGradient(ctx);
  const axis = ctx.node.attributes['axis'];
  const dot = b.op('ReduceSum', [b.op('Mul', [dy, y(ctx)]), b.ints([typeof axis === 'number' ? axis : -1])], { keepdims: 1 });
  return [b.op('Mul', [y(ctx), b.op('Sub', [dy, dot])])];
};

/** Softplus log(1 + eˣ): dy·sigmoid(x). */
export const Softplus: BackwardRule = (ctx) => [ctx.b.op('Mul', [outputGradient(ctx), ctx.b.op('Sigmoid', [x(ctx)])])];

/** LogSoftmax (opset 13: one axis, default −1): dy − exp(y)·Σ_axis dy. */
export const LogSoftmax: BackwardRule = (ctx) => {
  const { b } = ctx;
  const dy = outputGradient(ctx);
  const axis = ctx.node.attributes['axis'];
  const total = b.op('ReduceSum', [dy, b.ints([typeof axis === 'number' ? axis : -1])], { keepdims: 1 });
  return [b.op('Sub', [dy, b.op('Mul', [total, b.op('Exp', [y(ctx)])])])];
};
