/**
 * DepthwiseConv2dNativeBackpropInput for the wasm engine (stock wasm lacks it): the flipped filter,
 * tap by tap, or one forward depthwise convolution per phase.
 */
import * as tf from '@tensorflow/tfjs';
import { derivedKernelData } from '../../../core/weight-cache.ts';
import { convAttrs, cropToInput, fitsInfo, layoutKey, readFloats, type Shape4 } from '../conv/input-gradient-parts.ts';
import { blockPlan } from '../conv/polyphase-blocks.ts';
import { phaseDepthwiseFilter, phaseWindow } from '../conv/polyphase-filters.ts';
import { depthwiseScatterInputGradient, type ScatterBackend } from '../conv/tap-scatter.ts';
import { countPath } from '../path-counts.ts';
import type { HostBackend } from './cpu-fallback.ts';
import { composeKernels, type KernelArgs, type TensorInfo } from './kernel-scope.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

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
        const g = derivedKernelData(backend, filter, key, () => phaseDepthwiseFilter(readFloats(backend, filter), filter.shape, rows, cols, ry, rx, w));
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
