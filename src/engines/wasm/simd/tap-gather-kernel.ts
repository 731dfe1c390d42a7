/**
 * The engine's tap-gather wasm kernels (sums of filter taps' columns), one module per tap count.
 */
import { KernelModule, type SimdBackend } from './kernel-module.ts';
import { gridLoop, I32, op, V128, type Code, type WasmFunction } from './wasm-binary.ts';

/**
 * For y < rows, x < cols: the sum over r < rowTaps, c < colTaps (fixed per kernel) of the 4 floats
 * at src + y*srcRowStep + x*srcStep + r*rowTapStep + c*colTapStep, of which the first `channels`
 * (fixed per kernel, 1 to 4) are stored at dst + y*dstRowStep + x*dstStep (0 where there are no
 * taps). Pointers and steps in bytes; every 16 bytes read must lie in memory (lanes past
 * `channels` are read and dropped).
 */
export type TapGather = (src: number, dst: number, rows: number, cols: number, srcRowStep: number, dstRowStep: number,
  srcStep: number, dstStep: number, rowTapStep: number, colTapStep: number) => void;

/** Instructions wasm-binary.ts does not list. */
const v128Zero: Code = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const storeLane = (opcode: number, offset: number, lane: number): Code => [0xfd, opcode, 0, offset, lane];
const store32Lane = (offset: number, lane: number) => storeLane(0x5a, offset, lane);
const store64Lane = (offset: number, lane: number) => storeLane(0x5b, offset, lane);

/** The gather for rowTaps x colTaps taps and `channels` stored lanes: the taps' offsets in locals, their sum unrolled. */
function gatherFunction(rowTaps: number, colTaps: number, channels: number): WasmFunction {
  const [src, dst, rows, cols, srcRowStep, dstRowStep, srcStep, dstStep, rowTapStep, colTapStep] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [y, x, s, d, acc, firstOffset] = [10, 11, 12, 13, 14, 15];
  const taps = rowTaps * colTaps;
  const offsets: Code = [];
  for (let r = 0; r < rowTaps; r++) for (let c = 0; c < colTaps; c++) {
    offsets.push(...op.get(rowTapStep), ...op.i32(r), ...op.i32Mul, ...op.get(colTapStep), ...op.i32(c), ...op.i32Mul, ...op.i32Add, ...op.set(firstOffset + r * colTaps + c));
  }
  const sum: Code = taps === 0 ? v128Zero : [];
  for (let t = 0; t < taps; t++) {
    sum.push(...op.get(s), ...op.get(firstOffset + t), ...op.i32Add, ...op.v128Load());
    if (t > 0) sum.push(...op.f32x4Add);
  }
  const store = (code: Code): Code => [...op.get(d), ...op.get(acc), ...code];
  const stores: Code = channels === 4 ? store(op.v128Store())
    : channels === 3 ? [...store(store64Lane(0, 0)), ...store(store32Lane(8, 2))]
      : channels === 2 ? store(store64Lane(0, 0)) : store(store32Lane(0, 0));
  return {
    name: 'gather',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, V128, ...new Array<number>(taps).fill(I32)],
    body: [
      ...offsets,
      ...gridLoop({ src, dst, rows, cols, srcRowStep, dstRowStep, srcColStep: srcStep, dstColStep: dstStep, r: y, c: x, s, d },
        [...sum, ...op.set(acc), ...stores]),
    ],
  };
}

const modules = new Map<string, KernelModule<{ gather: TapGather }>>();

/** The tap-gather kernel for rowTaps x colTaps taps and `channels` (1 to 4) stored lanes on `backend`'s memory (compiled on first use). */
export function tapGatherKernel(backend: SimdBackend, rowTaps: number, colTaps: number, channels: number): TapGather {
  const key = `${rowTaps}x${colTaps}x${channels}`;
  let module = modules.get(key);
  if (module == null) {
    module = new KernelModule([gatherFunction(rowTaps, colTaps, channels)]);
    modules.set(key, module);
  }
  return module.on(backend).gather;
}
