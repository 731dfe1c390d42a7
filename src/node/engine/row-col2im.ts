import type * as tf from '@tensorflow/tfjs';
import { backendMemory, blockAddKernel } from './block-add-kernel.ts';
import type { HostBackend } from './cpu-fallback.ts';
import { derivedTensors } from './derived-tensor-cache.ts';
import { composeKernels, type TensorInfo } from './kernel-scope.ts';
import { countPath } from './path-counts.ts';
import type { SimdBackend } from './simd-kernels.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** The wasm backend as this col2im uses it. */
export type RowCol2imBackend = HostBackend & SimdBackend;

/** Upper bound on the columns buffer, in floats. */
const MAX_COLUMNS = 16 * 1024 * 1024;
/** Columns added per chunk of output rows, in floats (64K: 256 KB, about an L2 cache). */
const CHUNK_FLOATS = 64 * 1024;

/**
 * Whether dx of this Conv2D goes through rowCol2imInputGradient: fewer than 4 input channels (a
 * network's first layer, where a forward convolution of dy has too few output channels for XNNPACK's
 * GEMM tiles and a tap's block in col2im is under one SIMD vector), no dilation along the width.
 */
export function prefersRowCol2im(info: Conv2DInfo): boolean {
  const columns = info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
  return info.inChannels < 4 && info.dilationWidth === 1 && columns <= MAX_COLUMNS;
}

/** Runs of consecutive forward output columns ox whose in-range filter columns are the same [k0, k1). */
function columnRuns(info: Conv2DInfo): { ox0: number; count: number; k0: number; k1: number }[] {
  const runs: { ox0: number; count: number; k0: number; k1: number }[] = [];
  for (let ox = 0; ox < info.outWidth; ox++) {
    const first = ox * info.strideWidth - info.padInfo.left;
    const k0 = Math.max(0, -first);
    const k1 = Math.min(info.filterWidth, info.inWidth - first);
    const last = runs[runs.length - 1];
    if (last != null && last.k0 === k0 && last.k1 === k1) last.count++;
    else if (k1 > k0) runs.push({ ox0: ox, count: 1, k0, k1 });
  }
  return runs;
}

/**
 * dx of Conv2D (NHWC, dilation 1 along the width) as cols = dy [n*oh*ow, cout] x W^T [cout, kh*kw*cin]
 * (W^T cached; columns ordered (ky, kx, ci)) and col2im by filter rows: the kw*cin columns of one
 * filter row land on kw*cin consecutive floats of dx, so each (output position, ky) adds one block.
 */
export function rowCol2imInputGradient(backend: RowCol2imBackend, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, outChannels: cout, inChannels: cin, inHeight: h, inWidth: w } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sy, strideWidth: sx, dilationHeight: dh } = info;
  const perPosition = kh * kw * cin;
  const wT = derivedTensors.get(backend, filter, `Conv2D-row-col2im:${filter.shape}`, () => {
    const values = backend.readSync(filter.dataId) as Float32Array;
    const t = new Float32Array(values.length);
    for (let r = 0; r < perPosition; r++) for (let c = 0; c < cout; c++) t[c * perPosition + r] = values[r * cout + c] as number;
    return { values: t, shape: [1, cout, perPosition] };
  });
  countPath('row-col2im:Conv2D');
  return composeKernels(backend, 'wasm', (scope) => {
    const cols = scope.run('BatchMatMul', { a: scope.reshape(dy, [1, n * oh * ow, cout]), b: wT }, { transposeA: false, transposeB: false });
    const dx = backend.makeOutput([n, h, w, cin], 'float32');
    const blockAdd = blockAddKernel(backend);
    const colsAt = backend.getMemoryOffset(cols.dataId);
    const dxAt = backend.getMemoryOffset(dx.dataId);
    new Float32Array(backendMemory(backend).buffer, dxAt, n * h * w * cin).fill(0);
    const [colsEnd, dxEnd] = [colsAt + 4 * n * oh * ow * perPosition, dxAt + 4 * n * h * w * cin];
    const runs = columnRuns(info);
    // Output rows in chunks whose columns stay in cache while every filter row adds them.
    const chunk = Math.max(1, Math.floor(CHUNK_FLOATS / (ow * perPosition)));
    for (let b = 0; b < n; b++) {
      for (let chunkStart = 0; chunkStart < oh; chunkStart += chunk) {
        for (let ky = 0; ky < kh; ky++) {
          const offset = ky * dh - info.padInfo.top;
          const oy0 = Math.max(chunkStart, Math.ceil(-offset / sy));
          const oy1 = Math.min(chunkStart + chunk, oh, Math.floor((h - 1 - offset) / sy) + 1);
          if (oy1 <= oy0) continue;
          const iy0 = oy0 * sy + offset;
          for (const { ox0, count, k0, k1 } of runs) {
            // Blocks of columns `phases` apart do not overlap in dx, so no add waits on the store before it.
            const blockBytes = 4 * (k1 - k0) * cin;
            const phases = Math.min(count, Math.ceil(Math.ceil(blockBytes / 16) * 16 / (4 * sx * cin)));
            for (let phase = 0; phase < phases; phase++) {
              const ox = ox0 + phase;
              const ix = ox * sx + k0 - info.padInfo.left;
              blockAdd(colsAt + 4 * (((b * oh + oy0) * ow + ox) * perPosition + (ky * kw + k0) * cin), dxAt + 4 * (((b * h + iy0) * w + ix) * cin),
                oy1 - oy0, Math.ceil((count - phase) / phases), blockBytes,
                4 * ow * perPosition, 4 * phases * perPosition, 4 * sy * w * cin, 4 * phases * sx * cin, colsEnd, dxEnd);
            }
          }
        }
      }
    }
    return dx;
  });
}
