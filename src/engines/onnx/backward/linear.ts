/**
 * Backward rules of the matrix products with constant weights: MatMul dx = dy·Wᵀ, Gemm
 * dA = α·dY·op(B)ᵀ (transposed back when transA); Wᵀ is computed once as a constant. And the
 * inference BatchNormalization: dx = dy·scale/√(var+ε) per channel (axis 1).
 */
import { floatAttr, intAttr } from './helpers.ts';
import { outputGradient, UnsupportedOpError, type BackwardContext, type BackwardRule } from './types.ts';

function transposed(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c] as number;
  return out;
}

function weights(ctx: BackwardContext, index: number): { data: Float32Array; dims: readonly number[] } {
  const w = ctx.constant(ctx.node.inputs[index] as string);
  if (!w || !(w.data instanceof Float32Array) || w.dims.length !== 2 || ctx.needs[index]) {
    throw new UnsupportedOpError(ctx.node, 'only products with a constant 2-D weight matrix are covered');
  }
  return { data: w.data, dims: w.dims };
}

export const MatMul: BackwardRule = (ctx) => {
  const { b } = ctx;
  const w = weights(ctx, 1);
  const [k, m] = w.dims as [number, number];
  const wt = b.constant(transposed(w.data, k, m), [m, k], 'weight_t');
  return [b.op('MatMul', [outputGradient(ctx), wt]), null];
};

export const Gemm: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const w = weights(ctx, 1);
  const alpha = floatAttr(node, 'alpha', 1);
  const transB = intAttr(node, 'transB', 0) === 1;
  const [r, c] = w.dims as [number, number];
  // op(B) is [K, M]; dA = dY [N, M] · op(B)ᵀ [M, K]. With transB op(B)ᵀ = B itself.
  const bt = transB ? b.constant(w.data, [r, c], 'weight') : b.constant(transposed(w.data, r, c), [c, r], 'weight_t');
  let dA = b.op('MatMul', [outputGradient(ctx), bt]);
  if (alpha !== 1) dA = b.op('Mul', [dA, b.scalar(alpha)]);
  if (intAttr(node, 'transA', 0) === 1) dA = b.op('Transpose', [dA], { perm: [1, 0] });
  return [dA, null, null];
};

export const BatchNormalization: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const [scale, , , variance] = [1, 2, 3, 4].map((i) => ctx.constant(node.inputs[i] as string));
  if (!scale || !variance || ctx.needs.slice(1).some(Boolean)) throw new UnsupportedOpError(node, 'needs constant scale and variance');
  const eps = floatAttr(node, 'epsilon', 1e-5);
  const factor = Float32Array.from(scale.data as Float32Array, (s, i) => s / Math.sqrt(((variance.data as Float32Array)[i] as number) + eps));
  const rank = ctx.shape(node.inputs[0] as string)?.length ?? 4;
  const dims = [factor.length, ...Array(Math.max(rank - 2, 0)).fill(1)];
  return [b.op('Mul', [outputGradient(ctx), b.constant(factor, dims, 'bn_factor')]), null, null, null, null];
};
