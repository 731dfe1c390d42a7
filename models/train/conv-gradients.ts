import * as tf from '@tensorflow/tfjs';

/** The attributes of a Conv2D kernel call. */
export interface Conv2DAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const pair = (value: number | readonly number[]): [number, number] => (Array.isArray(value) ? [value[0]!, value[1]!] : [value as number, value as number]);
const allOnes = (value: number | readonly number[]): boolean => pair(value).every((v) => v === 1);

function convInfo(x: tf.Tensor4D, filterShape: [number, number, number, number], attrs: Conv2DAttrs): tf.backend_util.Conv2DInfo | undefined {
  if (!allOnes(attrs.dilations) || attrs.dataFormat !== 'NHWC') return undefined;
  return tf.backend_util.computeConv2DInfo(x.shape, filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
}

/**
 * The input gradient of a stride-1, undilated NHWC convolution as one forward convolution of `dy`
 * with the spatially flipped, in/out-swapped filter; `undefined` where that does not apply.
 */
export function conv2dInputGradient(dy: tf.Tensor4D, x: tf.Tensor4D, filter: tf.Tensor4D, attrs: Conv2DAttrs): tf.Tensor4D | undefined {
  const info = convInfo(x, filter.shape, attrs);
  if (!info || !allOnes(attrs.strides)) return undefined;
  const [kh, kw] = filter.shape;
  const { top, bottom, left, right } = info.padInfo;
  const padding: tf.backend_util.ExplicitPadding = [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]];
  if (padding.flat().some((p) => p < 0)) return undefined;
  return tf.tidy(() => tf.conv2d(dy, tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]), 1, padding));
}

/**
 * The filter gradient of an undilated NHWC convolution as one forward convolution: the padded input
 * with batch and channels swapped ([C, H, W, N]) convolved with `dy` as the filter ([OH, OW, N, O]),
 * dilated by the stride; `undefined` where that does not apply.
 */
export function conv2dFilterGradient(dy: tf.Tensor4D, x: tf.Tensor4D, filterShape: [number, number, number, number], attrs: Conv2DAttrs): tf.Tensor4D | undefined {
  const info = convInfo(x, filterShape, attrs);
  if (!info) return undefined;
  const [kh, kw] = filterShape;
  const { top, bottom, left, right } = info.padInfo;
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    const taps = tf.conv2d(tf.transpose(padded, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid', 'NHWC', pair(attrs.strides));
    return tf.transpose(tf.slice(taps, [0, 0, 0, 0], [-1, kh, kw, -1]), [1, 2, 0, 3]);
  });
}

/**
 * For training runs: re-registers Conv2D's gradient so that input gradients of stride-1 convolutions
 * ({@link conv2dInputGradient}) and all filter gradients ({@link conv2dFilterGradient}) run as
 * forward convolutions, on wasm 2-20x faster than the backprop kernels. Other cases use the stock
 * kernels. Affects the whole process.
 */
export function installFastConvGradients(): void {
  tf.registerGradient({
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const dy4 = dy as tf.Tensor4D;
      const conv = attrs as unknown as Conv2DAttrs;
      return {
        x: () =>
          conv2dInputGradient(dy4, x, filter, conv) ??
          (tf.engine().runKernel('Conv2DBackpropInput', { dy: dy4, filter }, { ...attrs, inputShape: x.shape }) as tf.Tensor),
        filter: () =>
          conv2dFilterGradient(dy4, x, filter.shape, conv) ??
          (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dy4 }, { ...attrs, filterShape: filter.shape }) as tf.Tensor),
      };
    },
  });
}
