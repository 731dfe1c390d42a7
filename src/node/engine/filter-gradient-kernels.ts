import * as tf from '@tensorflow/tfjs';
import { composeKernels, type KernelBackend, type KernelScope, type TensorInfo } from './kernel-scope.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/**
 * The input values each filter tap (kh, kw) multiplies, for every output position:
 * [KH*KW, C, P] ('tap-major') or [C, KH*KW, P] ('channel-major'), with P = N*OH*OW, built from
 * one pad, one transpose and one strided slice per tap.
 */
function gatherTaps(scope: KernelScope, x: TensorInfo, info: Conv2DInfo, layout: 'tap-major' | 'channel-major'): TensorInfo {
  const { batchSize: n, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const kh = info.filterHeight;
  const kw = info.filterWidth;
  const { top, left } = info.padInfo;
  const spanH = (oh - 1) * sh + (kh - 1) * dh + 1;
  const spanW = (ow - 1) * sw + (kw - 1) * dw + 1;
  const bottom = Math.max(0, spanH - top - info.inHeight);
  const right = Math.max(0, spanW - left - info.inWidth);
  const padded = top + bottom + left + right === 0
    ? x
    : scope.run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
  const channelsFirst = scope.run('Transpose', { x: padded }, { perm: [3, 0, 1, 2] });
  const p = n * oh * ow;
  const tapShape = layout === 'tap-major' ? [1, c, p] : [c, 1, p];
  const taps: TensorInfo[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const tap = scope.run('StridedSlice', { x: channelsFirst }, {
        begin: [0, 0, i * dh, j * dw],
        end: [c, n, i * dh + (oh - 1) * sh + 1, j * dw + (ow - 1) * sw + 1],
        strides: [1, 1, sh, sw],
        beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
      });
      taps.push(scope.reshape(tap, tapShape));
    }
  }
  return scope.run('Concat', taps, { axis: layout === 'tap-major' ? 0 : 1 });
}

function toChannelsLast(scope: KernelScope, t: TensorInfo, dataFormat: string): TensorInfo {
  return dataFormat === 'NCHW' ? scope.run('Transpose', { x: t }, { perm: [0, 2, 3, 1] }) : t;
}

/**
 * Conv2DBackpropFilter as one matrix product: dW[kh,kw,ci,co] = sum over output positions p of
 * x[tap(kh,kw,p), ci] * dy[p, co], i.e. taps [KH*KW*Cin, P] times dy [P, Cout].
 */
export function conv2dBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  // `dilations` is the engine's own extension (dilated conv gradients); TF.js never passes it.
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };
  const backend = args.backend as KernelBackend;
  const dataFormat = attrs.dataFormat ?? 'NHWC';
  return composeKernels(backend, 'wasm', (scope) => {
    const xLast = toChannelsLast(scope, x, dataFormat);
    const dyLast = toChannelsLast(scope, dy, dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      xLast.shape as [number, number, number, number], attrs.filterShape, attrs.strides, attrs.dilations ?? 1, attrs.pad,
      attrs.dimRoundingMode, false, 'channelsLast');
    const taps = gatherTaps(scope, xLast, info, 'tap-major');
    const p = info.batchSize * info.outHeight * info.outWidth;
    const a = scope.reshape(taps, [1, info.filterHeight * info.filterWidth * info.inChannels, p]);
    const b = scope.reshape(dyLast, [1, p, info.outChannels]);
    const product = scope.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    return scope.reshape(product, attrs.filterShape);
  });
}

/**
 * DepthwiseConv2dNativeBackpropFilter as one batched matrix product over channels:
 * dW[:, :, c, m] = taps[c] [KH*KW, P] times dy[c] [P, M].
 */
export function depthwiseConv2dBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const backend = args.backend as KernelBackend;
  return composeKernels(backend, 'wasm', (scope) => {
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad,
      attrs.dimRoundingMode, true, 'channelsLast');
    const [kh, kw, c, m] = attrs.filterShape;
    const taps = gatherTaps(scope, x, info, 'channel-major');
    const p = info.batchSize * info.outHeight * info.outWidth;
    const dyByChannel = scope.run('Transpose', { x: scope.reshape(dy, [p, c, m]) }, { perm: [1, 0, 2] });
    const product = scope.run('BatchMatMul', { a: taps, b: dyByChannel }, { transposeA: false, transposeB: false });
    const tapMajor = scope.run('Transpose', { x: product }, { perm: [1, 0, 2] });
    return scope.reshape(tapMajor, [kh, kw, c, m]);
  });
}

/** The fast filter-gradient kernels, as kernel configs for the wasm backend. */
export const FILTER_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilter as tf.KernelFunc },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'wasm', kernelFunc: depthwiseConv2dBackpropFilter as tf.KernelFunc },
];
