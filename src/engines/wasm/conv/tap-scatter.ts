/**
 * Input gradients tap by tap: col2im for Conv2D (dy x W^T, then a scatter of each tap's columns) and
 * a scatter of dy * W for depthwise convolutions, on the engine's scatter kernels.
 */
import type * as tf from '@tensorflow/tfjs';
import type { HostBackend } from '../kernels/cpu-fallback.ts';
import { derivedKernelData } from '../../../core/weight-cache.ts';
import { composeKernels, type TensorInfo } from '../kernels/kernel-scope.ts';
import { countPath } from '../path-counts.ts';
import { chunkCount, runChunks, type Chunk } from '../simd/kernel-jobs.ts';
import { backendMemory, type SimdBackend } from '../simd/kernel-module.ts';

/** The wasm backend as the scatter kernels use it. */
export type ScatterBackend = HostBackend & SimdBackend;

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** The forward outputs [first, end) whose tap `t` reads an input position inside [0, input). */
function outputsInside(output: number, input: number, stride: number, dilation: number, pad: number, t: number): [number, number] {
  const offset = t * dilation - pad;
  return [Math.max(0, Math.ceil(-offset / stride)), Math.min(output, Math.floor((input - 1 - offset) / stride) + 1)];
}

/** A tap's block of outputs: the first one's index (b, oy, ox), dx's byte address where it lands, its rows and columns, the tap. */
type TapBlock = [srcPosition: number, dst: number, rows: number, cols: number, ky: number, kx: number];

/**
 * A zeroed dx [n, h, w, c] and the scatter of every filter tap (ky, kx) and batch element: the
 * block of forward outputs whose tap lands inside dx, as `kernel` calls `args(block)`. On more than
 * one thread dx is cut into bands of rows, each tap's block clipped to each band, so chunks write
 * disjoint memory; every element of dx still gets its taps' terms in the same order.
 */
function scatterTaps(
  backend: ScatterBackend, info: Conv2DInfo, channels: number, kernel: 'scatterAdd' | 'scatterMulAdd',
  args: (block: TapBlock) => number[],
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, strideHeight: sy, strideWidth: sx } = info;
  const dx = backend.makeOutput([n, h, w, channels], 'float32');
  const dxAt = backend.getMemoryOffset(dx.dataId);
  new Float32Array(backendMemory(backend).buffer, dxAt, n * h * w * channels).fill(0);
  const rowCount = n * h;
  const bands = Math.min(chunkCount(backend, 3 * n * oh * ow * info.filterHeight * info.filterWidth * channels * 4), rowCount);
  const chunks: Chunk[] = [];
  for (let band = 0; band < bands; band++) {
    const [first, end] = [Math.floor((rowCount * band) / bands), Math.floor((rowCount * (band + 1)) / bands)];
    const chunk: Chunk = [];
    for (let ky = 0; ky < info.filterHeight; ky++) {
      const [oy0, oy1] = outputsInside(oh, h, sy, info.dilationHeight, info.padInfo.top, ky);
      const rowOffset = ky * info.dilationHeight - info.padInfo.top;
      for (let kx = 0; kx < info.filterWidth; kx++) {
        const [ox0, ox1] = outputsInside(ow, w, sx, info.dilationWidth, info.padInfo.left, kx);
        if (oy1 <= oy0 || ox1 <= ox0) continue;
        const ix = ox0 * sx + kx * info.dilationWidth - info.padInfo.left;
        for (let b = Math.floor(first / h); b * h < end; b++) {
          // Outputs oy of this tap landing on rows [top, bottom) of element b: oy * sy + rowOffset inside.
          const [top, bottom] = [Math.max(0, first - b * h), Math.min(h, end - b * h)];
          const from = Math.max(oy0, Math.ceil((top - rowOffset) / sy));
          const to = Math.min(oy1, Math.ceil((bottom - rowOffset) / sy));
          if (to <= from) continue;
          const iy = from * sy + rowOffset;
          chunk.push(args([(b * oh + from) * ow + ox0, dxAt + ((b * h + iy) * w + ix) * channels * 4, to - from, ox1 - ox0, ky, kx]));
        }
      }
    }
    chunks.push(chunk);
  }
  runChunks(backend, kernel, chunks);
  return dx;
}

/** Upper bound on col2im's columns buffer, in floats. */
const MAX_COLUMNS = 16 * 1024 * 1024;

/**
 * Whether dx of this Conv2D is faster as dy x W^T and col2im than as a polyphase convolution
 * (measured, 1 thread): with a stride > 1, where the polyphase filter's zero taps cost 16/9 for
 * 3x3/2 and its phases must be interleaved (0.65-0.8x the time), and with one input channel (0.6-0.8x).
 * With more channels at stride 1 the columns' pass costs more than the polyphase convolution's waste.
 */
export function prefersCol2im(info: Conv2DInfo): boolean {
  const columns = info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
  return columns <= MAX_COLUMNS && (info.strideHeight > 1 || info.strideWidth > 1 || info.inChannels === 1);
}

/** dx of Conv2D (NHWC) as cols = dy [n*oh*ow, cout] x W^T [cout, kh*kw*cin] (W^T cached), then col2im. */
export function conv2dCol2imInputGradient(backend: ScatterBackend, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, outChannels: cout } = info;
  const columns = info.filterHeight * info.filterWidth * info.inChannels;
  const wT = derivedKernelData(backend, filter, `Conv2D-col2im:${filter.shape}`, () => {
    const values = backend.readSync(filter.dataId) as Float32Array;
    const t = new Float32Array(values.length);
    for (let r = 0; r < columns; r++) for (let c = 0; c < cout; c++) t[c * columns + r] = values[r * cout + c] as number;
    return { values: t, shape: [1, cout, columns] };
  });
  countPath('col2im:Conv2D');
  return composeKernels(backend, 'wasm', (scope) => {
    const cols = scope.run('BatchMatMul', { a: scope.reshape(dy, [1, n * oh * ow, cout]), b: wT }, { transposeA: false, transposeB: false });
    return col2imInputGradient(backend, cols, info);
  });
}

/**
 * dx of DepthwiseConv2dNative with channel multiplier 1 (NHWC), tap by tap: dx at the positions tap
 * (ky, kx) reads += dy * W[ky, kx]. One pass over dy per tap, no interleaving.
 */
export function depthwiseScatterInputGradient(backend: ScatterBackend, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  countPath('scatter:DepthwiseConv2dNative');
  const { inChannels: c, outWidth: ow, inWidth: w, filterWidth: kw, strideHeight: sy, strideWidth: sx } = info;
  const bytes = 4 * c;
  const [dyAt, wAt] = [backend.getMemoryOffset(dy.dataId), backend.getMemoryOffset(filter.dataId)];
  return scatterTaps(backend, info, c, 'scatterMulAdd', ([position, dst, rows, cols, ky, kx]) =>
    [dyAt + position * bytes, wAt + (ky * kw + kx) * bytes, dst, rows, cols, bytes, ow * bytes, bytes, sy * w * bytes, sx * bytes]);
}

/**
 * col2im: dx of Conv2D from cols = dy x W^T [n*oh*ow, kh*kw*cin] (columns ordered (ky, kx, ci)),
 * dx at the positions tap (ky, kx) reads += that tap's columns.
 */
function col2imInputGradient(backend: ScatterBackend, cols: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { inChannels: cin, outWidth: ow, inWidth: w, filterHeight: kh, filterWidth: kw, strideHeight: sy, strideWidth: sx } = info;
  const bytes = 4 * cin;
  const perPosition = kh * kw * bytes;
  const colsAt = backend.getMemoryOffset(cols.dataId);
  return scatterTaps(backend, info, cin, 'scatterAdd', ([position, dst, rows, count, ky, kx]) =>
    [colsAt + position * perPosition + (ky * kw + kx) * bytes, 0, dst, rows, count, bytes, ow * perPosition, perPosition, sy * w * bytes, sx * bytes]);
}
