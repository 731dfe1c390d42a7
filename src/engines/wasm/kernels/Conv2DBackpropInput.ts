import * as tf from '@tensorflow/tfjs';
import { borderPieces, borderSplitInputGradient, prefersBorderSplit, type BorderSplitBackend } from '../conv/border-split.ts';
import type { HostBackend } from './cpu-fallback.ts';
import { derivedTensors } from '../../../engine/derived-tensor-cache.ts';
import { composeKernels, type KernelScope, type TensorInfo } from './kernel-scope.ts';
import { countPath } from '../path-counts.ts';
import { blockPlan, conv2dBlockPlan, needsCrop, type BlockPlan } from '../conv/polyphase-blocks.ts';
import { phaseDepthwiseFilter, phaseWindow, polyphaseConvFilter, type PhaseWindow } from '../conv/polyphase-filters.ts';
import { prefersRowCol2im, rowCol2imInputGradient, type RowCol2imBackend } from '../conv/row-col2im.ts';
import { conv2dCol2imInputGradient, depthwiseScatterInputGradient, prefersCol2im, type ScatterBackend } from '../conv/tap-scatter.ts';
import type { AxisGeometry } from '../conv/transposed-conv-geometry.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];

/** Whether dy is the float32 [batch, outHeight, outWidth, *] gradient of the convolution `info` describes, with a float32 filter. */
function fitsInfo(info: Conv2DInfo, dy: TensorInfo, filter: TensorInfo): boolean {
  const [n, oh, ow] = dy.shape as Shape4;
  return n === info.batchSize && oh === info.outHeight && ow === info.outWidth && dy.dtype === 'float32' && filter.dtype === 'float32';
}

/** What identifies a geometry's filter layout in the derived-filter cache (with the filter shape). */
const layoutKey = (g: AxisGeometry) => `${g.block}/${g.sources.join(',')}`;

const readFloats = (backend: HostBackend, t: TensorInfo) => backend.readSync(t.dataId) as Float32Array;

/** The convolution attributes for dy over plan p, or over the window w of its taps. */
function convAttrs(p: BlockPlan, w?: PhaseWindow): object {
  const { rows, cols } = p;
  const [skipRows, skipCols] = w == null ? [0, 0] : [w.skipRows, w.skipCols];
  const [dropRows, dropCols] = w == null ? [0, 0] : [rows.taps - skipRows - w.rows, cols.taps - skipCols - w.cols];
  return {
    strides: [rows.stride, cols.stride], dilations: [rows.dilation, cols.dilation], dataFormat: 'NHWC',
    pad: [[0, 0], [rows.padBefore - skipRows, rows.padAfter - dropRows], [cols.padBefore - skipCols, cols.padAfter - dropCols], [0, 0]],
  };
}

/** full [n, rows.positions*rows.block, cols.positions*cols.block, c] cropped to dx's [n, h, w, c]. */
function cropToInput(scope: KernelScope, full: TensorInfo, p: BlockPlan, info: Conv2DInfo): TensorInfo {
  if (!needsCrop(p, info)) return full;
  const [n, , , c] = full.shape as Shape4;
  return scope.run('Slice', { x: full }, { begin: [0, p.rows.crop, p.cols.crop, 0], size: [n, info.inHeight, info.inWidth, c] });
}

/** z [n, py, px, by*bx*c] with channels ordered (ry, rx, c) as [n, py*by, px*bx, c]. */
function interleaveBlocks(scope: KernelScope, z: TensorInfo, p: BlockPlan, c: number): TensorInfo {
  const [n, py, px] = z.shape as Shape4;
  const [by, bx] = [p.rows.block, p.cols.block];
  if (by === 1) return scope.reshape(z, [n, py, px * bx, c]);
  // wasm's Transpose is fast up to rank 4 after dropping leading axes that stay in place.
  const blocks = scope.run('Transpose', { x: scope.reshape(z, [n * py, px, by, bx * c]) }, { perm: [0, 2, 1, 3] });
  return scope.reshape(blocks, [n, py * by, px * bx, c]);
}

/**
 * dx of Conv2D (NHWC) as dy x W^T and col2im where that is faster (by filter rows for fewer than 4
 * input channels, see prefersRowCol2im, else tap by tap, see prefersCol2im), else as one
 * forward Conv2D of dy with a polyphase filter (see polyphase-blocks.ts); null if neither applies.
 */
export function conv2dInputGradient(backend: HostBackend, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo | null {
  if (!fitsInfo(info, dy, filter)) return null;
  if (prefersRowCol2im(info)) return rowCol2imInputGradient(backend as RowCol2imBackend, dy, filter, info);
  if (prefersCol2im(info)) return conv2dCol2imInputGradient(backend as ScatterBackend, dy, filter, info);
  const p = conv2dBlockPlan(info);
  if (p == null) return null;
  const layout = `${layoutKey(p.rows)}:${layoutKey(p.cols)}`;
  const makeFilter = () => polyphaseConvFilter(readFloats(backend, filter), filter.shape, p.rows, p.cols);
  const g = derivedTensors.get(backend, filter, `Conv2D-input-grad:${layout}:${filter.shape}`, makeFilter);
  const pieces = borderPieces(p, info);
  if (pieces != null && prefersBorderSplit(pieces, p, info)) {
    return borderSplitInputGradient(backend as BorderSplitBackend, dy, filter, g, layout, makeFilter, pieces, info);
  }
  countPath('polyphase:Conv2D');
  return composeKernels(backend, 'wasm', (scope) => {
    const z = scope.run('Conv2D', { x: dy, filter: g }, convAttrs(p));
    return cropToInput(scope, interleaveBlocks(scope, z, p, info.inChannels), p, info);
  });
}

/**
 * dx of DepthwiseConv2dNative: for stride 1 one forward depthwise conv of dy with the flipped filter;
 * for larger strides tap by tap (multiplier 1), or per block position (phase) a forward depthwise
 * conv of dy with that phase's sub-filter, the phases then interleaved (a channel multiplier per
 * phase would leave XNNPACK's depthwise kernels for a slow grouped GEMM); null if not applicable.
 */
export function depthwiseInputGradient(backend: HostBackend, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo | null {
  if (!fitsInfo(info, dy, filter)) return null;
  const p = blockPlan(info, 1, 1);
  if (p == null) return null;
  const { rows, cols } = p;
  const [, , c, m] = filter.shape as Shape4;
  if (m === 1 && rows.block * cols.block > 1) return depthwiseScatterInputGradient(backend as ScatterBackend, dy, filter, info);
  const [by, bx] = [rows.block, cols.block];
  countPath('polyphase:DepthwiseConv2dNative');
  return composeKernels(backend, 'wasm', (scope) => {
    const phases: TensorInfo[] = [];
    for (let ry = 0; ry < by; ry++) {
      for (let rx = 0; rx < bx; rx++) {
        const w = phaseWindow(rows, cols, ry, rx);
        const key = `DepthwiseConv2dNative-input-grad:${layoutKey(rows)}:${layoutKey(cols)}:${ry},${rx}:${w.rows}x${w.cols}+${w.skipRows},${w.skipCols}:${filter.shape}`;
        const g = derivedTensors.get(backend, filter, key, () => phaseDepthwiseFilter(readFloats(backend, filter), filter.shape, rows, cols, ry, rx, w));
        phases.push(scope.run('DepthwiseConv2dNative', { x: dy, filter: g }, convAttrs(p, w)));
      }
    }
    // Phases side by side along the width: [n, py, (ry, rx, px), c*m].
    let z = phases.length === 1 ? (phases[0] as TensorInfo) : scope.run('Concat', phases, { axis: 2 });
    const [n, py, width] = z.shape as Shape4;
    const px = width / (by * bx);
    if (m > 1) z = scope.run('Sum', { x: scope.reshape(z, [n, py, width, c, m]) }, { axis: [4], keepDims: false });
    if (phases.length > 1) {
      const blocks = scope.run('Transpose', { x: scope.reshape(z, [n * py * by, bx, px, c]) }, { perm: [0, 2, 1, 3] });
      z = scope.reshape(blocks, [n, py * by, px * bx, c]);
    }
    return cropToInput(scope, z, p, info);
  });
}

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
  backend: unknown;
}

/**
 * Conv2DBackpropInput for wasm: col2im or the polyphase forward conv (NHWC, see
 * conv2dInputGradient), else the stock wasm kernel `stock`. Accepts an extra `dilations` attribute (used for dilated conv gradients).
 */
export function fastConv2DBackpropInput(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as KernelArgs;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropInputAttrs & { dilations?: number | [number, number] };
    if ((a.dataFormat ?? 'NHWC') === 'NHWC') {
      const info = tf.backend_util.computeConv2DInfo(a.inputShape as Shape4, filter.shape as Shape4, a.strides,
        a.dilations ?? 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
      const dx = conv2dInputGradient(backend as HostBackend, dy, filter, info);
      if (dx != null) return dx;
    }
    if (a.dilations != null && a.dilations !== 1 && String(a.dilations) !== '1,1') {
      throw new Error('Conv2DBackpropInput with dilations > 1 needs NHWC data and stride 1');
    }
    return stock(args);
  };
}

/**
 * DepthwiseConv2dNativeBackpropInput for wasm (which lacks it): see depthwiseInputGradient, else
 * `fallback` (the cpu kernel).
 */
export function fastDepthwiseBackpropInput(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as KernelArgs;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    const info = tf.backend_util.computeConv2DInfo(a.inputShape as Shape4, filter.shape as Shape4, a.strides,
      a.dilations, a.pad, a.dimRoundingMode, true, 'channelsLast');
    return depthwiseInputGradient(backend as HostBackend, dy, filter, info) ?? fallback(args);
  };
}
