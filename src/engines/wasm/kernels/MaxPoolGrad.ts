/**
 * MaxPoolGrad for the wasm engine: the first maximum of each window gets dy, in SIMD over channels
 * (TF.js 4.22's wasm kernel sends the gradient of windows whose values are all <= 0 to the wrong element).
 */
import * as tf from '@tensorflow/tfjs';
import type { HostBackend } from './cpu-fallback.ts';
import type { TensorInfo } from './kernel-scope.ts';
import { countPath } from '../path-counts.ts';
import { chunkCount, runChunks, type Chunk } from '../simd/kernel-jobs.ts';
import type { SimdBackend } from '../simd/kernel-module.ts';
import { simdKernels } from '../simd/simd-kernels.ts';

/** The wasm backend's views of tensor memory. */
export interface HeapBackend extends HostBackend, SimdBackend {
  typedArrayFromHeap(t: TensorInfo): tf.backend_util.TypedArray;
}

/**
 * dx of a 2-D max pool (NHWC): each window's gradient goes to its first maximum in row-major order,
 * as the cpu backend and TensorFlow do (NaN is never a maximum; a window of NaN / -Infinity only
 * passes nothing). SIMD over 4 channels at a time when the channel count allows it.
 */
export function maxPoolGradient(backend: HeapBackend, dy: TensorInfo, x: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo {
  countPath('exact:MaxPoolGrad');
  const dx = backend.makeOutput(x.shape, 'float32');
  if (info.inChannels % 4 !== 0) {
    scalarMaxPoolGradient(backend.typedArrayFromHeap(x) as Float32Array, backend.typedArrayFromHeap(dy) as Float32Array,
      backend.typedArrayFromHeap(dx) as Float32Array, info);
    return dx;
  }
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const { top, left } = info.padInfo;
  const channelBytes = inChannels * 4;
  const rowBytes = inWidth * channelBytes;
  const [xAt, dyAt, dxAt] = [x, dy, dx].map((t) => backend.getMemoryOffset(t.dataId)) as [number, number, number];
  const tiles = strideHeight === effectiveFilterHeight && strideWidth === effectiveFilterWidth && top === 0 && left === 0 &&
    dilationHeight === 1 && dilationWidth === 1 && outHeight * strideHeight <= inHeight && outWidth * strideWidth <= inWidth;
  if (!tiles || outHeight * strideHeight < inHeight || outWidth * strideWidth < inWidth) {
    (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);
  }
  if (tiles) {
    // Rows of windows write disjoint rows of dx: chunks of whole rows.
    const rowCount = batchSize * outHeight;
    const parts = Math.min(chunkCount(backend, 2 * batchSize * inHeight * rowBytes), rowCount);
    const chunks: Chunk[] = [];
    for (let i = 0; i < parts; i++) {
      const chunk: Chunk = [];
      for (let row = Math.floor((rowCount * i) / parts); row < Math.floor((rowCount * (i + 1)) / parts); row++) {
        const [b, oy] = [Math.floor(row / outHeight), row % outHeight];
        const offset = (b * inHeight + oy * strideHeight) * rowBytes;
        chunk.push([xAt + offset, dyAt + row * outWidth * channelBytes, dxAt + offset, outWidth, channelBytes, strideHeight, strideWidth,
          rowBytes, channelBytes, strideWidth * channelBytes]);
      }
      chunks.push(chunk);
    }
    runChunks(backend, 'maxPoolGradStore', chunks);
    return dx;
  }
  const kernels = simdKernels(backend);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const dyRow = dyAt + (b * outHeight + oy) * outWidth * channelBytes;
      const [rowMin, rows] = windowRange(oy * strideHeight - top, effectiveFilterHeight, dilationHeight, inHeight);
      for (let ox = 0; ox < outWidth; ox++) {
        const [colMin, cols] = windowRange(ox * strideWidth - left, effectiveFilterWidth, dilationWidth, inWidth);
        const offset = (b * inHeight + rowMin) * rowBytes + colMin * channelBytes;
        kernels.maxPoolGradAdd(xAt + offset, dyRow + ox * channelBytes, dxAt + offset, 1, channelBytes, rows, cols,
          dilationHeight * rowBytes, dilationWidth * channelBytes, 0);
      }
    }
  }
  return dx;
}

/** First index and count of a window's taps inside [0, size): taps at corner + k * dilation below corner + extent. */
function windowRange(corner: number, extent: number, dilation: number, size: number): [number, number] {
  let first = corner;
  while (first < 0) first += dilation;
  const end = Math.min(size, corner + extent);
  return [first, Math.max(0, Math.ceil((end - first) / dilation))];
}

/** maxPoolGradient in plain JS, for channel counts the SIMD kernels do not take (not a multiple of 4). */
function scalarMaxPoolGradient(xValues: Float32Array, dyValues: Float32Array, dxValues: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const { top, left } = info.padInfo;
  dxValues.fill(0);
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const [rowMin, rows] = windowRange(oy * strideHeight - top, effectiveFilterHeight, dilationHeight, inHeight);
      for (let ox = 0; ox < outWidth; ox++) {
        const [colMin, cols] = windowRange(ox * strideWidth - left, effectiveFilterWidth, dilationWidth, inWidth);
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = rowMin; r < rowMin + rows * dilationHeight; r += dilationHeight) {
          for (let q = colMin; q < colMin + cols * dilationWidth; q += dilationWidth) {
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
