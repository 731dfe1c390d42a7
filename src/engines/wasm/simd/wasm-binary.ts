/**
 * A minimal WebAssembly binary writer: the instructions the engine's SIMD kernels use, and a
 * module of functions over one imported memory. Instructions are byte arrays; a function body is
 * their concatenation.
 */

/** Encoded bytes of an instruction, a sequence of instructions or a module section. */
export type Code = number[];

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

function unsigned(n: number): Code {
  const out: Code = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function signed(n: number): Code {
  const out: Code = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const vector = (items: Code[]): Code => [...unsigned(items.length), ...items.flat()];
const name = (text: string): Code => vector([...new TextEncoder().encode(text)].map((b) => [b]));
const simd = (opcode: number): Code => [0xfd, ...unsigned(opcode)];
/** Memory access immediates: alignment hint 1 byte (tensors need not be 16-byte aligned), offset. */
const memarg = (offset: number): Code => [0, ...unsigned(offset)];

/** Instructions, by their WebAssembly text names. */
export const op = {
  get: (local: number): Code => [0x20, ...unsigned(local)],
  set: (local: number): Code => [0x21, ...unsigned(local)],
  tee: (local: number): Code => [0x22, ...unsigned(local)],
  i32: (n: number): Code => [0x41, ...signed(n)],
  f32: (x: number): Code => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32LtU: [0x49],
  i32Eqz: [0x45],
  v128Load: (offset = 0): Code => [...simd(0x00), ...memarg(offset)],
  v128Store: (offset = 0): Code => [...simd(0x0b), ...memarg(offset)],
  i32x4Splat: simd(0x11),
  f32x4Splat: simd(0x13),
  i32x4Eq: simd(0x37),
  f32x4Ne: simd(0x42),
  f32x4Gt: simd(0x44),
  f32x4Le: simd(0x45),
  f32x4Ge: simd(0x46),
  v128And: simd(0x4e),
  v128Or: simd(0x50),
  v128Bitselect: simd(0x52),
  f32x4Add: simd(0xe4),
  f32x4Mul: simd(0xe6),
};

/** `local += step` for an i32 local. */
export const increment = (local: number, step: Code): Code => [...op.get(local), ...step, ...op.i32Add, ...op.set(local)];

/** `while (condition) body`: `condition` leaves an i32 on the stack. */
export function whileLoop(condition: Code, body: Code): Code {
  // block { loop { br_if 1 (!condition); body; br 0 } }
  return [0x02, 0x40, 0x03, 0x40, ...condition, ...op.i32Eqz, 0x0d, 1, ...body, 0x0c, 0, 0x0b, 0x0b];
}

/** Local indices of a {@link gridLoop}: its parameters and the four locals it counts with. */
export interface GridLocals {
  src: number; dst: number; rows: number; cols: number;
  srcRowStep: number; dstRowStep: number; srcColStep: number; dstColStep: number;
  /** Counters and the current source / destination addresses (set by the loop). */
  r: number; c: number; s: number; d: number;
}

/**
 * for r < rows: s = src + r*srcRowStep, d = dst + r*dstRowStep; for c < cols: `body`, then
 * s += srcColStep, d += dstColStep. The walk over a grid of blocks every block kernel shares.
 */
export function gridLoop(g: GridLocals, body: Code): Code {
  return [
    ...op.i32(0), ...op.set(g.r),
    ...whileLoop([...op.get(g.r), ...op.get(g.rows), ...op.i32LtU], [
      ...op.get(g.src), ...op.get(g.r), ...op.get(g.srcRowStep), ...op.i32Mul, ...op.i32Add, ...op.set(g.s),
      ...op.get(g.dst), ...op.get(g.r), ...op.get(g.dstRowStep), ...op.i32Mul, ...op.i32Add, ...op.set(g.d),
      ...op.i32(0), ...op.set(g.c),
      ...whileLoop([...op.get(g.c), ...op.get(g.cols), ...op.i32LtU], [
        ...body,
        ...increment(g.s, op.get(g.srcColStep)), ...increment(g.d, op.get(g.dstColStep)), ...increment(g.c, op.i32(1)),
      ]),
      ...increment(g.r, op.i32(1)),
    ]),
  ];
}

/** A function of the module: its signature, extra locals (numbered after the parameters) and body. */
export interface WasmFunction {
  name: string;
  params: number[];
  locals: number[];
  body: Code;
}

const section = (id: number, content: Code): Code => [id, ...unsigned(content.length), ...content];

/**
 * A module that imports its memory as env.memory (shared, as a threaded build's memory is, when
 * `sharedMemory`) and exports `functions`, none of which returns a value.
 */
export function wasmModule(functions: WasmFunction[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const limits = sharedMemory ? [0x03, 0, ...unsigned(65536)] : [0x00, 0];
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), 0]);
  const bodies = functions.map((f) => {
    const content = [...vector(f.locals.map((t) => [1, t])), ...f.body, 0x0b];
    return [...unsigned(content.length), ...content];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, ...limits]])),
    ...section(3, vector(functions.map((_, i) => unsigned(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...unsigned(i)]))),
    ...section(10, vector(bodies)),
  ]);
}
