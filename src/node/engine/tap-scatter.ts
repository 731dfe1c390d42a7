import type * as tf from '@tensorflow/tfjs';
import type { HostBackend } from './cpu-fallback.ts';
import { derivedTensors } from './derived-tensor-cache.ts';
import { composeKernels, type TensorInfo } from './kernel-scope.ts';
import { countPath } from './path-counts.ts';
import { scatterKernels } from './scatter-kernels.ts';
import type { SimdBackend } from './simd-kernels.ts';

/** The wasm backend as the scatter kernels use it. */
export type ScatterBackend = HostBackend & SimdBackend;

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** The forward outputs [first, end) whose tap `t` reads an input position inside [0, input). */
function outputsInside(output: number, input: number, stride: number, dilation: number, pad: number, t: number): [number, number] {
  const offset = t * dilation - pad;
  return [Math.max(0, Math.ceil(-offset / stride)), Math.min(output, Math.floor((input - 1 - offset) / stride) + 1)];
}

/**
 * A zeroed dx [n, h, w, c] and, for every filter tap (ky, kx) and batch element, the block of
 * forward outputs whose tap lands inside dx, as `add(srcPosition, dst, rows, cols, ky, kx)` calls:
 * srcPosition = index of the first output (b, oy, ox), dst = dx's byte address where it lands.
 */
function scatterTaps(
  backend: ScatterBackend, info: Conv2DInfo, channels: number,
  add: (srcPosition: number, dst: number, rows: number, cols: number, ky: number, kx: number) => void,
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, strideHeight: sy, strideWidth: sx } = info;
  const dx = backend.makeOutput([n, h, w, channels], 'float32');
  const dxAt = backend.getMemoryOffset(dx.dataId);
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (memory == null) throw new Error('the wasm backend exposes no memory');
  new Float32Array(memory.buffer, dxAt, n * h * w * channels).fill(0);
  for (let ky = 0; ky < info.filterHeight; ky++) {
    const [oy0, oy1] = outputsInside(oh, h, sy, info.dilationHeight, info.padInfo.top, ky);
    for (let kx = 0; kx < info.filterWidth; kx++) {
      const [ox0, ox1] = outputsInside(ow, w, sx, info.dilationWidth, info.padInfo.left, kx);
      if (oy1 <= oy0 || ox1 <= ox0) continue;
      const iy = oy0 * sy + ky * info.dilationHeight - info.padInfo.top;
      const ix = ox0 * sx + kx * info.dilationWidth - info.padInfo.left;
      for (let b = 0; b < n; b++) {
        add((b * oh + oy0) * ow + ox0, dxAt + ((b * h + iy) * w + ix) * channels * 4, oy1 - oy0, ox1 - ox0, ky, kx);
      }
    }
  }
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
  const wT = derivedTensors.get(backend, filter, `Conv2D-col2im:${filter.shape}`, () => {
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
  const { scatterMulAdd } = scatterKernels(backend);
  const bytes = 4 * c;
  return scatterTaps(backend, info, c, (position, dst, rows, cols, ky, kx) => {
    const dyAt = backend.getMemoryOffset(dy.dataId);
    const wAt = backend.getMemoryOffset(filter.dataId);
    scatterMulAdd(dyAt + position * bytes, wAt + (ky * kw + kx) * bytes, dst, rows, cols, bytes, ow * bytes, bytes, sy * w * bytes, sx * bytes);
  });
}

/**
 * col2im: dx of Conv2D from cols = dy x W^T [n*oh*ow, kh*kw*cin] (columns ordered (ky, kx, ci)),
 * dx at the positions tap (ky, kx) reads += that tap's columns.
 */
function col2imInputGradient(backend: ScatterBackend, cols: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { inChannels: cin, outWidth: ow, inWidth: w, filterHeight: kh, filterWidth: kw, strideHeight: sy, strideWidth: sx } = info;
  const { scatterAdd } = scatterKernels(backend);
  const bytes = 4 * cin;
  const perPosition = kh * kw * bytes;
  return scatterTaps(backend, info, cin, (position, dst, rows, count, ky, kx) => {
    const colsAt = backend.getMemoryOffset(cols.dataId);
    scatterAdd(colsAt + position * perPosition + (ky * kw + kx) * bytes, 0, dst, rows, count, bytes, ow * perPosition, perPosition, sy * w * bytes, sx * bytes);
  });
}
