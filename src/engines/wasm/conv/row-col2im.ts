/**
 * Conv2D input gradients for fewer than 4 input channels: dy x W^T, then col2im by filter rows on
 * the engine's tap-gather kernel.
 */
import type * as tf from '@tensorflow/tfjs';
import type { HostBackend } from '../kernels/cpu-fallback.ts';
import { derivedKernelData } from '../../../core/weight-cache.ts';
import { composeKernels, type TensorInfo } from '../kernels/kernel-scope.ts';
import { countPath } from '../path-counts.ts';
import type { SimdBackend } from '../simd/kernel-module.ts';
import { tapGatherKernel } from '../simd/tap-gather-kernel.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** The wasm backend as this col2im uses it. */
export type RowCol2imBackend = HostBackend & SimdBackend;

/** Upper bound on the columns buffer, in floats. */
const MAX_COLUMNS = 16 * 1024 * 1024;

/**
 * Whether dx of this Conv2D goes through rowCol2imInputGradient: fewer than 4 input channels (a
 * network's first layer, where a forward convolution of dy has too few output channels for XNNPACK's
 * GEMM tiles and a tap's block in col2im is under one SIMD vector), no dilation along the width.
 */
export function prefersRowCol2im(info: Conv2DInfo): boolean {
  const columns = info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
  return info.inChannels < 4 && info.dilationWidth === 1 && columns <= MAX_COLUMNS;
}

/**
 * Input positions i0, i0 + stride, ... (count of them) along one axis that gather the same filter
 * taps k0, k0 + tapStep, ... (taps of them), position i0's tap k0 from output position o0 (the
 * next position's from o0 + 1).
 */
interface Run {
  i0: number;
  count: number;
  k0: number;
  taps: number;
  tapStep: number;
  o0: number;
}

/** Every input position along one axis in runs of one phase (i mod stride) that gather the same taps. */
function axisRuns(input: number, pad: number, filter: number, stride: number, dilation: number, output: number): Run[] {
  const runs: Run[] = [];
  for (let phase = 0; phase < Math.min(stride, input); phase++) {
    let run: Run | null = null;
    for (let i = phase; i < input; i += stride) {
      const valid: number[] = [];
      for (let k = 0; k < filter; k++) {
        const q = i + pad - k * dilation;
        if (q % stride === 0 && q >= 0 && q / stride < output) valid.push(k);
      }
      const k0 = valid[0] ?? 0;
      const tapStep = valid.length > 1 ? (valid[1] as number) - k0 : 1;
      const o0 = valid.length > 0 ? (i + pad - k0 * dilation) / stride : 0;
      if (run != null && run.k0 === k0 && run.taps === valid.length && run.tapStep === tapStep && (valid.length === 0 || run.o0 + run.count === o0)) {
        run.count++;
      } else {
        run = { i0: i, count: 1, k0, taps: valid.length, tapStep, o0 };
        runs.push(run);
      }
    }
  }
  return runs;
}

/**
 * dx of Conv2D (NHWC, dilation 1 along the width) as cols = dy [n*oh*ow, cout] x W^T [cout, kh*kw*cin]
 * (W^T cached; columns ordered (ky, kx, ci), then 4 - cin zero columns so that every tap's block can
 * be read as one 16-byte vector) and col2im as a gather: each dx pixel sums the blocks of the taps
 * that reach it and is stored once.
 */
export function rowCol2imInputGradient(backend: RowCol2imBackend, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, outChannels: cout, inChannels: cin, inHeight: h, inWidth: w } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sy, strideWidth: sx, dilationHeight: dh } = info;
  const taps = kh * kw * cin;
  const perPosition = taps + 4 - cin;
  const wT = derivedKernelData(backend, filter, `Conv2D-row-col2im-gather:${filter.shape}`, () => {
    const values = backend.readSync(filter.dataId) as Float32Array;
    const t = new Float32Array(cout * perPosition);
    for (let r = 0; r < taps; r++) for (let c = 0; c < cout; c++) t[c * perPosition + r] = values[r * cout + c] as number;
    return { values: t, shape: [1, cout, perPosition] };
  });
  countPath('row-col2im:Conv2D');
  return composeKernels(backend, 'wasm', (scope) => {
    const cols = scope.run('BatchMatMul', { a: scope.reshape(dy, [1, n * oh * ow, cout]), b: wT }, { transposeA: false, transposeB: false });
    const dx = backend.makeOutput([n, h, w, cin], 'float32');
    const colsAt = backend.getMemoryOffset(cols.dataId);
    const dxAt = backend.getMemoryOffset(dx.dataId);
    const rowRuns = axisRuns(h, info.padInfo.top, kh, sy, dh, oh);
    const colRuns = axisRuns(w, info.padInfo.left, kw, sx, 1, ow);
    for (const rowRun of rowRuns) {
      // The next row tap reads tapStep filter rows further on, tapStep * dh / sy output rows back; likewise for columns (dilation 1).
      const rowTapStep = 4 * (rowRun.tapStep * kw * cin - (rowRun.tapStep * dh / sy) * ow * perPosition);
      for (const colRun of colRuns) {
        const gather = tapGatherKernel(backend, rowRun.taps, colRun.taps, cin);
        const colTapStep = 4 * (colRun.tapStep * cin - (colRun.tapStep / sx) * perPosition);
        for (let b = 0; b < n; b++) {
          gather(colsAt + 4 * (((b * oh + rowRun.o0) * ow + colRun.o0) * perPosition + (rowRun.k0 * kw + colRun.k0) * cin),
            dxAt + 4 * (((b * h + rowRun.i0) * w + colRun.i0) * cin), rowRun.count, colRun.count,
            4 * ow * perPosition, 4 * sy * w * cin, 4 * perPosition, 4 * sx * cin, rowTapStep, colTapStep);
        }
      }
    }
    return dx;
  });
}
