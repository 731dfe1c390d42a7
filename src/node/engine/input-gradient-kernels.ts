import * as tf from '@tensorflow/tfjs';
import type { HostBackend } from './cpu-fallback.ts';
import { derivedTensors } from './derived-tensor-cache.ts';
import { composeKernels, type KernelScope, type TensorInfo } from './kernel-scope.ts';
import { countPath } from './path-counts.ts';
import { polyphaseConvFilter, polyphaseDepthwiseFilter } from './polyphase-filters.ts';
import { axisGeometry, type AxisGeometry } from './transposed-conv-geometry.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];

interface Plan {
  info: Conv2DInfo;
  strides: [number, number];
  dilations: [number, number];
  rows: AxisGeometry;
  cols: AxisGeometry;
}

/** The polyphase plan for dy of one Conv2DInfo, or null when the fast path does not apply. */
function plan(info: Conv2DInfo, dy: TensorInfo): Plan | null {
  const [n, oh, ow] = dy.shape as Shape4;
  if (n !== info.batchSize || oh !== info.outHeight || ow !== info.outWidth || dy.dtype !== 'float32') return null;
  const { strideHeight: sy, strideWidth: sx, dilationHeight: dh, dilationWidth: dw } = info;
  if ((sy > 1 || sx > 1) && (dh > 1 || dw > 1)) return null;
  const rows = axisGeometry(info.inHeight, info.filterHeight, sy, dh, info.padInfo.top, info.outHeight);
  const cols = axisGeometry(info.inWidth, info.filterWidth, sx, dw, info.padInfo.left, info.outWidth);
  return rows && cols ? { info, strides: [sy, sx], dilations: [dh, dw], rows, cols } : null;
}

function explicitPadding(p: Plan): number[][] {
  return [[0, 0], [p.rows.padBefore, p.rows.padAfter], [p.cols.padBefore, p.cols.padAfter], [0, 0]];
}

/**
 * Interleaves the sy*sx phases of z [N, Q, Q', channels x phases] into [N, Q*sy, Q'*sx, C] and crops
 * the forward padding. `phaseAxesFirst` says whether z's channels are ordered (phase, c) or (c, phase).
 */
function interleavePhases(scope: KernelScope, z: TensorInfo, p: Plan, channels: number, phaseAxesFirst: boolean): TensorInfo {
  const [n, qh, qw] = z.shape as Shape4;
  const [sy, sx] = p.strides;
  let full = z;
  if (sy * sx > 1) {
    const split = phaseAxesFirst ? [n, qh, qw, sy, sx, channels] : [n, qh, qw, channels, sy, sx];
    const perm = phaseAxesFirst ? [0, 1, 3, 2, 4, 5] : [0, 1, 4, 2, 5, 3];
    const phases = scope.run('Transpose', { x: scope.reshape(z, split) }, { perm });
    full = scope.reshape(phases, [n, qh * sy, qw * sx, channels]);
  }
  const { inHeight: h, inWidth: w } = p.info;
  const [, fh, fw] = full.shape as Shape4;
  if (p.rows.crop === 0 && p.cols.crop === 0 && fh === h && fw === w) return full;
  return scope.run('Slice', { x: full }, { begin: [0, p.rows.crop, p.cols.crop, 0], size: [n, h, w, channels] });
}

/**
 * dy convolved (forward kernel `kernel`, stride 1) with the polyphase filter derived from `filter`
 * by `derive`, and the plan it follows; null where the fast path does not apply.
 */
function polyphaseConv(
  backend: HostBackend, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo, kernel: 'Conv2D' | 'DepthwiseConv2dNative',
  derive: (w: Float32Array, shape: readonly number[], strides: [number, number]) => { values: Float32Array; shape: number[] },
  body: (scope: KernelScope, z: TensorInfo, p: Plan) => TensorInfo,
): TensorInfo | null {
  const p = plan(info, dy);
  if (p == null) return null;
  const g = derivedTensors.get(backend, filter, `${kernel}-input-grad:${p.strides}:${filter.shape}`,
    () => derive(backend.readSync(filter.dataId) as Float32Array, filter.shape, p.strides));
  countPath(`polyphase:${kernel}`);
  return composeKernels(backend, 'wasm', (scope) => body(scope, scope.run(kernel, { x: dy, filter: g }, {
    strides: 1, pad: explicitPadding(p), dilations: p.dilations, dataFormat: 'NHWC',
  }), p));
}

/** dx of Conv2D (NHWC) as one forward Conv2D of dy with the polyphase filter; null if not applicable. */
export function conv2dInputGradient(backend: HostBackend, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo | null {
  return polyphaseConv(backend, dy, filter, info, 'Conv2D', polyphaseConvFilter,
    (scope, z, p) => interleavePhases(scope, z, p, info.inChannels, true));
}

/** dx of DepthwiseConv2dNative as one forward depthwise conv of dy; null if not applicable. */
export function depthwiseInputGradient(backend: HostBackend, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo | null {
  const [, , c, m] = filter.shape as Shape4;
  return polyphaseConv(backend, dy, filter, info, 'DepthwiseConv2dNative', polyphaseDepthwiseFilter, (scope, z, p) => {
    if (m > 1) {
      const [n, qh, qw] = z.shape as Shape4;
      const phases = p.strides[0] * p.strides[1];
      const split = scope.reshape(z, [n, qh, qw, c, m, phases]);
      z = scope.reshape(scope.run('Sum', { x: split }, { axis: [4], keepDims: false }), [n, qh, qw, c * phases]);
    }
    return interleavePhases(scope, z, p, c, false);
  });
}

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
  backend: unknown;
}

/**
 * Conv2DBackpropInput for wasm: the polyphase forward conv where it applies (NHWC), else the stock
 * wasm kernel `stock`. Accepts an extra `dilations` attribute (used for dilated conv gradients).
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
 * DepthwiseConv2dNativeBackpropInput for wasm (which lacks it): a forward depthwise conv where it
 * applies, else `fallback` (the cpu kernel).
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
