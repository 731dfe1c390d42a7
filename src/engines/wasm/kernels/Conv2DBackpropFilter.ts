import * as tf from '@tensorflow/tfjs';
import { composeKernels, type KernelBackend, type KernelScope, type TensorInfo } from './kernel-scope.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
  backend: unknown;
}

/**
 * x zero-padded as the forward pass saw it, and far enough that every tap of every output position
 * is inside, with each spatial size rounded up to a multiple of `round` (strides).
 */
function padForTaps(scope: KernelScope, x: TensorInfo, info: Conv2DInfo, round: [number, number]): TensorInfo {
  const { top, left } = info.padInfo;
  const span = (out: number, s: number, k: number, d: number) => (out - 1) * s + (k - 1) * d + 1;
  const needH = Math.max(span(info.outHeight, info.strideHeight, info.filterHeight, info.dilationHeight), top + info.inHeight);
  const needW = Math.max(span(info.outWidth, info.strideWidth, info.filterWidth, info.dilationWidth), left + info.inWidth);
  const bottom = Math.ceil(needH / round[0]) * round[0] - top - info.inHeight;
  const right = Math.ceil(needW / round[1]) * round[1] - left - info.inWidth;
  if (top + bottom + left + right === 0) return x;
  return scope.run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
}

/**
 * Conv2DBackpropFilter as one forward convolution: the padded input with batch and channels
 * swapped ([C, H, W, N]) convolved with dy as the filter ([OH, OW, N, O]) at dilation = stride
 * gives dW[i, j, c, o] = sum over n, p, q of x[n, p*s + i*d, q*s + j*d, c] * dy[n, p, q, o]
 * at output position (i*d, j*d). (The formulation of models/train/conv-gradients.ts.)
 */
export function conv2dBackpropFilter(args: KernelArgs): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  // `dilations` is the engine's own extension (dilated conv gradients); TF.js never passes it.
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };
  const nchw = attrs.dataFormat === 'NCHW';
  return composeKernels(args.backend as KernelBackend, 'wasm', (scope) => {
    const xLast = nchw ? scope.run('Transpose', { x }, { perm: [0, 2, 3, 1] }) : x;
    const dyLast = nchw ? scope.run('Transpose', { x: dy }, { perm: [0, 2, 3, 1] }) : dy;
    const info = tf.backend_util.computeConv2DInfo(xLast.shape as Shape4, attrs.filterShape, attrs.strides,
      attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
    const padded = padForTaps(scope, xLast, info, [1, 1]);
    const images = scope.run('Transpose', { x: padded }, { perm: [3, 1, 2, 0] });
    const filter = scope.run('Transpose', { x: dyLast }, { perm: [1, 2, 0, 3] });
    const taps = scope.run('Conv2D', { x: images, filter }, {
      strides: 1, pad: 'valid', dilations: [info.strideHeight, info.strideWidth], dataFormat: 'NHWC',
    });
    const [kh, kw, c, o] = attrs.filterShape;
    const { dilationHeight: dh, dilationWidth: dw } = info;
    const wanted = dh === 1 && dw === 1
      ? scope.run('Slice', { x: taps }, { begin: [0, 0, 0, 0], size: [c, kh, kw, o] })
      : scope.run('StridedSlice', { x: taps }, {
        begin: [0, 0, 0, 0], end: [c, (kh - 1) * dh + 1, (kw - 1) * dw + 1, o], strides: [1, dh, dw, 1],
        beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
      });
    return scope.run('Transpose', { x: wanted }, { perm: [1, 2, 0, 3] });
  });
}

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
