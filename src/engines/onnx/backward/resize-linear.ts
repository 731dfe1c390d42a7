/**
 * Resize backward for every mode the engine covers: 'linear' here, exactly, as two matrix products
 * (bilinear resizing of [N, C, H, W] is Y = A_h X A_w^T, so dX = A_h^T dY A_w, with A_h [H', H]
 * and A_w [W', W] the interpolation weights of the node's coordinate transformation, clamped at the
 * borders as ONNX Runtime and TF.js clamp); 'nearest' goes to the Resize rule in pooling.ts.
 */
import { constantValues, intAttr, knownShape } from './helpers.ts';
import { Resize as ResizeNearest } from './pooling.ts';
import { outputGradient, UnsupportedOpError, type BackwardContext, type BackwardRule } from './types.ts';

type Transform = 'half_pixel' | 'pytorch_half_pixel' | 'align_corners' | 'asymmetric';
const TRANSFORMS: readonly string[] = ['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric'];

/** Source coordinate of output index `o` (ONNX Resize's formulas). */
function source(transform: Transform, o: number, scale: number, inLength: number, outLength: number): number {
  switch (transform) {
    case 'half_pixel': return (o + 0.5) / scale - 0.5;
    case 'pytorch_half_pixel': return outLength > 1 ? (o + 0.5) / scale - 0.5 : 0;
    case 'align_corners': return outLength === 1 ? 0 : (o * (inLength - 1)) / (outLength - 1);
    default: return o / scale;
  }
}

/** The [out, in] linear interpolation matrix of one axis, row-major. */
export function interpolationMatrix(transform: Transform, inLength: number, outLength: number, scale: number): Float32Array {
  const a = new Float32Array(outLength * inLength);
  for (let o = 0; o < outLength; o++) {
    const x = Math.min(Math.max(source(transform, o, scale, inLength, outLength), 0), inLength - 1);
    const i0 = Math.floor(x);
    const i1 = Math.min(i0 + 1, inLength - 1);
    const w1 = x - i0;
    a[o * inLength + i0] = (a[o * inLength + i0] as number) + (1 - w1);
    a[o * inLength + i1] = (a[o * inLength + i1] as number) + w1;
  }
  return a;
}

function transposed(a: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c] as number;
  return t;
}

function linear(ctx: BackwardContext): readonly (string | null)[] {
  const { b, node } = ctx;
  const x = node.inputs[0] as string;
  const inShape = knownShape(ctx, x);
  const outShape = knownShape(ctx, node.outputs[0] as string);
  const transform = (node.attributes['coordinate_transformation_mode'] ?? 'half_pixel') as string;
  if (inShape.length !== 4 || outShape[1] !== inShape[1] || !TRANSFORMS.includes(transform) || intAttr(node, 'antialias', 0) !== 0) {
    throw new UnsupportedOpError(node, `linear resizing is covered over the two spatial axes of [N, C, H, W] with ${TRANSFORMS.join(', ')} coordinates and no antialias`);
  }
  const scales = constantValues(ctx, node.inputs[2]);
  const [h, w, hOut, wOut] = [inShape[2], inShape[3], outShape[2], outShape[3]] as number[] as [number, number, number, number];
  const scaleOf = (axis: number, inLength: number, outLength: number) => (scales && scales.length === 4 ? (scales[axis] as number) : outLength / inLength);
  const ah = interpolationMatrix(transform as Transform, h, hOut, scaleOf(2, h, hOut));
  const aw = interpolationMatrix(transform as Transform, w, wOut, scaleOf(3, w, wOut));
  const rows = b.op('MatMul', [b.constant(transposed(ah, hOut, h), [h, hOut], 'resize_ah_t'), outputGradient(ctx)]);
  return [b.op('MatMul', [rows, b.constant(aw, [wOut, w], 'resize_aw')])];
}

/** Resize: linear here, nearest by the pooling.ts rule. */
export const Resize: BackwardRule = (ctx) => ((ctx.node.attributes['mode'] ?? 'nearest') === 'linear' ? linear(ctx) : ResizeNearest(ctx));
