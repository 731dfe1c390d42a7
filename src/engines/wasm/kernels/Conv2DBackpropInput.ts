/**
 * Conv2DBackpropInput for the wasm engine: col2im (by rows or tap by tap), a border split or one
 * forward convolution of dy with a polyphase filter, whichever is fastest for the geometry.
 */
import * as tf from '@tensorflow/tfjs';
import { derivedKernelData } from '../../../core/weight-cache.ts';
import { borderPieces, borderSplitInputGradient, prefersBorderSplit, type BorderSplitBackend } from '../conv/border-split.ts';
import { convAttrs, cropToInput, fitsInfo, layoutKey, readFloats, type Shape4 } from '../conv/input-gradient-parts.ts';
import { conv2dBlockPlan, type BlockPlan } from '../conv/polyphase-blocks.ts';
import { polyphaseConvFilter } from '../conv/polyphase-filters.ts';
import { prefersRowCol2im, rowCol2imInputGradient, type RowCol2imBackend } from '../conv/row-col2im.ts';
import { conv2dCol2imInputGradient, prefersCol2im, type ScatterBackend } from '../conv/tap-scatter.ts';
import { countPath } from '../path-counts.ts';
import type { HostBackend } from './cpu-fallback.ts';
import { composeKernels, type KernelArgs, type KernelScope, type TensorInfo } from './kernel-scope.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

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
  const g = derivedKernelData(backend, filter, `Conv2D-input-grad:${layout}:${filter.shape}`, makeFilter);
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
