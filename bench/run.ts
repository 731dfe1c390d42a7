// npm run bench [-- --quick] [-- --models "MNIST CNN b1,VGG-like 224"] [-- --no-cpu | --reuse-cpu bench/results/DIR] [-- --no-torch] [-- --no-onnx]
// Measures every benchmark model in separate processes (stock cpu, stock wasm, the engine with 1
// and 2 threads, the ONNX engine with 1 and 2 threads, PyTorch with 1 and 2 threads when Debian's python3-torch is installed) and prints
// Markdown tables; raw results go to bench/results/. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_MODELS } from './architectures.ts';
import { demoModelNames } from './load-models.ts';
import { relativeError } from '../test/engine/compare.ts';
import { median } from './timing.ts';
import { memoryTable, onnxTable, profileTable, ratiosTable, timesTable, type ModelRow, type ProcessResult } from './report.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false }, models: { type: 'string' }, 'no-cpu': { type: 'boolean', default: false },
    'no-torch': { type: 'boolean', default: false }, 'reuse-cpu': { type: 'string' }, 'no-onnx': { type: 'boolean', default: false },
  },
});
const quick = args.quick === true;
const root = new URL('..', import.meta.url).pathname;
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const work = join(root, 'bench', 'results', stamp);
mkdirSync(work, { recursive: true });
const models = args.models ? args.models.split(',') : [...BENCH_MODELS.map((m) => m.name), ...demoModelNames()];
const runs = quick ? 3 : 10;
const rounds = quick ? 1 : 2;
const memoryModels = models.filter((m) => m === 'MNIST CNN b1' || m === 'MobileNet v1 a=0.5');
const fileName = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '_');

function measure(label: string, extra: string[]): ProcessResult | null {
  const out = join(work, `${label}.json`);
  process.stderr.write(`bench: ${label} ...\n`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'measure.ts'), '--out', out, ...extra],
    { stdio: ['ignore', 'ignore', 'inherit'], timeout: 60 * 60 * 1000 });
  if (child.status !== 0 || !existsSync(out)) {
    process.stderr.write(`bench: ${label} failed (exit ${child.status})\n`);
    return null;
  }
  return JSON.parse(readFileSync(out, 'utf8')) as ProcessResult;
}

function torchPython(): string | null {
  if (args['no-torch']) return null;
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return python;
  }
  return null;
}

const maps = join(work, 'maps');
const exportDir = join(work, 'torch');
const modelList = models.join(',');
const engine: Record<number, ProcessResult[]> = { 1: [], 2: [] };
const onnx: Record<number, ProcessResult[]> = { 1: [], 2: [] };
for (let round = 0; round < rounds; round++) {
  for (const threads of [1, 2]) {
    if (!args['no-onnx']) {
      const extra = round === 0 && threads === 1 ? ['--maps', maps] : [];
      const o = measure(`onnx-${threads}t-round${round}`, ['--variant', 'onnx', '--threads', String(threads), '--models', modelList, '--runs', String(runs), ...extra]);
      if (o) onnx[threads]?.push(o);
    }
    const first = round === 0 && threads === 1;
    const extra = first ? ['--maps', maps, '--profile', '--export', exportDir] : [];
    const r = measure(`engine-${threads}t-round${round}`, ['--variant', 'engine', '--threads', String(threads), '--models', modelList, '--runs', String(runs), ...extra]);
    if (r) engine[threads]?.push(r);
  }
}
const stockWasm = measure('wasm-stock', ['--variant', 'wasm-stock', '--models', modelList, '--runs', String(runs), '--maps', maps]);
const cpuModels = quick ? models.filter((m) => m.startsWith('MNIST')) : models;
/** Stock cpu results of an earlier run (they take long and do not depend on the engine). */
function reuseCpu(dir: string): ProcessResult | null {
  mkdirSync(maps, { recursive: true });
  for (const name of models) {
    const file = join(dir, 'maps', `cpu-1-${name}.bin`);
    if (existsSync(file)) copyFileSync(file, join(maps, `cpu-1-${name}.bin`));
  }
  return JSON.parse(readFileSync(join(dir, 'cpu.json'), 'utf8')) as ProcessResult;
}
const stockCpu = args['reuse-cpu'] ? reuseCpu(args['reuse-cpu'])
  : args['no-cpu'] || cpuModels.length === 0 ? null
    : measure('cpu', ['--variant', 'cpu', '--models', cpuModels.join(','), '--runs', '1', '--maps', maps]);
const memory = memoryModels.length === 0 ? null
  : measure('memory', ['--variant', 'engine', '--threads', '1', '--models', memoryModels.join(','), '--runs', '1', '--memory', quick ? '50' : '1000']);

const python = torchPython();
const torch: Record<string, Record<number, { mapMs: number; forwardMs: number }>> = {};
if (python) {
  for (const name of models) {
    const base = fileName(name);
    if (!existsSync(join(exportDir, `${base}.json`))) continue;
    for (const threads of [1, 2]) {
      const out = join(work, `torch-${base}-${threads}t.json`);
      const env = { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
      const mapOut = threads === 1 ? [join(maps, `torch-${base}.bin`)] : [];
      process.stderr.write(`bench: torch ${name} ${threads}t ...\n`);
      const child = spawnSync(python, [join(root, 'bench', 'torch_bench.py'), exportDir, base, String(threads), String(runs), out, ...mapOut], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      if (child.status === 0) (torch[name] ??= {})[threads] = JSON.parse(readFileSync(out, 'utf8'));
    }
  }
}

/** Relative error of the ONNX engine's map against the wasm engine's and PyTorch's. */
function onnxErrorVs(name: string): string | undefined {
  const ours = readMap(join(maps, `onnx-1-${name}.bin`));
  if (!ours) return undefined;
  const found: string[] = [];
  for (const [label, file] of [['wasm engine', `engine-1-${name}.bin`], ['torch', `torch-${fileName(name)}.bin`]]) {
    const reference = readMap(join(maps, file as string));
    if (reference && reference.length === ours.length) found.push(`${relativeError(ours, reference).toExponential(1)} (${label})`);
  }
  return found.length ? found.join(', ') : undefined;
}

function readMap(file: string): Float32Array | null {
  if (!existsSync(file)) return null;
  const bytes = readFileSync(file);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** Relative error of our map against each reference map there is (stock cpu, stock wasm, PyTorch). */
function errorVsReference(name: string): string | undefined {
  const ours = readMap(join(maps, `engine-1-${name}.bin`));
  if (!ours) return undefined;
  const found: string[] = [];
  for (const [label, file] of [['cpu', `cpu-1-${name}.bin`], ['stock wasm', `wasm-stock-1-${name}.bin`], ['torch', `torch-${fileName(name)}.bin`]]) {
    const reference = readMap(join(maps, file as string));
    if (reference && reference.length === ours.length) found.push(`${relativeError(ours, reference).toExponential(1)} (${label})`);
  }
  return found.length ? found.join(', ') : undefined;
}

const pick = (list: ProcessResult[], name: string, key: 'libraryMs' | 'mapMs' | 'forwardMs' | 'libraryOverForward') => {
  const values = list.map((p) => p.results.find((r) => r.name === name)?.[key]).filter((v): v is number => v !== undefined);
  return values.length ? median(values) : undefined;
};
const stockValue = (p: ProcessResult | null, name: string) => {
  const r = p?.results.find((x) => x.name === name);
  return r === undefined ? undefined : r.error ? `fails: ${r.error}` : r.mapMs;
};
const firstEngine = engine[1]?.[0];
const rows: ModelRow[] = models.map((name) => ({
  name,
  gflop: (firstEngine?.results.find((r) => r.name === name)?.flops ?? 0) / 1e9,
  stockCpu: stockValue(stockCpu, name),
  stockWasm: stockValue(stockWasm, name),
  ours: { 1: pick(engine[1] ?? [], name, 'libraryMs'), 2: pick(engine[2] ?? [], name, 'libraryMs') },
  kernels: { 1: pick(engine[1] ?? [], name, 'mapMs'), 2: pick(engine[2] ?? [], name, 'mapMs') },
  forward: { 1: pick(engine[1] ?? [], name, 'forwardMs'), 2: pick(engine[2] ?? [], name, 'forwardMs') },
  overForward: { 1: pick(engine[1] ?? [], name, 'libraryOverForward'), 2: pick(engine[2] ?? [], name, 'libraryOverForward') },
  torch: torch[name] ?? {},
  errorVsReference: errorVsReference(name),
  onnx: { 1: pick(onnx[1] ?? [], name, 'libraryMs'), 2: pick(onnx[2] ?? [], name, 'libraryMs') },
  onnxForward: { 1: pick(onnx[1] ?? [], name, 'forwardMs'), 2: pick(onnx[2] ?? [], name, 'forwardMs') },
  onnxError: onnxErrorVs(name),
}));
const ortGflops = { 1: median((onnx[1] ?? []).map((p) => p.convGflops ?? 0)), 2: median((onnx[2] ?? []).map((p) => p.convGflops ?? 0)) };
const gflops = {
  1: median((engine[1] ?? []).map((p) => p.convGflops ?? 0)),
  2: median((engine[2] ?? []).map((p) => p.convGflops ?? 0)),
};
const report = [
  `# Benchmark ${stamp}${quick ? ' (--quick)' : ''}`,
  `ms per saliency map (forward + input gradient of one class score; "ours" = the library's gradient path through its model ` +
    `executor, "tf.grad on engine" = tf.grad of model.apply with the engine's kernels), median of ${runs} runs per process, ` +
    `${rounds} process(es) per thread count; stock cpu: one run. wasm 3x3 conv throughput: ${gflops[1].toFixed(1)} GFLOP/s (1 thread), ${gflops[2].toFixed(1)} (2 threads).` +
    (python ? '' : ' PyTorch: not available (apt-get install python3-torch).'),
  '', timesTable(rows), '', ratiosTable(rows, gflops), '',
  `## ONNX engine (installOnnxEngine; floor = 2x the model's own forward pass through ORT; a lone 3x3 conv 1x64x112x112 measures ` +
    `${ortGflops[1].toFixed(1)} GFLOP/s 1 thread, ${ortGflops[2].toFixed(1)} 2 threads)`, '',
  onnxTable(rows), '', '## Per-kernel profile (ours, 1 thread, one map)', '', profileTable(firstEngine?.results ?? []),
  '', '## Memory', '', memoryTable(memory?.results ?? []), '',
].join('\n');
writeFileSync(join(work, 'report.md'), report);
process.stdout.write(report);
// Perturbation methods (occlusion, RISE) on the ONNX engine vs the wasm engine: bench/perturbation-engines.ts.
if (!args['no-onnx']) {
  process.stderr.write('bench: perturbation methods, ONNX vs wasm engine ...\n');
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'perturbation-engines.ts'), '--rounds', quick ? '1' : '2'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const section = child.status === 0 ? child.stdout : `failed (exit ${child.status})\n`;
  writeFileSync(join(work, 'perturbation-engines.md'), section);
  process.stdout.write(`\n## Perturbation methods: ONNX engine vs wasm engine\n\n${section}`);
}
process.stderr.write(`bench: raw results in ${work}\n`);
