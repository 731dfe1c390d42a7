/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm engine (stock wasm lacks it): one batched
 * matrix product over channels.
 */
import * as tf from '@tensorflow/tfjs';
import { padForTaps } from '../conv/pad-for-taps.ts';
import { composeKernels, type KernelArgs, type KernelBackend, type KernelScope, type TensorInfo } from './kernel-scope.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];

/**
 * The input values each filter tap multiplies, for every output position, as [C, KH*KW, P]
 * (P = N*OH*OW). Strided positions are read with plain slices of a phase-split layout
 * [sy*sx*C*N, H/sy, W/sx] (the wasm StridedSlice kernel is very slow).
 */
function gatherTapsByChannel(scope: KernelScope, x: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize: n, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sy, strideWidth: sx, dilationHeight: dh, dilationWidth: dw } = info;
  const padded = padForTaps(scope, x, info, [sy, sx]);
  const [, hp, wp] = padded.shape as Shape4;
  const split = scope.reshape(padded, [n, hp / sy, sy, wp / sx, sx, c]);
  const phases = scope.reshape(scope.run('Transpose', { x: split }, { perm: [2, 4, 5, 0, 1, 3] }), [sy * sx * c * n, hp / sy, wp / sx]);
  const taps: TensorInfo[] = [];
  for (let i = 0; i < info.filterHeight; i++) {
    for (let j = 0; j < info.filterWidth; j++) {
      const row = i * dh;
      const col = j * dw;
      const phase = (row % sy) * sx + (col % sx);
      const tap = scope.run('Slice', { x: phases }, {
        begin: [phase * c * n, Math.floor(row / sy), Math.floor(col / sx)], size: [c * n, oh, ow],
      });
      taps.push(scope.reshape(tap, [c, 1, n * oh * ow]));
    }
  }
  return scope.run('Concat', taps, { axis: 1 });
}

/**
 * DepthwiseConv2dNativeBackpropFilter as one batched matrix product over channels:
 * dW[:, :, c, m] = taps[c] [KH*KW, P] times dy[c] [P, M].
 */
export function depthwiseConv2dBackpropFilter(args: KernelArgs): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  return composeKernels(args.backend as KernelBackend, 'wasm', (scope) => {
    const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, attrs.filterShape, attrs.strides, attrs.dilations,
      attrs.pad, attrs.dimRoundingMode, true, 'channelsLast');
    const [kh, kw, c, m] = attrs.filterShape;
    const taps = gatherTapsByChannel(scope, x, info);
    const p = info.batchSize * info.outHeight * info.outWidth;
    const dyByChannel = scope.run('Transpose', { x: scope.reshape(dy, [p, c, m]) }, { perm: [1, 0, 2] });
    const product = scope.run('BatchMatMul', { a: taps, b: dyByChannel }, { transposeA: false, transposeB: false });
    const tapMajor = scope.run('Transpose', { x: product }, { perm: [1, 0, 2] });
    return scope.reshape(tapMajor, [kh, kw, c, m]);
  });
}
