/**
 * Parts shared by the input-gradient kernels that run dy through a forward convolution: the check
 * that dy fits, the derived-filter cache key of a layout, the convolution attributes over a block
 * plan, and the crop of the interleaved result back to dx.
 */
import type * as tf from '@tensorflow/tfjs';
import type { HostBackend } from '../kernels/cpu-fallback.ts';
import type { KernelScope, TensorInfo } from '../kernels/kernel-scope.ts';
import { needsCrop, type BlockPlan } from './polyphase-blocks.ts';
import type { PhaseWindow } from './polyphase-filters.ts';
import type { AxisGeometry } from './transposed-conv-geometry.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
/** A rank-4 shape. */
export type Shape4 = [number, number, number, number];

/** Whether dy is the float32 [batch, outHeight, outWidth, *] gradient of the convolution `info` describes, with a float32 filter. */
export function fitsInfo(info: Conv2DInfo, dy: TensorInfo, filter: TensorInfo): boolean {
  const [n, oh, ow] = dy.shape as Shape4;
  return n === info.batchSize && oh === info.outHeight && ow === info.outWidth && dy.dtype === 'float32' && filter.dtype === 'float32';
}

/** What identifies a geometry's filter layout in the derived-filter cache (with the filter shape). */
export const layoutKey = (g: AxisGeometry) => `${g.block}/${g.sources.join(',')}`;

export const readFloats = (backend: HostBackend, t: TensorInfo) => backend.readSync(t.dataId) as Float32Array;

/** The convolution attributes for dy over plan p, or over the window w of its taps. */
export function convAttrs(p: BlockPlan, w?: PhaseWindow): object {
  const { rows, cols } = p;
  const [skipRows, skipCols] = w == null ? [0, 0] : [w.skipRows, w.skipCols];
  const [dropRows, dropCols] = w == null ? [0, 0] : [rows.taps - skipRows - w.rows, cols.taps - skipCols - w.cols];
  return {
    strides: [rows.stride, cols.stride], dilations: [rows.dilation, cols.dilation], dataFormat: 'NHWC',
    pad: [[0, 0], [rows.padBefore - skipRows, rows.padAfter - dropRows], [cols.padBefore - skipCols, cols.padAfter - dropCols], [0, 0]],
  };
}

/** full [n, rows.positions*rows.block, cols.positions*cols.block, c] cropped to dx's [n, h, w, c]. */
export function cropToInput(scope: KernelScope, full: TensorInfo, p: BlockPlan, info: Conv2DInfo): TensorInfo {
  if (!needsCrop(p, info)) return full;
  const [n, , , c] = full.shape as Shape4;
  return scope.run('Slice', { x: full }, { begin: [0, p.rows.crop, p.cols.crop, 0], size: [n, info.inHeight, info.inWidth, c] });
}
