/**
 * The engine's scatter wasm kernels: strided blocks of one buffer added (times weights) into another.
 */
import { KernelModule, type SimdBackend } from './kernel-module.ts';
import { gridLoop, I32, increment, op, V128, whileLoop, type Code, type WasmFunction } from './wasm-binary.ts';

/**
 * The engine's wasm kernels that add strided blocks of one buffer into another, on the wasm
 * backend's memory: the tap-by-tap form of a transposed convolution (col2im, depthwise input
 * gradients). Pointers, sizes and steps are in bytes.
 */
export interface ScatterKernels {
  /**
   * For r < rows, c < cols: dst[r*dstRowStep + c*dstColStep + k] += src[r*srcRowStep + c*srcColStep + k] * w[k]
   * over the float32 elements k of a block of blockBytes (a multiple of 4).
   */
  scatterMulAdd: Scatter;
  /** As scatterMulAdd without the weights (w is ignored). */
  scatterAdd: Scatter;
}

/** Signature of the scatter kernels (see ScatterKernels.scatterMulAdd). */
export type Scatter = (src: number, w: number, dst: number, rows: number, cols: number, blockBytes: number,
  srcRowStep: number, srcColStep: number, dstRowStep: number, dstColStep: number) => void;

/** Scalar instructions wasm-binary.ts does not list (alignment hint 1 byte, offset 0). */
const f32Load: Code = [0x2a, 0, 0];
const f32Store: Code = [0x38, 0, 0];
const f32Add: Code = [0x92];
const f32Mul: Code = [0x94];

function scatterFunction(name: string, multiply: boolean): WasmFunction {
  const [src, w, dst, rows, cols, blockBytes, srcRowStep, srcColStep, dstRowStep, dstColStep] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r, c, k, s, d, vectorEnd] = [10, 11, 12, 13, 14, 15];
  /** dst[d + k] += src[s + k] (* w[k]) with the given load / arithmetic / store instructions. */
  const element = (load: Code, add: Code, mul: Code, store: Code): Code => [
    ...op.get(d), ...op.get(k), ...op.i32Add,
    ...op.get(d), ...op.get(k), ...op.i32Add, ...load,
    ...op.get(s), ...op.get(k), ...op.i32Add, ...load,
    ...(multiply ? [...op.get(w), ...op.get(k), ...op.i32Add, ...load, ...mul] : []),
    ...add, ...store,
  ];
  return {
    name,
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32],
    body: [
      // Whole 16-byte groups up to vectorEnd = blockBytes - blockBytes % 16, then single floats.
      ...op.get(blockBytes), ...op.i32(-16), ...[0x71], ...op.set(vectorEnd),
      ...gridLoop({ src, dst, rows, cols, srcRowStep, dstRowStep, srcColStep, dstColStep, r, c, s, d }, [
        ...op.i32(0), ...op.set(k),
        ...whileLoop([...op.get(k), ...op.get(vectorEnd), ...op.i32LtU], [
          ...element(op.v128Load(), op.f32x4Add, op.f32x4Mul, op.v128Store()),
          ...increment(k, op.i32(16)),
        ]),
        ...whileLoop([...op.get(k), ...op.get(blockBytes), ...op.i32LtU], [
          ...element(f32Load, f32Add, f32Mul, f32Store),
          ...increment(k, op.i32(4)),
        ]),
      ]),
    ],
  };
}

const FUNCTIONS = [scatterFunction('scatterMulAdd', true), scatterFunction('scatterAdd', false)];

const SCATTER_KERNELS = new KernelModule<ScatterKernels>(FUNCTIONS);

/** The compiled module of the scatter kernels, for a shared (threaded build) or plain memory. */
export function scatterKernelModule(sharedMemory: boolean): WebAssembly.Module {
  return SCATTER_KERNELS.module(sharedMemory);
}

/** The scatter kernels on `backend`'s memory. */
export function scatterKernels(backend: SimdBackend): ScatterKernels {
  return SCATTER_KERNELS.on(backend);
}
