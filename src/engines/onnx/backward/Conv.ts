/**
 * Conv backward (input gradient; weights are constants). Unit strides, constant filters and input
 * channels in whole NCHWc blocks: a forward Conv of dy over the transposed, flipped filters with the
 * complementary padding (d·(k−1) − p per side), which ORT runs faster than ConvTranspose. Otherwise
 * (strides, or few channels such as an RGB image's 3, which ORT's blocked Conv would pad up to a
 * block) ConvTranspose with the same filters and the output padding that gives back the input's
 * exact size. Grouped and depthwise convolutions keep their groups.
 */
import { NCHWC_BLOCK } from './blocked-gates.ts';
import { intAttr, intsAttr, knownShape } from './helpers.ts';
import { outputGradient, UnsupportedOpError, type BackwardContext, type BackwardRule } from './types.ts';

/**
 * W [M, C/g, kh, kw] -> W' [C, M/g, kh, kw] with W'[g·C/g + c, m, i, j] = W[g·M/g + m, c, kh−1−i, kw−1−j];
 * any number of spatial axes (1-D [M, C/g, k]: every one flipped).
 */
export function flippedTransposedFilter(w: Float32Array, dims: readonly number[], group: number): { data: Float32Array; dims: number[] } {
  const [M, Cg] = dims as [number, number];
  const spatial = dims.slice(2);
  const Mg = M / group;
  const out = new Float32Array(w.length);
  const k = spatial.reduce((p, d) => p * d, 1);
  for (let g = 0; g < group; g++) {
    for (let m = 0; m < Mg; m++) {
      for (let c = 0; c < Cg; c++) {
        const src = ((g * Mg + m) * Cg + c) * k;
        const dst = ((g * Cg + c) * Mg + m) * k;
        for (let t = 0; t < k; t++) out[dst + t] = w[src + k - 1 - t] as number;
      }
    }
  }
  return { data: out, dims: [Cg * group, Mg, ...spatial] };
}

function geometry(ctx: BackwardContext) {
  const { node } = ctx;
  const wShape = ctx.constant(node.inputs[1] as string)?.dims ?? knownShape(ctx, node.inputs[1] as string);
  const kernel = intsAttr(node, 'kernel_shape', wShape.slice(2) as number[]);
  const n = kernel.length;
  const autoPad = node.attributes['auto_pad'];
  if (autoPad !== undefined && autoPad !== 'NOTSET') throw new UnsupportedOpError(node, `auto_pad '${String(autoPad)}' is not covered (lowering writes explicit pads)`);
  return {
    kernel,
    strides: intsAttr(node, 'strides', Array(n).fill(1)),
    dilations: intsAttr(node, 'dilations', Array(n).fill(1)),
    pads: intsAttr(node, 'pads', Array(2 * n).fill(0)),
    group: intAttr(node, 'group', 1),
  };
}

export const Conv: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const dy = outputGradient(ctx);
  if (ctx.needs[1] || ctx.needs[2]) throw new UnsupportedOpError(node, 'gradients with respect to filters are not covered');
  const { kernel, strides, dilations, pads, group } = geometry(ctx);
  const n = kernel.length;
  const w = ctx.constant(node.inputs[1] as string);
  const span = kernel.map((k, i) => (dilations[i] as number) * (k - 1));
  const complement = [...span, ...span].map((s, i) => s - (pads[i] as number));
  const inputChannels = (w?.dims[1] ?? 0) * group;
  if (strides.every((s) => s === 1) && w && w.data instanceof Float32Array && complement.every((p) => p >= 0) && inputChannels % NCHWC_BLOCK === 0) {
    const flipped = flippedTransposedFilter(w.data, w.dims, group);
    const filter = b.constant(flipped.data, flipped.dims, 'flipped_filter');
    return [b.op('Conv', [dy, filter], { kernel_shape: kernel, pads: complement, dilations, group, strides }), null, null];
  }
  const inShape = knownShape(ctx, node.inputs[0] as string);
  const outShape = knownShape(ctx, node.outputs[0] as string);
  const outputPadding = kernel.map((_, i) => {
    const full = (strides[i] as number) * ((outShape[2 + i] as number) - 1) + (span[i] as number) + 1 - (pads[i] as number) - (pads[n + i] as number);
    return (inShape[2 + i] as number) - full;
  });
  if (outputPadding.some((p, i) => p < 0 || p >= Math.max(strides[i] as number, dilations[i] as number))) {
    throw new UnsupportedOpError(node, 'its geometry has no exact ConvTranspose');
  }
  return [b.op('ConvTranspose', [dy, node.inputs[1] as string], { kernel_shape: kernel, pads, dilations, group, strides, output_padding: outputPadding }), null, null];
};
