/**
 * TfjsSaliencyGate, the engine's own kernel (wasm only): a gate (gate.ts) in one SIMD pass.
 */
import * as tf from '@tensorflow/tfjs';
import { chunkCount, runChunks, type Chunk } from '../simd/kernel-jobs.ts';
import type { SimdBackend } from '../simd/kernel-module.ts';
import { countPath } from '../path-counts.ts';
import type { HostBackend } from './cpu-fallback.ts';
import type { Gate } from './gate.ts';
import type { TensorInfo } from './kernel-scope.ts';

interface GateBackend extends HostBackend, SimdBackend {
  typedArrayFromHeap(t: TensorInfo): tf.backend_util.TypedArray;
}

/** The gate kernel (registered as GATE_KERNEL): SIMD over groups of 4 elements, the last n % 4 in JS with the same rules. */
export const gateKernel: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const { mode, lo, hi } = attrs as unknown as Gate;
  const host = backend as unknown as GateBackend;
  countPath(`gate:${mode}`);
  const out = host.makeOutput(dy.shape, 'float32');
  const size = tf.util.sizeFromShape(dy.shape);
  const vectorized = size - (size % 4);
  const [xAt, dyAt, outAt] = [x, dy, out].map((t) => host.getMemoryOffset(t.dataId)) as [number, number, number];
  // Chunks of whole 16-byte groups.
  const groups = vectorized / 4;
  const parts = Math.min(chunkCount(host, 12 * vectorized), groups);
  const chunks: Chunk[] = [];
  for (let i = 0; i < parts; i++) {
    const [from, to] = [16 * Math.floor((groups * i) / parts), 16 * Math.floor((groups * (i + 1)) / parts)];
    chunks.push([[xAt + from, dyAt + from, outAt + from, outAt + to, lo, hi]]);
  }
  runChunks(host, mode === 'scale' ? 'scaleByGate' : 'selectByGate', chunks);
  if (vectorized < size) {
    const [xs, dys, outs] = [x, dy, out].map((t) => host.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array];
    const [low, high] = [Math.fround(lo), Math.fround(hi)];
    for (let i = vectorized; i < size; i++) {
      const v = xs[i] as number;
      const g = dys[i] as number;
      if (mode === 'select') outs[i] = v >= low && v <= high ? g : 0;
      else outs[i] = g * (Number.isNaN(v) ? v : v > low && v <= high ? 1 : 0);
    }
  }
  return out;
};
