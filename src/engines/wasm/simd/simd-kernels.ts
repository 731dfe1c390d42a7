/**
 * The engine's own SIMD wasm kernels: gates, max-pool gradients, per-channel affine.
 */
import { KernelModule, type SimdBackend } from './kernel-module.ts';

import { F32, I32, increment, op, V128, whileLoop, type Code, type WasmFunction } from './wasm-binary.ts';

/** The engine's own wasm SIMD kernels, on the wasm backend's memory. Pointers and sizes are in bytes. */
export interface SimdKernels {
  /** out = dy * g over 16-byte groups from `out` to `end`: g = 1 where lo < x <= hi, 0 elsewhere, NaN where x is NaN. */
  scaleByGate(x: number, dy: number, out: number, end: number, lo: number, hi: number): void;
  /** out = dy where lo <= x <= hi, else 0 (also where x is NaN), over 16-byte groups from `out` to `end`. */
  selectByGate(x: number, dy: number, out: number, end: number, lo: number, hi: number): void;
  /**
   * Max-pool input gradient of `count` windows, `windowStride` apart, each of rows x cols elements
   * `rowStep` / `colStep` apart, over channels [0, channelBytes) in groups of 4 (channelBytes % 16 = 0).
   * Each window's dy (channelBytes apart) goes to its first maximum in row-major order; an element
   * that is not it gets 0: stored into dx, so the windows must not overlap.
   */
  maxPoolGradStore: MaxPoolGradWindows;
  /** As maxPoolGradStore, but adds into dx (overlapping windows; dx zeroed beforehand). */
  maxPoolGradAdd: MaxPoolGradWindows;
  /** out = x * a + b (two roundings) over 16-byte groups from `out` to `end`, a and b per channel (channelBytes % 16 = 0). */
  channelAffine(x: number, a: number, b: number, out: number, end: number, channelBytes: number): void;
}

/** Signature of the max-pool gradient kernels (see SimdKernels.maxPoolGradStore). */
export type MaxPoolGradWindows = (x: number, dy: number, dx: number, count: number, channelBytes: number,
  rows: number, cols: number, rowStep: number, colStep: number, windowStride: number) => void;

const splatF32 = (x: number): Code => [...op.f32(x), ...op.f32x4Splat];

function gateFunction(name: string, select: boolean): WasmFunction {
  const [x, dy, out, end, lo, hi, v, low, high, one, open] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const lowerBound = select ? op.f32x4Ge : op.f32x4Gt;
  const mask = [...op.get(v), ...op.get(low), ...lowerBound, ...op.get(v), ...op.get(high), ...op.f32x4Le, ...op.v128And];
  // multiply: dy * ((open & 1.0) | (isNaN(x) & x)) is dy * 1, dy * 0 or dy * NaN, as dy * step(x) is.
  const gated = select
    ? [...op.get(dy), ...op.v128Load(), ...mask, ...op.v128And]
    : [...mask, ...op.set(open), ...op.get(dy), ...op.v128Load(),
      ...op.get(open), ...op.get(one), ...op.v128And, ...op.get(v), ...op.get(v), ...op.f32x4Ne, ...op.get(v), ...op.v128And, ...op.v128Or,
      ...op.f32x4Mul];
  return {
    name,
    params: [I32, I32, I32, I32, F32, F32],
    locals: [V128, V128, V128, V128, V128],
    body: [
      ...op.get(lo), ...op.f32x4Splat, ...op.set(low),
      ...op.get(hi), ...op.f32x4Splat, ...op.set(high),
      ...splatF32(1), ...op.set(one),
      ...whileLoop([...op.get(out), ...op.get(end), ...op.i32LtU], [
        ...op.get(x), ...op.v128Load(), ...op.set(v),
        ...op.get(out), ...gated, ...op.v128Store(),
        ...increment(x, op.i32(16)), ...increment(dy, op.i32(16)), ...increment(out, op.i32(16)),
      ]),
    ],
  };
}

function maxPoolGradFunction(name: string, accumulate: boolean): WasmFunction {
  const [x, dy, dx, count, channelBytes, rows, cols, rowStep, colStep, windowStride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [w, ch, r, q, j, p, best, where, grad, v, taken, zero] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  /** Visits the window's elements in row-major order: p = their address in `base`, j = their index. */
  const eachElement = (base: number, body: Code): Code => [
    ...op.i32(0), ...op.set(j), ...op.i32(0), ...op.set(r),
    ...whileLoop([...op.get(r), ...op.get(rows), ...op.i32LtU], [
      ...op.get(base), ...op.get(ch), ...op.i32Add, ...op.get(r), ...op.get(rowStep), ...op.i32Mul, ...op.i32Add, ...op.set(p),
      ...op.i32(0), ...op.set(q),
      ...whileLoop([...op.get(q), ...op.get(cols), ...op.i32LtU], [
        ...body,
        ...increment(j, op.i32(1)), ...increment(p, op.get(colStep)), ...increment(q, op.i32(1)),
      ]),
      ...increment(r, op.i32(1)),
    ]),
  ];
  const findMaximum = eachElement(x, [
    ...op.get(p), ...op.v128Load(), ...op.tee(v), ...op.get(best), ...op.f32x4Gt, ...op.set(taken),
    ...op.get(v), ...op.get(best), ...op.get(taken), ...op.v128Bitselect, ...op.set(best),
    ...op.get(j), ...op.i32x4Splat, ...op.get(where), ...op.get(taken), ...op.v128Bitselect, ...op.set(where),
  ]);
  const share = [...op.get(grad), ...op.get(where), ...op.get(j), ...op.i32x4Splat, ...op.i32x4Eq, ...op.v128And];
  // Adding +0 when storing turns a -0 of dy into +0, as the cpu backend's sum starting at 0 does.
  const writeGradient = eachElement(dx, accumulate
    ? [...op.get(p), ...op.get(p), ...op.v128Load(), ...share, ...op.f32x4Add, ...op.v128Store()]
    : [...op.get(p), ...share, ...op.get(zero), ...op.f32x4Add, ...op.v128Store()]);
  return {
    name,
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128],
    body: [
      ...op.i32(0), ...op.set(w),
      ...whileLoop([...op.get(w), ...op.get(count), ...op.i32LtU], [
        ...op.i32(0), ...op.set(ch),
        ...whileLoop([...op.get(ch), ...op.get(channelBytes), ...op.i32LtU], [
          ...splatF32(-Infinity), ...op.set(best), ...op.i32(-1), ...op.i32x4Splat, ...op.set(where),
          ...findMaximum,
          ...op.get(dy), ...op.get(ch), ...op.i32Add, ...op.v128Load(), ...op.set(grad),
          ...writeGradient,
          ...increment(ch, op.i32(16)),
        ]),
        ...increment(x, op.get(windowStride)), ...increment(dx, op.get(windowStride)), ...increment(dy, op.get(channelBytes)),
        ...increment(w, op.i32(1)),
      ]),
    ],
  };
}

function channelAffineFunction(): WasmFunction {
  const [x, a, b, out, end, channelBytes, ch] = [0, 1, 2, 3, 4, 5, 6];
  return {
    name: 'channelAffine',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [I32],
    body: whileLoop([...op.get(out), ...op.get(end), ...op.i32LtU], [
      ...op.i32(0), ...op.set(ch),
      ...whileLoop([...op.get(ch), ...op.get(channelBytes), ...op.i32LtU], [
        ...op.get(out),
        ...op.get(x), ...op.v128Load(), ...op.get(a), ...op.get(ch), ...op.i32Add, ...op.v128Load(), ...op.f32x4Mul,
        ...op.get(b), ...op.get(ch), ...op.i32Add, ...op.v128Load(), ...op.f32x4Add,
        ...op.v128Store(),
        ...increment(x, op.i32(16)), ...increment(out, op.i32(16)), ...increment(ch, op.i32(16)),
      ]),
    ]),
  };
}

const FUNCTIONS = [
  gateFunction('scaleByGate', false),
  gateFunction('selectByGate', true),
  maxPoolGradFunction('maxPoolGradStore', false),
  maxPoolGradFunction('maxPoolGradAdd', true),
  channelAffineFunction(),
];

const SIMD_KERNELS = new KernelModule<SimdKernels>(FUNCTIONS);

/** The compiled module of the SIMD kernels, for a shared (threaded build) or plain memory. */
export function simdKernelModule(sharedMemory: boolean): WebAssembly.Module {
  return SIMD_KERNELS.module(sharedMemory);
}

/** The SIMD kernels on `backend`'s memory. */
export function simdKernels(backend: SimdBackend): SimdKernels {
  return SIMD_KERNELS.on(backend);
}
