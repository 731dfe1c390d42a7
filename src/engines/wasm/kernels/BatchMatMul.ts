/**
 * BatchMatMul for the wasm engine: transposeB products against a cached transpose.
 */
import type * as tf from '@tensorflow/tfjs';
import { derivedKernelData } from '../../../core/weight-cache.ts';
import type { HostBackend } from './cpu-fallback.ts';
import type { KernelArgs, TensorInfo } from './kernel-scope.ts';

/**
 * BatchMatMul with transposeB on a single matrix b (a dense layer's input gradient dy @ W^T) as a
 * plain product with a cached transpose of b: the wasm kernel re-packs b on every transposeB call.
 */
export function cachedTransposeMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as KernelArgs;
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const batchOfB = b.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    if (!transposeB || batchOfB !== 1 || b.dtype !== 'float32') return stock(args);
    const host = backend as HostBackend;
    const [rows, cols] = b.shape.slice(-2) as [number, number];
    const bT = derivedKernelData(host, b, `transpose:${rows}x${cols}`, () => {
      const values = host.readSync(b.dataId) as Float32Array;
      const t = new Float32Array(values.length);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = values[r * cols + c] as number;
      return { values: t, shape: [cols, rows] };
    });
    const bTSameRank = { ...bT, shape: [...b.shape.slice(0, -2), cols, rows] };
    return stock({ inputs: { a, b: bTSameRank }, attrs: { transposeA, transposeB: false } as unknown as tf.NamedAttrMap, backend } as Parameters<tf.KernelFunc>[0]);
  };
}
