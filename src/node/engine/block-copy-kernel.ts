import { I32, increment, op, wasmModule, whileLoop, type Code, type WasmFunction } from './wasm-binary.ts';
import type { SimdBackend } from './simd-kernels.ts';

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
    body: [
      ...op.i32(0), ...op.set(r),
      ...whileLoop([...op.get(r), ...op.get(rows), ...op.i32LtU], [
        ...op.get(src), ...op.get(r), ...op.get(srcRowStep), ...op.i32Mul, ...op.i32Add, ...op.set(s),
        ...op.get(dst), ...op.get(r), ...op.get(dstRowStep), ...op.i32Mul, ...op.i32Add, ...op.set(d),
        ...op.i32(0), ...op.set(c),
        ...whileLoop([...op.get(c), ...op.get(cols), ...op.i32LtU], [
          ...op.get(d), ...op.get(s), ...op.get(blockBytes), ...memoryCopy,
          ...increment(s, op.get(srcColStep)), ...increment(d, op.get(dstColStep)), ...increment(c, op.i32(1)),
        ]),
        ...increment(r, op.i32(1)),
      ]),
    ],
  };
}

const modules = new Map<boolean, WebAssembly.Module>();
const instances = new WeakMap<WebAssembly.Memory, BlockCopy>();

/** The wasm backend's memory. */
export function backendMemory(backend: SimdBackend): WebAssembly.Memory {
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (memory == null) throw new Error('the wasm backend exposes no memory');
  return memory;
}

/** The block-copy kernel on `backend`'s memory (compiled once per memory kind, instantiated once per memory). */
export function blockCopyKernel(backend: SimdBackend): BlockCopy {
  const memory = backendMemory(backend);
  let kernel = instances.get(memory);
  if (kernel == null) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    let module = modules.get(shared);
    if (module == null) {
      module = new WebAssembly.Module(wasmModule([blockCopyFunction()], shared));
      modules.set(shared, module);
    }
    kernel = (new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as { blockCopy: BlockCopy }).blockCopy;
    instances.set(memory, kernel);
  }
  return kernel;
}
