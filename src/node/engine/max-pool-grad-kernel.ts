import * as tf from '@tensorflow/tfjs';
import type { HostBackend } from './cpu-fallback.ts';
import type { TensorInfo } from './kernel-scope.ts';
import { countPath } from './path-counts.ts';

/** The wasm backend's views of tensor memory. */
export interface HeapBackend extends HostBackend {
  typedArrayFromHeap(t: TensorInfo): tf.backend_util.TypedArray;
}

/**
 * dx of a 2-D max pool (NHWC): each window's gradient goes to its first maximum in row-major order,
 * as the cpu backend and TensorFlow do. One pass over the input in plain JS on the wasm heap.
 */
export function maxPoolGradient(backend: HeapBackend, dy: TensorInfo, x: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const { top, left } = info.padInfo;
  countPath('exact:MaxPoolGrad');
  const dx = backend.makeOutput(x.shape, 'float32');
  const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
  const xValues = backend.typedArrayFromHeap(x) as Float32Array;
  const dyValues = backend.typedArrayFromHeap(dy) as Float32Array;
  dxValues.fill(0);
  const tiles = strideHeight === effectiveFilterHeight && strideWidth === effectiveFilterWidth && top === 0 && left === 0 &&
    dilationHeight === 1 && dilationWidth === 1 && outHeight * strideHeight <= inHeight && outWidth * strideWidth <= inWidth;
  if (tiles) {
    tiledMaxPoolGradient(xValues, dyValues, dxValues, info);
    return dx;
  }
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const rowCorner = oy * strideHeight - top;
      let rowMin = rowCorner;
      while (rowMin < 0) rowMin += dilationHeight;
      const rowMax = Math.min(inHeight, rowCorner + effectiveFilterHeight);
      for (let ox = 0; ox < outWidth; ox++) {
        const colCorner = ox * strideWidth - left;
        let colMin = colCorner;
        while (colMin < 0) colMin += dilationWidth;
        const colMax = Math.min(inWidth, colCorner + effectiveFilterWidth);
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = rowMin; r < rowMax; r += dilationHeight) {
          for (let q = colMin; q < colMax; q += dilationWidth) {
            const base = ((b * inHeight + r) * inWidth + q) * c;
            for (let k = 0; k < c; k++) {
              const v = xValues[base + k] as number;
              if (v > (best[k] as number)) {
                best[k] = v;
                where[k] = base + k;
              }
            }
          }
        }
        const out = ((b * outHeight + oy) * outWidth + ox) * c;
        for (let k = 0; k < c; k++) {
          const at = where[k] as number;
          if (at >= 0) dxValues[at] = (dxValues[at] as number) + (dyValues[out + k] as number);
        }
      }
    }
  }
  return dx;
}

/**
 * The common case of windows that tile the input (window = stride, no padding, e.g. 2x2 / 2): each
 * input element is in one window at most, so each window writes its first maximum once.
 */
function tiledMaxPoolGradient(x: Float32Array, dy: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight: sy, strideWidth: sx } = info;
  const rowStride = inWidth * c;
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const corner = ((b * inHeight + oy * sy) * inWidth + ox * sx) * c;
        for (let k = 0; k < c; k++, out++) {
          let best = -Infinity;
          let at = -1;
          for (let r = 0; r < sy; r++) {
            let i = corner + r * rowStride + k;
            for (let q = 0; q < sx; q++, i += c) {
              const v = x[i] as number;
              if (v > best) {
                best = v;
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] = dy[out] as number;
        }
      }
    }
  }
}

/**
 * MaxPoolGrad for wasm. The stock wasm kernel seeds its running max with the smallest positive
 * float, so windows whose values are all <= 0 send their gradient to the wrong element.
 */
export const maxPoolGradKernel: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const a = attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides,
    1, a.pad, a.dimRoundingMode);
  return maxPoolGradient(backend as unknown as HeapBackend, dy, input, info);
};
