import { I32, increment, op, V128, wasmModule, whileLoop, type Code, type WasmFunction } from './wasm-binary.ts';
import type { SimdBackend } from './simd-kernels.ts';

/**
 * For r < rows, c < cols: dst[r*dstRowStep + c*dstColStep + k] += src[r*srcRowStep + c*srcColStep + k]
 * over the float32 elements k of a block of blockBytes (a multiple of 4), blocks in order (they may
 * overlap in dst). Pointers, sizes and steps in bytes. A block's last partial 16-byte group is one
 * masked vector where its 16 bytes lie before srcEnd and dstEnd (the masked lanes add 0 to what
 * follows in dst), else single floats: the blocks of small-channel col2im are 4 to 36 bytes.
 */
export type BlockAdd = (src: number, dst: number, rows: number, cols: number, blockBytes: number,
  srcRowStep: number, srcColStep: number, dstRowStep: number, dstColStep: number, srcEnd: number, dstEnd: number) => void;

/**
 * For r < rows, c < cols: the blockBytes bytes at src + r*srcRowStep + c*srcColStep are copied to
 * dst + r*dstRowStep + c*dstColStep (memory.copy; blocks in order). Pointers, sizes and steps in bytes.
 */
export type BlockCopy = (src: number, dst: number, rows: number, cols: number, blockBytes: number,
  srcRowStep: number, srcColStep: number, dstRowStep: number, dstColStep: number) => void;

/** The block kernels of one memory. */
interface BlockKernels {
  blockAdd: BlockAdd;
  blockCopy: BlockCopy;
}

/** Instructions wasm-binary.ts does not list. */
const f32Load: Code = [0x2a, 0, 0];
const f32Store: Code = [0x38, 0, 0];
const f32Add: Code = [0x92];
const i32And: Code = [0x71];
const i32ShrU: Code = [0x76];
const i32LeU: Code = [0x4d];
const i32x4LtS: Code = [0xfd, 0x39];
const laneIndices: Code = [0xfd, 0x0c, ...new Uint8Array(Int32Array.of(0, 1, 2, 3).buffer)];
/** memory.copy (bulk memory) from and to memory 0: operands dst, src, bytes. */
const memoryCopy: Code = [0xfc, 0x0a, 0, 0];
const ifElse = (condition: Code, then: Code, otherwise: Code): Code => [...condition, 0x04, 0x40, ...then, 0x05, ...otherwise, 0x0b];

function blockAddFunction(): WasmFunction {
  const [src, dst, rows, cols, blockBytes, srcRowStep, srcColStep, dstRowStep, dstColStep, srcEnd, dstEnd] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [r, c, s, d, p, q, vectorEnd, mask] = [11, 12, 13, 14, 15, 16, 17, 18];
  /** dst[p..p+16) += src[q..q+16) (masked: src lanes past the block read as 0). */
  const addVector = (masked: boolean): Code => [
    ...op.get(p), ...op.get(p), ...op.v128Load(), ...op.get(q), ...op.v128Load(), ...(masked ? [...op.get(mask), ...op.v128And] : []),
    ...op.f32x4Add, ...op.v128Store(),
  ];
  const blockEnd = (base: number): Code => [...op.get(base), ...op.get(blockBytes), ...op.i32Add];
  return {
    name: 'blockAdd',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, V128],
    body: [
      ...op.get(blockBytes), ...op.i32(-16), ...i32And, ...op.set(vectorEnd),
      ...laneIndices, ...op.get(blockBytes), ...op.i32(15), ...i32And, ...op.i32(2), ...i32ShrU, ...op.i32x4Splat, ...i32x4LtS, ...op.set(mask),
      // From here on srcEnd / dstEnd are the last addresses a whole vector may start at.
      ...increment(srcEnd, op.i32(-16)), ...increment(dstEnd, op.i32(-16)),
      ...op.i32(0), ...op.set(r),
      ...whileLoop([...op.get(r), ...op.get(rows), ...op.i32LtU], [
        ...op.get(src), ...op.get(r), ...op.get(srcRowStep), ...op.i32Mul, ...op.i32Add, ...op.set(s),
        ...op.get(dst), ...op.get(r), ...op.get(dstRowStep), ...op.i32Mul, ...op.i32Add, ...op.set(d),
        ...op.i32(0), ...op.set(c),
        ...whileLoop([...op.get(c), ...op.get(cols), ...op.i32LtU], [
          ...op.get(d), ...op.set(p), ...op.get(s), ...op.set(q),
          ...whileLoop([...op.get(p), ...op.get(d), ...op.get(vectorEnd), ...op.i32Add, ...op.i32LtU], [
            ...addVector(false), ...increment(p, op.i32(16)), ...increment(q, op.i32(16)),
          ]),
          ...ifElse([...op.get(p), ...blockEnd(d), ...op.i32LtU], ifElse([...op.get(p), ...op.get(dstEnd), ...i32LeU, ...op.get(q), ...op.get(srcEnd), ...i32LeU, ...i32And],
            addVector(true),
            whileLoop([...op.get(p), ...blockEnd(d), ...op.i32LtU], [
              ...op.get(p), ...op.get(p), ...f32Load, ...op.get(q), ...f32Load, ...f32Add, ...f32Store, ...increment(p, op.i32(4)), ...increment(q, op.i32(4)),
            ])), []),
          ...increment(s, op.get(srcColStep)), ...increment(d, op.get(dstColStep)), ...increment(c, op.i32(1)),
        ]),
        ...increment(r, op.i32(1)),
      ]),
    ],
  };
}

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
const instances = new WeakMap<WebAssembly.Memory, BlockKernels>();

/** The wasm backend's memory. */
export function backendMemory(backend: SimdBackend): WebAssembly.Memory {
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (memory == null) throw new Error('the wasm backend exposes no memory');
  return memory;
}

/** The block kernels on `backend`'s memory (compiled once per memory kind, instantiated once per memory). */
function blockKernels(backend: SimdBackend): BlockKernels {
  const memory = backendMemory(backend);
  let kernels = instances.get(memory);
  if (kernels == null) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    let module = modules.get(shared);
    if (module == null) {
      module = new WebAssembly.Module(wasmModule([blockAddFunction(), blockCopyFunction()], shared));
      modules.set(shared, module);
    }
    kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as BlockKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}

/** The block-add kernel on `backend`'s memory. */
export function blockAddKernel(backend: SimdBackend): BlockAdd {
  return blockKernels(backend).blockAdd;
}

/** The block-copy kernel on `backend`'s memory. */
export function blockCopyKernel(backend: SimdBackend): BlockCopy {
  return blockKernels(backend).blockCopy;
}
