/**
 * The one registration list: every ONNX op kind the autodiff differentiates, with its backward
 * rule (one module per kind or family). Adding an op: write its rule beside these, list it here,
 * and test it against the TF.js reference in test/engines/onnx/.
 */
import { Add, Div, Mul, Sub, Sum } from './arithmetic.ts';
import { Elu, HardSigmoid, HardSwish, Identity, LeakyRelu, LogSoftmax, Sigmoid, Softmax, Softplus, Tanh } from './activations.ts';
import { Clip } from './Clip.ts';
import { Conv } from './Conv.ts';
import { BatchNormalization, Gemm, MatMul } from './linear.ts';
import { AveragePool, GlobalAveragePool, MaxPool } from './pooling.ts';
import { Abs, Erf, Exp, Log, Neg, Pow, Sqrt } from './math.ts';
import { GlobalMaxPool, ReduceMax, ReduceMin } from './reduce-extrema.ts';
import { ReduceMean, ReduceSum } from './reduce-sums.ts';
import { Resize } from './resize-linear.ts';
import { Relu } from './Relu.ts';
import { Concat, Flatten, Pad, Reshape, Slice, Squeeze, Transpose, Unsqueeze } from './structural.ts';
import { Expand, Gather, Split, Tile, Where } from './selection.ts';
import type { BackwardRule } from './types.ts';

/** Backward rules by ONNX op type. */
export const BACKWARD_RULES: Readonly<Record<string, BackwardRule>> = {
  Add, Sub, Mul, Div, Sum,
  Relu, Clip, LeakyRelu, Elu, Sigmoid, Tanh, HardSigmoid, HardSwish, Softmax, Identity, Dropout: Identity,
  Conv, MatMul, Gemm, BatchNormalization,
  MaxPool, AveragePool, GlobalAveragePool, Resize, GlobalMaxPool,
  Flatten, Reshape, Squeeze, Unsqueeze, Transpose, Concat, Pad, Slice,
  ReduceMax, ReduceMin, ReduceMean, ReduceSum,
  Pow, Sqrt, Exp, Log, Neg, Abs, Erf, Softplus, LogSoftmax,
  Split, Gather, Expand, Tile, Where,
};

/**
 * Ops whose outputs are integers or booleans (shapes, indices, comparisons): no gradient flows through
 * them, so the shape arithmetic of PyTorch exports (`x.size(0)` feeding Expand or Reshape) is not on
 * the differentiated path.
 */
export const NON_DIFFERENTIABLE_OPS: ReadonlySet<string> = new Set([
  'Shape', 'Size', 'ArgMax', 'ArgMin', 'NonZero',
  'Equal', 'Greater', 'GreaterOrEqual', 'Less', 'LessOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf',
]);
