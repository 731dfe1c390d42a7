import * as tf from '@tensorflow/tfjs';
import type { HostBackend } from './cpu-fallback.ts';
import type { TensorInfo } from './kernel-scope.ts';
import { countPath } from '../path-counts.ts';
import { chunkCount, runChunks, type Chunk } from '../simd/kernel-jobs.ts';
import type { SimdBackend } from '../simd/kernel-module.ts';

/** Name of the engine's one-pass gate kernel (registered for wasm only). */
export const GATE_KERNEL = 'TfjsSaliencyGate';

/**
 * dy gated element-wise by x. 'scale': dy * g with g = 1 where lo < x <= hi, 0 elsewhere and NaN
 * where x is NaN, as the stock dy * step(x) masks are. 'select': dy where lo <= x <= hi, else 0
 * (also where x is NaN), as the stock where(...) mask is. Bounds are rounded to float32, as a
 * scalar tensor rounds them.
 */
export interface Gate {
  mode: 'scale' | 'select';
  lo: number;
  hi: number;
}

/** Relu's gradient: dy * step(x). */
export const RELU_GATE: Gate = { mode: 'scale', lo: 0, hi: Infinity };
/** Relu6's gradient: dy * [0 < x <= 6]. */
export const RELU6_GATE: Gate = { mode: 'scale', lo: 0, hi: 6 };
/** Relu6's gradient from its output y = relu6(x): dy * [0 < y < 6]; 6 - 2^-21 is the largest float32 below 6. */
export const RELU6_OUTPUT_GATE: Gate = { mode: 'scale', lo: 0, hi: 6 - 2 ** -21 };

/** ClipByValue's gradient: dy where lo <= x <= hi, else 0. */
export function clipGate(lo: number, hi: number): Gate {
  return { mode: 'select', lo, hi };
}

/** The gate from stock ops, for other backends and dtypes. */
function composedGate({ mode, lo, hi }: Gate, dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const float = (t: tf.Tensor) => tf.cast(t, 'float32');
  if (mode === 'select') return tf.where(tf.logicalAnd(tf.greaterEqual(x, lo), tf.lessEqual(x, hi)), dy, tf.zerosLike(dy));
  const open = tf.logicalAnd(tf.greater(x, lo), tf.lessEqual(x, hi));
  return tf.mul(dy, tf.where(tf.isNaN(x), float(x), float(open)));
}

/** `gate` applied to dy by x: one pass of the engine's kernel on wasm, stock ops elsewhere. */
export function applyGate(gate: Gate, dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const oneKernel = tf.getBackend() === 'wasm' && tf.getKernel(GATE_KERNEL, 'wasm') != null &&
    dy.dtype === 'float32' && x.dtype === 'float32' && tf.util.arraysEqual(dy.shape, x.shape);
  if (!oneKernel) return composedGate(gate, dy, x);
  return tf.engine().runKernel(GATE_KERNEL, { dy, x }, { ...gate } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

interface GateBackend extends HostBackend, SimdBackend {
  typedArrayFromHeap(t: TensorInfo): tf.backend_util.TypedArray;
}

/** The gate kernel: SIMD over groups of 4 elements, the last n % 4 in JS with the same rules. */
const gateKernel: tf.KernelFunc = ({ inputs, attrs, backend }) => {
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

/** The gate kernel's registration for wasm. */
export const GATE_KERNEL_CONFIG: tf.KernelConfig = { kernelName: GATE_KERNEL, backendName: 'wasm', kernelFunc: gateKernel };

/** Its gradient (for gradients of gradients): the same gate on the incoming gradient; none for x. */
export const GATE_GRADIENT: tf.GradConfig = {
  kernelName: GATE_KERNEL,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    return { dy: () => applyGate(attrs as unknown as Gate, ddx as tf.Tensor, x), x: () => tf.zerosLike(x) };
  },
};
