// One benchmark process (the wasm thread count is fixed per process). Run by bench/run.ts:
//   node --import tsx bench/measure.ts --variant cpu|wasm-stock|engine --threads N --models a,b --runs R --out file.json --maps dir
import * as tf from '@tensorflow/tfjs';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setupBackend } from '../src/engines/wasm/node/index.ts';
import { pathCounts, resetPathCounts } from '../src/engines/wasm/path-counts.ts';
import { loadBenchModels } from './load-models.ts';
import { timeMs, timePairMs, timeRoundsMs } from './timing.ts';
import { adaptModel } from '../src/core/model.ts';
import { computeGradients } from '../src/core/gradients.ts';
import { resolveObjective } from '../src/core/objective.ts';
import { classTarget } from '../src/core/target.ts';
import { exportForTorch } from './torch-export.ts';
import { installOnnxEngine } from '../src/engines/onnx/node/install.ts';
import { forwardProgramFor, type ForwardProgram } from '../src/core/engine.ts';
import { ortConvGflops } from './ort-conv.ts';

const { values: args } = parseArgs({
  options: {
    variant: { type: 'string' }, threads: { type: 'string', default: '1' }, models: { type: 'string', default: '' },
    runs: { type: 'string', default: '10' }, out: { type: 'string' }, maps: { type: 'string' }, memory: { type: 'string', default: '0' },
    profile: { type: 'boolean', default: false }, export: { type: 'string' },
  },
});
const variant = args.variant as 'cpu' | 'wasm-stock' | 'engine' | 'onnx';
const threads = Number(args.threads);
const runs = Number(args.runs);

/** Results of one model in this process. */
export interface ModelResult {
  name: string;
  /** The library's map: computeGradients through the model executor (engine variant only). */
  libraryMs?: number;
  /** Median of library/forward over interleaved rounds. */
  libraryOverForward?: number;
  /** tf.grad of model.apply: the backend's kernels and gradients alone. */
  mapMs?: number;
  forwardMs?: number;
  /** Median of map/forward over interleaved pairs of runs (robust to a changing machine load). */
  mapOverForward?: number;
  error?: string;
  flops?: number;
  profile?: { kernel: string; ms: number; calls: number }[];
  paths?: Record<string, number>;
  memory?: { maps: number; tensorsBefore: number; tensorsAfter: number; heapMbBefore: number; heapMbAfter: number; rssMbBefore: number; rssMbAfter: number };
  torchExported?: boolean;
}

async function prepareBackend(): Promise<number> {
  if (variant === 'onnx') {
    await tf.setBackend('cpu');
    const handle = await installOnnxEngine({ threads });
    if (!handle.installed) throw new Error(`bench: ${handle.detail}`);
    return threads;
  }
  if (variant === 'engine') return (await setupBackend({ threads })).threads;
  if (variant === 'wasm-stock') {
    tfwasm.setThreadsCount(1);
    await tf.setBackend('wasm');
    return tfwasm.getThreadsCount();
  }
  await tf.setBackend('cpu');
  return 1;
}

/** Kernel time (ms per map) and calls per kernel, averaged over `maps` profiled maps, slowest first. */
async function kernelProfile(saliency: () => tf.Tensor, maps: number): Promise<{ kernel: string; ms: number; calls: number }[]> {
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (let i = 0; i < maps; i++) {
    const info = await tf.profile(() => tf.dispose(saliency()));
    for (const k of info.kernels) {
      const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
      entry.ms += (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0) / maps;
      entry.calls += 1 / maps;
      byKernel.set(k.name, entry);
    }
  }
  return [...byKernel].map(([kernel, v]) => ({ kernel, ...v })).sort((a, b) => b.ms - a.ms);
}

/**
 * Computes a tensor, reads its values and frees everything. (Returning the values from tf.tidy
 * would be slow: tidy walks its result looking for tensors, element by element.)
 */
function readAndFree(compute: () => tf.Tensor): tf.backend_util.TypedArray {
  const result = tf.tidy(compute);
  const values = result.dataSync();
  result.dispose();
  return values;
}

/** GFLOP/s of the backend's 3x3 conv, 1x112x112x64 -> 64 (the workhorse of the 224 models). */
function convGflops(): number {
  const x = tf.randomNormal([1, 112, 112, 64]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 64, 64]) as tf.Tensor4D;
  const ms = timeMs(() => readAndFree(() => tf.conv2d(x, w, 1, 'same')), 10, 2, 5000);
  tf.dispose([x, w]);
  return (2 * 112 * 112 * 64 * 64 * 9) / (ms * 1e6);
}

function heapMb(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } };
  return backend.wasm ? backend.wasm.HEAPU8.byteLength / 2 ** 20 : 0;
}

const actualThreads = await prepareBackend();
const results: ModelResult[] = [];
for await (const bench of loadBenchModels(args.models ? args.models.split(',') : [])) {
  const { model, batch, name, flops } = bench;
  const inputShape = (model.inputs[0] as tf.SymbolicTensor).shape.slice(1) as number[];
  const size = batch * inputShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(Float32Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898) * 0.5 + 0.5), [batch, ...inputShape]);
  const outputs = (model.outputs[0] as tf.SymbolicTensor).shape[1] as number;
  // The score: class 1's output (a regression model's only output).
  const target = outputs > 1 ? tf.oneHot(tf.fill([batch], 1, 'int32') as tf.Tensor1D, outputs) : tf.ones([batch, 1]);
  const saliency = () => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(model.apply(t) as tf.Tensor, target)))(x);
  const map = () => readAndFree(saliency);
  // The library's path for the same score (the softmax kept, so the map is the same function).
  const adapter = adaptModel(model);
  const objective = resolveObjective(adapter, [{ target: classTarget(outputs > 1 ? 1 : 0) }], batch, 'keep');
  const librarySaliency = () => computeGradients({ adapter, objective, backprop: null }, [x]).gradients[0] as tf.Tensor;
  const library = () => readAndFree(librarySaliency);
  const forward = () => readAndFree(() => model.predict(x) as tf.Tensor);
  const result: ModelResult = { name, flops };
  try {
    if (args.maps) {
      mkdirSync(args.maps, { recursive: true });
      const first = readAndFree(variant === 'engine' || variant === 'onnx' ? librarySaliency : saliency) as Float32Array;
      writeFileSync(join(args.maps, `${variant}-${threads}-${name}.bin`), new Uint8Array(first.buffer, first.byteOffset, first.byteLength));
    }
    resetPathCounts();
    if (variant === 'cpu') result.mapMs = timeMs(map, 1, 0);
    else if (variant === 'onnx') {
      // the floor: this model's own forward pass through ORT (its conv mix at ORT's throughput), interleaved with the maps
      const program = forwardProgramFor({ model, capture: new Set(), linear: new Set(), choice: 'onnx' }) as ForwardProgram;
      const ortForward = () => readAndFree(() => program.run([x]).outputs[0] as tf.Tensor);
      const { ms, ratio } = timeRoundsMs([library, ortForward], runs, 2);
      Object.assign(result, { libraryMs: ms[0], forwardMs: ms[1], libraryOverForward: ratio[0] });
    }
    else if (variant === 'engine') {
      const { ms, ratio } = timeRoundsMs([library, map, forward], runs, 2);
      Object.assign(result, { libraryMs: ms[0], mapMs: ms[1], forwardMs: ms[2], libraryOverForward: ratio[0], mapOverForward: ratio[1] });
    } else {
      const pair = timePairMs(map, forward, runs, 2);
      Object.assign(result, { mapMs: pair.a, forwardMs: pair.b, mapOverForward: pair.ratio });
    }
    result.paths = pathCounts();
    if (args.profile) result.profile = await kernelProfile(variant === 'engine' ? librarySaliency : saliency, 3);
    const memoryMaps = Number(args.memory);
    if (memoryMaps > 0) {
      for (let i = 0; i < 10; i++) library();
      const before = { tensors: tf.memory().numTensors, heap: heapMb(), rss: process.memoryUsage().rss / 2 ** 20 };
      for (let i = 0; i < memoryMaps; i++) library();
      result.memory = { maps: memoryMaps, tensorsBefore: before.tensors, tensorsAfter: tf.memory().numTensors, heapMbBefore: before.heap,
        heapMbAfter: heapMb(), rssMbBefore: before.rss, rssMbAfter: process.memoryUsage().rss / 2 ** 20 };
    }
    if (args.export) mkdirSync(args.export, { recursive: true });
    if (args.export && bench.builtIn) result.torchExported = exportForTorch(model, [batch, ...inputShape], args.export, name.replace(/[^A-Za-z0-9]+/g, '_'));
  } catch (error) {
    result.error = (error as Error).message.split('\n')[0]?.slice(0, 120);
  }
  results.push(result);
  tf.dispose([x, target]);
  model.dispose();
}
const gflops = variant === 'cpu' ? undefined : variant === 'onnx' ? await ortConvGflops(threads) : convGflops();
writeFileSync(args.out as string, JSON.stringify({ variant, threads: actualThreads, convGflops: gflops, medianOf: runs, results }));
