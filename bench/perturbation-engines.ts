// Perturbation methods on the ONNX engine against the wasm engine, in one process so both see the
// same machine: occlusion and RISE at their size-aware defaults on MobileNet v1 1.0 224 (issue 17's
// target: at least 3x faster on ONNX), interleaved rounds, the median per-round speed-up, and how far
// the two engines' maps differ. Run by `npm run bench` (bench/run.ts) or alone:
//   node --import tsx bench/perturbation-engines.ts [--threads 1] [--rounds 2] [--methods occlusion,rise] [--model "MobileNet v1 a=1.0"]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { getMethod, type Attribution } from '../src/index.ts';
import { setupBackend } from '../src/engines/wasm/node/index.ts';
import { installOnnxEngine } from '../src/engines/onnx/node/install.ts';
import { BENCH_MODELS } from './architectures.ts';
import { median } from './timing.ts';

const { values: args } = parseArgs({
  options: {
    threads: { type: 'string', default: '1' }, rounds: { type: 'string', default: '2' },
    methods: { type: 'string', default: 'occlusion,rise' }, model: { type: 'string', default: 'MobileNet v1 a=1.0' },
  },
});
const threads = Number(args.threads);
const rounds = Number(args.rounds);
const spec = BENCH_MODELS.find((m) => m.name === args.model);
if (!spec) throw new Error(`bench: no model '${args.model}'; models are ${BENCH_MODELS.map((m) => m.name).join(', ')}`);

/** Largest |a - b| over the largest |b|. */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  b.forEach((v, i) => {
    diff = Math.max(diff, Math.abs((a[i] as number) - v));
    scale = Math.max(scale, Math.abs(v));
  });
  return diff / Math.max(scale, 1e-30);
}

/**
 * The shared builder's random weights (bench/architectures.ts) make MobileNet's output the same for
 * every image (small kernels, then BatchNorm statistics: the activations stop depending on the
 * input), so perturbation maps would be float noise. He-scaled kernels and unit BatchNorm statistics
 * keep the input's signal; the cost per evaluation does not change.
 */
function informativeWeights(model: tf.LayersModel): void {
  let seed = 1;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    const weights = layer.getWeights();
    if (kind === 'Conv2D' || kind === 'DepthwiseConv2D' || kind === 'Dense') {
      const [kernel, ...rest] = weights as [tf.Tensor, ...tf.Tensor[]];
      const fanIn = kind === 'DepthwiseConv2D' ? (kernel.shape[0] as number) * (kernel.shape[1] as number) : kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      layer.setWeights([tf.randomNormal(kernel.shape, 0, Math.sqrt(2 / fanIn), 'float32', seed++), ...rest]);
    } else if (kind === 'BatchNormalization') {
      layer.setWeights(weights.map((w, i) => (i === 0 || i === 3 ? tf.onesLike(w) : tf.zerosLike(w))));
    }
  }
}

const wasm = await setupBackend({ threads });
const onnx = await installOnnxEngine({ threads });
if (!onnx.installed) throw new Error(`bench: the ONNX engine is not available: ${onnx.detail}`);
const load = loadavg()[0] as number;
try {
  const model = await spec.build();
  informativeWeights(model);
  const image = tf.randomUniform([1, ...(model.inputs[0]?.shape.slice(1) as number[])], 0, 1, 'float32', 7);
  const lines = [
    `${spec.name}, ${threads} thread(s), wasm backend ${tf.getBackend()} + ${onnx.detail}; ${rounds} interleaved round(s); load average at start ${load.toFixed(1)}`,
    '',
    '| method | evaluations | ONNX engine s | wasm engine s | speed-up (median per round) | ONNX ms / evaluation | maps differ (max rel.) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const name of args.methods.split(',')) {
    const method = getMethod(name);
    const run = async (engine: 'onnx' | 'tfjs'): Promise<{ seconds: number; result: Attribution }> => {
      const started = performance.now();
      const result = await method.run(model, image, { engine });
      return { seconds: (performance.now() - started) / 1000, result };
    };
    await run('onnx'); // compiles the forward program; the wasm engine's kernels warm up in the first round
    const times: { onnx: number[]; wasm: number[] } = { onnx: [], wasm: [] };
    let maps: { onnx?: Attribution; wasm?: Attribution } = {};
    for (let round = 0; round < rounds; round++) {
      const o = await run('onnx');
      const w = await run('tfjs');
      times.onnx.push(o.seconds);
      times.wasm.push(w.seconds);
      if (o.result.meta.engine?.name !== 'onnx') throw new Error(`bench: ${name} did not run on ONNX: ${JSON.stringify(o.result.meta.engine)}`);
      maps = { onnx: o.result, wasm: w.result };
    }
    const evaluations = ((maps.onnx?.meta.extra?.['evaluations'] as number[] | undefined)?.[0] ?? 0) + 1;
    const speedUp = median(times.wasm.map((w, i) => w / (times.onnx[i] as number)));
    const differ = relativeDifference(maps.onnx?.map.data as Float32Array, maps.wasm?.map.data as Float32Array);
    lines.push(
      `| ${name} | ${evaluations} | ${median(times.onnx).toFixed(2)} | ${median(times.wasm).toFixed(2)} | ${speedUp.toFixed(2)}x | ` +
        `${((median(times.onnx) * 1000) / evaluations).toFixed(1)} | ${differ.toExponential(1)} |`,
    );
    process.stderr.write(`bench: ${name} done\n`);
  }
  lines.push('', `load average at the end ${(loadavg()[0] as number).toFixed(1)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  image.dispose();
  model.dispose();
} finally {
  onnx.dispose();
  wasm.dispose();
}
