/**
 * Conv2DBackpropFilter for the wasm engine (stock wasm lacks it): one forward convolution.
 */
import * as tf from '@tensorflow/tfjs';
import { padForTaps } from '../conv/pad-for-taps.ts';
import { composeKernels, type KernelArgs, type KernelBackend, type TensorInfo } from './kernel-scope.ts';

type Shape4 = [number, number, number, number];

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
