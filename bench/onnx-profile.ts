// Where an ONNX-engine map's time goes: ms per map (wall, and CPU time of this process: with 1 thread
// the robust measure on a loaded machine) of the library's path (computeGradients with the ONNX engine
// installed) for a class target (one ORT run, constant seed), the predicted class (one run, seed by
// ArgMax in the graph) and the class's score as a custom target (two runs: forward, TF.js seed,
// gradient), interleaved in one process; the share
// spent inside ORT's sessions; and, with --profile DIR, ORT's own per-op-type profile of the maps.
//   node --import tsx bench/onnx-profile.ts [--threads 1] [--models "VGG-like 224,MobileNet v1 a=1.0"] [--runs 10] [--profile DIR]
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { installActiveEngine } from '../src/core/engine.ts';
import { computeGradients } from '../src/core/gradients.ts';
import { adaptModel } from '../src/core/model.ts';
import { resolveObjective } from '../src/core/objective.ts';
import { classTarget, customTarget, predictedTarget } from '../src/core/target.ts';
import { createOnnxEngine } from '../src/engines/onnx/engine.ts';
import { loadOrtRuntime } from '../src/engines/onnx/node/ort-runtime.ts';
import type { OnnxRuntime, RuntimeSession } from '../src/engines/onnx/runtime.ts';
import { loadBenchModels } from './load-models.ts';
import { median, timeRoundsMs } from './timing.ts';

const { values: args } = parseArgs({
  options: {
    threads: { type: 'string', default: '1' }, models: { type: 'string', default: 'VGG-like 224,MobileNet v1 a=1.0' },
    runs: { type: 'string', default: '10' }, profile: { type: 'string' },
  },
});
const threads = Number(args.threads);
const runs = Number(args.runs);

/** CPU time inside session runs by session kind ('gradient' or 'forward', told by the outputs a run asks for). */
const inOrt = new Map<string, number>();
const sessions: { session: RuntimeSession; runs: number }[] = [];

/** The ORT runtime, its sessions timed (and profiled into `profile` when given). */
function timedRuntime(base: OnnxRuntime, profile?: string): OnnxRuntime {
  return {
    name: base.name,
    createSession(model, options) {
      const session = base.createSession(model, profile ? { ...options, profile } : options);
      const entry = { session, runs: 0 };
      sessions.push(entry);
      return {
        run(feeds, outputs) {
          entry.runs++;
          const kind = outputs.some((o) => o.startsWith('grad')) ? 'gradient' : 'forward';
          const t0 = process.cpuUsage();
          const out = session.run(feeds, outputs);
          const used = process.cpuUsage(t0);
          inOrt.set(kind, (inOrt.get(kind) ?? 0) + (used.user + used.system) / 1000);
          return out;
        },
        release: () => session.release(),
        ...(session.endProfiling ? { endProfiling: session.endProfiling } : {}),
      };
    },
  };
}

interface ProfileEvent { cat?: string; name?: string; dur?: number; args?: { op_name?: string } }

/** Microseconds per op type over every node event of ORT's profile `file`, divided by `maps`. */
function opTable(file: string, maps: number): [string, number][] {
  const events = JSON.parse(readFileSync(file, 'utf8')) as ProfileEvent[];
  const byOp = new Map<string, number>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time')) continue;
    const op = e.args?.op_name ?? '?';
    byOp.set(op, (byOp.get(op) ?? 0) + (e.dur ?? 0));
  }
  return [...byOp].map(([op, us]): [string, number] => [op, us / 1000 / maps]).sort((a, b) => b[1] - a[1]);
}

await tf.setBackend('cpu');
const load = await loadOrtRuntime();
if (!load.runtime) throw new Error(load.reason);
const engine = createOnnxEngine(timedRuntime(load.runtime, args.profile ? `${args.profile}/ort` : undefined), { threads });
const remove = installActiveEngine(engine);
for await (const { model, batch, name } of loadBenchModels(args.models.split(','))) {
  const shape = (model.inputs[0] as tf.SymbolicTensor).shape.slice(1) as number[];
  const size = batch * shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(Float32Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898) * 0.5 + 0.5), [batch, ...shape]);
  const adapter = adaptModel(model);
  const unit = ((model.outputs[0] as tf.SymbolicTensor).shape[1] as number) > 1 ? 1 : 0;
  const mapWith = (target: Parameters<typeof resolveObjective>[1][number]['target']) => {
    const objective = resolveObjective(adapter, [{ target }], batch, 'keep');
    return () => {
      const g = tf.tidy(() => computeGradients({ adapter, objective, backprop: null }, [x]).gradients[0] as tf.Tensor);
      g.dataSync();
      g.dispose();
    };
  };
  const cpu = [[], [], []] as number[][];
  const cpuTimed = (f: () => void, into: number[]) => () => {
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    into.push((used.user + used.system) / 1000);
  };
  const oneRun = cpuTimed(mapWith(classTarget(unit)), cpu[0] as number[]);
  const predicted = cpuTimed(mapWith(predictedTarget()), cpu[1] as number[]);
  const twoRuns = cpuTimed(mapWith(customTarget((a) => tf.reshape(tf.slice(a, [0, unit], [-1, 1]), [-1]))), cpu[2] as number[]);
  [oneRun, predicted, twoRuns].forEach((f) => f());
  inOrt.clear();
  cpu.forEach((c) => (c.length = 0));
  const { ms, ratio } = timeRoundsMs([oneRun, predicted, twoRuns], runs, 2);
  const count = runs + 2;
  const fmt = (v: number | undefined) => (v ?? 0).toFixed(1);
  const cpuMs = cpu.map((c) => median(c));
  process.stdout.write(`${name}, ${threads} thread(s), ms/map wall (CPU): class target ${fmt(ms[0])} (${fmt(cpuMs[0])}), ` +
    `predicted class ${fmt(ms[1])} (${fmt(cpuMs[1])}), custom target ${fmt(ms[2])} (${fmt(cpuMs[2])}); class/custom ${ratio[0]?.toFixed(2)}; ` +
    `CPU inside ORT per round of the three: gradient sessions ${fmt((inOrt.get('gradient') ?? 0) / count)} ms, forward session ${fmt((inOrt.get('forward') ?? 0) / count)} ms\n`);
  tf.dispose(x);
  model.dispose();
}
if (args.profile) {
  for (const { session, runs: count } of sessions) {
    const file = session.endProfiling?.();
    if (!file || count === 0) continue;
    process.stdout.write(`\nORT profile ${file} (${count} runs): ms per run by op type\n`);
    for (const [op, ms] of opTable(file, count)) if (ms > 0.05) process.stdout.write(`  ${op.padEnd(22)} ${ms.toFixed(2)}\n`);
  }
}
remove();
engine.release();
