/**
 * FusedBatchNorm (inference) for the wasm engine: one per-channel affine pass.
 */
import * as tf from '@tensorflow/tfjs';
import type { HostBackend } from './cpu-fallback.ts';
import { composeKernels, type KernelArgs, type TensorInfo } from './kernel-scope.ts';
import type { SimdBackend } from '../simd/kernel-module.ts';
import { simdKernels } from '../simd/simd-kernels.ts';

/**
 * Inference batch norm as x * a + b with per-channel a = scale / sqrt(variance + eps) and
 * b = offset - mean * a, in one SIMD pass when the channel count is a multiple of 4, else on the
 * wasm backend's Multiply and Add kernels (the stock kernel is a scalar loop about 2x slower than
 * those two). Other shapes go to `stock`.
 */
export function perChannelBatchNorm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as KernelArgs;
    const { x, mean, variance, offset, scale } = inputs as Record<string, TensorInfo | undefined>;
    const eps = (attrs as unknown as tf.FusedBatchNormAttrs).varianceEpsilon;
    const host = backend as HostBackend & SimdBackend;
    if (x == null || mean == null || variance == null || x.dtype !== 'float32') return stock(args);
    const channels = x.shape[x.shape.length - 1] as number;
    const perChannel = (t: TensorInfo | undefined) => t == null || (t.shape.length === 1 && t.shape[0] === channels);
    if (![mean, variance, offset, scale].every(perChannel)) return stock(args);
    const m = host.readSync(mean.dataId) as Float32Array;
    const v = host.readSync(variance.dataId) as Float32Array;
    const g = scale == null ? null : (host.readSync(scale.dataId) as Float32Array);
    const o = offset == null ? null : (host.readSync(offset.dataId) as Float32Array);
    const a = new Float32Array(channels);
    const b = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      a[c] = (g ? (g[c] as number) : 1) / Math.sqrt((v[c] as number) + eps);
      b[c] = (o ? (o[c] as number) : 0) - (m[c] as number) * (a[c] as number);
    }
    const factor = host.makeOutput([channels], 'float32', undefined, a);
    const shift = host.makeOutput([channels], 'float32', undefined, b);
    if (channels % 4 === 0) {
      const out = host.makeOutput(x.shape, 'float32');
      const [xAt, factorAt, shiftAt, outAt] = [x, factor, shift, out].map((t) => host.getMemoryOffset(t.dataId)) as [number, number, number, number];
      simdKernels(host).channelAffine(xAt, factorAt, shiftAt, outAt, outAt + 4 * tf.util.sizeFromShape(x.shape), 4 * channels);
      host.disposeData(factor.dataId, true);
      host.disposeData(shift.dataId, true);
      return out;
    }
    return composeKernels(host, 'wasm', (scope) => {
      const scaled = scope.run('Multiply', { a: x, b: factor });
      const out = scope.run('Add', { a: scaled, b: shift });
      host.disposeData(factor.dataId, true);
      host.disposeData(shift.dataId, true);
      return out;
    });
  };
}
