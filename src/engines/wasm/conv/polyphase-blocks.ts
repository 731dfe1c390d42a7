/**
 * Block plans of polyphase input gradients: per axis the geometry (transposed-conv-geometry.ts) with
 * the block multiplier estimated cheapest.
 */
import type * as tf from '@tensorflow/tfjs';
import { axisGeometry, type AxisGeometry } from './transposed-conv-geometry.ts';

/** Output channels XNNPACK's f32 GEMM computes at once (wasm SIMD): narrower products cost as much. */
const GEMM_TILE = 8;
/** Cost of moving one float in the wasm Transpose / Slice kernels, in GEMM multiply-adds (measured, 1 thread). */
const INTERLEAVE_COST = 40;
const CROP_COST = 20;
/** Block multipliers tried per axis. */
const MAX_ROW_MULTIPLIER = 2;
const MAX_COL_MULTIPLIER = 8;

/** The per-axis geometries of a Conv2D input gradient. */
export interface BlockPlan {
  rows: AxisGeometry;
  cols: AxisGeometry;
}

/** Whether the interleaved convolution output covers more than dx (a Slice is needed). */
export function needsCrop(p: BlockPlan, info: tf.backend_util.Conv2DInfo): boolean {
  return p.rows.crop > 0 || p.cols.crop > 0 || p.rows.positions * p.rows.block !== info.inHeight || p.cols.positions * p.cols.block !== info.inWidth;
}

/** Estimated cost of computing dx with plan p, in GEMM multiply-adds. */
function cost(p: BlockPlan, info: tf.backend_util.Conv2DInfo): number {
  const { batchSize: n, inChannels: cin, outChannels: cout } = info;
  const channels = p.rows.block * p.cols.block * cin;
  const outputs = n * p.rows.positions * p.cols.positions;
  const gemm = outputs * p.rows.taps * p.cols.taps * cout * Math.ceil(channels / GEMM_TILE) * GEMM_TILE;
  const interleave = p.rows.block > 1 ? INTERLEAVE_COST * outputs * channels : 0;
  const crop = needsCrop(p, info) ? CROP_COST * n * info.inHeight * info.inWidth * cin : 0;
  return gemm + interleave + crop;
}

/** The plan with blocks of stride * multiplier positions per axis; null where an axis cannot have them. */
export function blockPlan(info: tf.backend_util.Conv2DInfo, rowMultiplier: number, colMultiplier: number): BlockPlan | null {
  // A convolution may not have a stride > 1 along one axis and a dilation > 1 along the other.
  const dilated = info.dilationHeight > 1 || info.dilationWidth > 1;
  if (dilated && (rowMultiplier > 1 || colMultiplier > 1)) return null;
  const rows = axisGeometry(info.inHeight, info.filterHeight, info.strideHeight, info.dilationHeight, info.padInfo.top, info.outHeight, rowMultiplier);
  const cols = axisGeometry(info.inWidth, info.filterWidth, info.strideWidth, info.dilationWidth, info.padInfo.left, info.outWidth, colMultiplier);
  return rows && cols ? { rows, cols } : null;
}

/**
 * The geometries for dx of Conv2D as one forward convolution of dy: plain polyphase (blocks of one
 * stride) unless longer blocks are estimated cheaper, which happens when the forward input has fewer
 * channels than a GEMM tile (a network's first layer); null where the stride and dilation are both > 1.
 */
export function conv2dBlockPlan(info: tf.backend_util.Conv2DInfo): BlockPlan | null {
  let best = blockPlan(info, 1, 1);
  if (best == null || info.inChannels * info.strideHeight * info.strideWidth >= GEMM_TILE) return best;
  let bestCost = cost(best, info);
  for (let my = 1; my <= MAX_ROW_MULTIPLIER; my++) {
    for (let mx = 1; mx <= MAX_COL_MULTIPLIER; mx++) {
      const candidate = blockPlan(info, my, mx);
      if (candidate == null) continue;
      const c = cost(candidate, info);
      if (c < bestCost) [best, bestCost] = [candidate, c];
    }
  }
  return best;
}
