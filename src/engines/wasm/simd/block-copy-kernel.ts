/**
 * The engine's block-copy wasm kernel: a grid of strided blocks copied with memory.copy.
 */
import { KernelModule, type SimdBackend } from './kernel-module.ts';
import { gridLoop, I32, op, type Code, type WasmFunction } from './wasm-binary.ts';

/**
 * For r < rows, c < cols: the blockBytes bytes at src + r*srcRowStep + c*srcColStep are copied to
 * dst + r*dstRowStep + c*dstColStep (memory.copy; blocks in order). Pointers, sizes and steps in bytes.
 */
export type BlockCopy = (src: number, dst: number, rows: number, cols: number, blockBytes: number,
  srcRowStep: number, srcColStep: number, dstRowStep: number, dstColStep: number) => void;

/** memory.copy (bulk memory) from and to memory 0: operands dst, src, bytes. */
const memoryCopy: Code = [0xfc, 0x0a, 0, 0];

function blockCopyFunction(): WasmFunction {
  const [src, dst, rows, cols, blockBytes, srcRowStep, srcColStep, dstRowStep, dstColStep] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [r, c, s, d] = [9, 10, 11, 12];
  return {
    name: 'blockCopy',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32],
    body: gridLoop({ src, dst, rows, cols, srcRowStep, dstRowStep, srcColStep, dstColStep, r, c, s, d },
      [...op.get(d), ...op.get(s), ...op.get(blockBytes), ...memoryCopy]),
  };
}

const BLOCK_COPY = new KernelModule<{ blockCopy: BlockCopy }>([blockCopyFunction()]);

/** The block-copy kernel on `backend`'s memory. */
export function blockCopyKernel(backend: SimdBackend): BlockCopy {
  return BLOCK_COPY.on(backend).blockCopy;
}
