// ONNX Runtime's own 3x3 convolution throughput (1x64x112x112 -> 64, the workhorse of the 224
// models) at a thread count: the native FLOP floor of the ONNX columns (GFLOP/map over this).
import { GraphBuilder } from '../src/engines/onnx/graph/builder.ts';
import { toModelBytes } from '../src/engines/onnx/graph/model-proto.ts';
import { loadOrtRuntime } from '../src/engines/onnx/node/ort-runtime.ts';
import { timeMs } from './timing.ts';

/** GFLOP/s of ORT's 3x3 same conv on 1x64x112x112 -> 64 with `threads` intra-op threads. */
export async function ortConvGflops(threads: number): Promise<number> {
  const { runtime } = await loadOrtRuntime();
  if (!runtime) return 0;
  const b = new GraphBuilder();
  const x = b.input('x', [1, 64, 112, 112]);
  const w = b.constant(Float32Array.from({ length: 64 * 64 * 9 }, (_, i) => Math.sin(i) * 0.05), [64, 64, 3, 3]);
  b.output(b.op('Conv', [x, w], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }), 'y', [1, 64, 112, 112]);
  const session = runtime.createSession(toModelBytes(b.build()), { threads });
  const feeds = { x: { data: Float32Array.from({ length: 64 * 112 * 112 }, (_, i) => Math.cos(i)), dims: [1, 64, 112, 112] } };
  const ms = timeMs(() => session.run(feeds, ['y']), 10, 2, 5000);
  session.release();
  return (2 * 112 * 112 * 64 * 64 * 9) / (ms * 1e6);
}
