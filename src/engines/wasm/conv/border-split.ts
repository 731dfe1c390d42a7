/**
 * A stride-1 Conv2D input gradient split into an interior convolution and border strips, where the
 * polyphase convolution's zero-padded border costs more than the extra calls.
 */
import type * as tf from '@tensorflow/tfjs';
import { blockCopyKernel, type BlockCopy } from '../simd/block-copy-kernel.ts';
import { borderSegments, wholeAxis, type AxisSegment } from './border-segments.ts';
import type { HostBackend } from '../kernels/cpu-fallback.ts';
import { derivedKernelData } from '../../../core/weight-cache.ts';
import { composeKernels, type TensorInfo } from '../kernels/kernel-scope.ts';
import { countPath } from '../path-counts.ts';
import { needsCrop, type BlockPlan } from './polyphase-blocks.ts';
import { tapWindow, type Filter } from './polyphase-filters.ts';
import type { SimdBackend } from '../simd/kernel-module.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** The wasm backend as the border split uses it. */
export type BorderSplitBackend = HostBackend & SimdBackend;

/** One rectangle of dx and how it is computed, per axis. */
export interface BorderPiece {
  rows: AxisSegment;
  cols: AxisSegment;
}

/** Output channels XNNPACK's f32 GEMM computes at once (wasm SIMD). */
const GEMM_TILE = 8;
/** Cost of copying one float (gathering dy, assembling dx), in GEMM multiply-adds (measured, 1 thread). */
const COPY_COST = 12;
/** Cost of one more convolution call (XNNPACK setup, indirection buffer, kernel dispatch), in multiply-adds. */
const CALL_COST = 200_000;
/** Split only where estimated at most this fraction of the single convolution (closer estimates are within timing noise). */
const SPLIT_MARGIN = 0.97;

/**
 * The rectangles of a stride-1 Conv2D input gradient (plan of blocks of 1, nothing cropped): border
 * rows over the whole width, the middle rows split along the width (see borderSegments); null where
 * neither axis splits.
 */
export function borderPieces(p: BlockPlan, info: Conv2DInfo): BorderPiece[] | null {
  if (needsCrop(p, info)) return null;
  const { outHeight: oh, outWidth: ow } = info;
  const rows = borderSegments(p.rows, oh) ?? [wholeAxis(p.rows, oh)];
  const cols = borderSegments(p.cols, ow) ?? [wholeAxis(p.cols, ow)];
  if (rows.length === 1 && cols.length === 1) return null;
  const pieces: BorderPiece[] = [];
  for (const r of rows) {
    if (r.taps < p.rows.taps) pieces.push({ rows: r, cols: wholeAxis(p.cols, ow) });
    else for (const c of cols) pieces.push({ rows: r, cols: c });
  }
  return pieces;
}

/** Whether the padding's multiply-adds the pieces leave out outweigh the extra calls and copies (estimate). */
export function prefersBorderSplit(pieces: BorderPiece[], p: BlockPlan, info: Conv2DInfo): boolean {
  const { batchSize: n, inChannels: cin, outChannels: cout } = info;
  const perOutput = cout * Math.ceil(cin / GEMM_TILE) * GEMM_TILE;
  const whole = n * p.rows.positions * p.cols.positions * p.rows.taps * p.cols.taps * perOutput;
  let split = 0;
  for (const { rows, cols } of pieces) {
    split += n * rows.count * cols.count * rows.taps * cols.taps * perOutput + CALL_COST;
    if (rows.dyCount !== info.outHeight || cols.dyCount !== info.outWidth) split += COPY_COST * n * rows.dyCount * cols.dyCount * cout;
  }
  split += COPY_COST * n * info.inHeight * info.inWidth * cin;
  return split < SPLIT_MARGIN * whole;
}

/** A place in an NHWC tensor: its memory offset, height and width, and a row and column. */
interface Place {
  at: number;
  height: number;
  width: number;
  y: number;
  x: number;
}

/** A rows x cols x channels box of every image, copied from one place to another. */
interface Box {
  rows: number;
  cols: number;
  channels: number;
  from: Place;
  to: Place;
}

/** Copies box b of each of n images (as one block per image where its rows are whole rows on both sides). */
function copyBox(copy: BlockCopy, n: number, b: Box): void {
  const { rows, cols, channels, from, to } = b;
  const src = from.at + 4 * ((from.y * from.width + from.x) * channels);
  const dst = to.at + 4 * ((to.y * to.width + to.x) * channels);
  const [srcImage, dstImage] = [4 * from.height * from.width * channels, 4 * to.height * to.width * channels];
  if (cols === from.width && cols === to.width) copy(src, dst, n, 1, 4 * rows * cols * channels, srcImage, 0, dstImage, 0);
  else copy(src, dst, n, rows, 4 * cols * channels, srcImage, 4 * from.width * channels, dstImage, 4 * to.width * channels);
}

/**
 * dx of a stride-1 Conv2D as the convolutions of the pieces (see borderPieces) with the taps of the
 * whole polyphase filter `g` each uses, each over the part of dy it reads, copied into place.
 * `layout` names g's geometry in the derived-filter cache and `makeFilter` gives g's values.
 */
export function borderSplitInputGradient(backend: BorderSplitBackend, dy: TensorInfo, filter: TensorInfo, g: TensorInfo,
  layout: string, makeFilter: () => Filter, pieces: BorderPiece[], info: Conv2DInfo): TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, outChannels: cout, inChannels: cin, inHeight: h, inWidth: w } = info;
  const [tr, tc] = g.shape as [number, number];
  const copy = blockCopyKernel(backend);
  const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
  countPath('border-split:Conv2D');
  const gathered: TensorInfo[] = [];
  try {
    return composeKernels(backend, 'wasm', (scope) => {
      const dx = backend.makeOutput([n, h, w, cin], 'float32');
      for (const { rows, cols } of pieces) {
        let x = dy;
        if (rows.dyCount !== oh || cols.dyCount !== ow) {
          x = backend.makeOutput([n, rows.dyCount, cols.dyCount, cout], 'float32');
          gathered.push(x);
          copyBox(copy, n, {
            rows: rows.dyCount, cols: cols.dyCount, channels: cout,
            from: { at: at(dy), height: oh, width: ow, y: rows.dyStart, x: cols.dyStart },
            to: { at: at(x), height: rows.dyCount, width: cols.dyCount, y: 0, x: 0 },
          });
        }
        const whole = rows.taps === tr && cols.taps === tc;
        const sub = whole ? g : derivedKernelData(backend, filter,
          `Conv2D-input-grad-taps:${layout}:${rows.tapStart}+${rows.taps},${cols.tapStart}+${cols.taps}:${filter.shape}`,
          () => tapWindow(makeFilter(), rows.tapStart, rows.taps, cols.tapStart, cols.taps));
        const piece = scope.run('Conv2D', { x, filter: sub }, {
          strides: 1, dilations: [info.dilationHeight, info.dilationWidth], dataFormat: 'NHWC',
          pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
        });
        // Copied while it is still in cache.
        copyBox(copy, n, {
          rows: rows.count, cols: cols.count, channels: cin,
          from: { at: at(piece), height: rows.count, width: cols.count, y: 0, x: 0 },
          to: { at: at(dx), height: h, width: w, y: rows.start, x: cols.start },
        });
      }
      return dx;
    });
  } finally {
    for (const t of gathered) backend.disposeData(t.dataId);
  }
}
