/**
 * One compiled gradient program. Where the objective's seed (dScore/dOutputs) does not depend on
 * the forward values (a target linear in what it reads: a class, a filter, per-sample classes), a
 * map is ONE run of the gradient session: the seed is taken in TF.js at zeros, and the scores are
 * read from that run's own forward values. Where it is the largest unit (the predicted class), a
 * second gradient session computes that seed inside the graph: one run too. Any other objective
 * (custom targets) runs a forward session, takes the seed from the call's objective in TF.js and
 * runs the gradient session. Synchronous; called inside the caller's tf.tidy. Browser-safe (the
 * runtime is passed in).
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientProgram, GradientProgramRequest, ProgramGradients, ProgramObjective, ProgramRun, ProgramScores } from '../../core/engine.ts';
import { GraphBuilder } from './graph/builder.ts';
import { toModelBytes } from './graph/model-proto.ts';
import { lowerModel } from './lower/lower-model.ts';
import { toRuntime, toTensor } from './forward-program.ts';
import { compileGradientSession, maximumSeed, type GradientSession } from './gradient-session.ts';
import { seedsOf, shapeAt } from './seeds.ts';
import type { OnnxRuntime, RuntimeSession, RuntimeTensor } from './runtime.ts';
/** A compiled program and the sessions to release. */
export interface CompiledProgram extends GradientProgram {
  release(): void;
}

/** Compiles `request` (a tf.LayersModel) for `runtime`; throws the lowering's or autodiff's error when not covered. */
export function compileProgram(request: GradientProgramRequest, runtime: OnnxRuntime, threads: number): CompiledProgram {
  const model = request.model as tf.LayersModel;
  const captureLayers = [...request.capture];
  const lowered = lowerModel(model, { capture: request.capture, linear: request.linear, wrt: request.wrt });
  const of = [...lowered.outputs, ...captureLayers.map((l) => lowered.captures.get(l) as string)];
  const rules = request.backprop ? { Relu: request.backprop } : {};
  const main = compileGradientSession(lowered, of, rules, runtime, threads);
  const sessions: RuntimeSession[] = [main.session];
  /** Sessions compiled on first use: the forward pass (two-run path), the largest-unit seeds by output and weight. */
  const lazy = new Map<string, { session: RuntimeSession }>();
  const once = <T extends { session: RuntimeSession }>(key: string, make: () => T): T => {
    let entry = lazy.get(key) as T | undefined;
    if (!entry) {
      entry = make();
      lazy.set(key, entry);
      sessions.push(entry.session);
    }
    return entry;
  };
  const forward = () => once('forward', () => {
    const fb = new GraphBuilder({ ...lowered.graph, outputs: [] });
    const names = of.map((t, i) => fb.expose(t, `fwd_${i}`));
    return { session: runtime.createSession(toModelBytes(fb.build()), { threads }), names };
  });
  /** The session seeding output `index` with `weight` at its largest unit, or null where that output is not [N, units]. */
  const maximum = (index: number, weight: number): GradientSession | null => {
    const shape = lowered.graph.shapes.get(of[index] as string);
    if (!shape || shape.length !== 2 || typeof shape[1] !== 'number') return null;
    const units = shape[1];
    return once(`maximum|${index}|${weight}`, () => compileGradientSession(lowered, of, rules, runtime, threads, new Map([[index, maximumSeed(units, weight)]])));
  };
  const nOut = lowered.outputs.length;
  const asRun = (values: tf.Tensor[]): ProgramRun => ({
    outputs: values.slice(0, nOut),
    captured: new Map<tf.layers.Layer, tf.Tensor>(captureLayers.map((l, i) => [l, values[nOut + i] as tf.Tensor])),
  });
  /** Runs `g` on `feeds`; the gradients, the `wrt` activation and (with `values`) the `of` values. */
  const runGradient = (g: GradientSession, feeds: Record<string, RuntimeTensor>, values: boolean) => {
    const names = [...g.gradients.filter((n): n is string => n !== null), ...(values ? g.of : []), ...(g.activation ? [g.activation] : [])];
    const out = g.session.run(feeds, names);
    const activation = g.activation ? toTensor(out[g.activation] as RuntimeTensor) : null;
    return { out, activation, values: values ? g.of.map((n) => toTensor(out[n] as RuntimeTensor)) : [] };
  };
  /** The result of gradient session `g`'s run `out`, with the scores. */
  const result = (g: GradientSession, inputs: readonly tf.Tensor[], run: ReturnType<typeof runGradient>, scores: ProgramScores): ProgramGradients => {
    const gradients = g.gradients.map((name, i) =>
      name !== null ? toTensor(run.out[name] as RuntimeTensor) : tf.zerosLike(run.activation ?? (inputs[i] as tf.Tensor)));
    const base = { gradients, scores: scores.total };
    const withUnits = scores.units ? { ...base, units: scores.units } : base;
    return run.activation ? { ...withUnits, activation: run.activation } : withUnits;
  };
  /** One run of `g` (its seeds either computed inside or given in `feeds`), scored from its own forward values. */
  const oneRun = (g: GradientSession, inputs: readonly tf.Tensor[], feeds: Record<string, RuntimeTensor>, score: (run: ProgramRun) => ProgramScores) => {
    const run = runGradient(g, feeds, true);
    return result(g, inputs, run, score(asRun(run.values)));
  };
  /** The seed of a linear objective, taken at zeros (null when an `of` shape is not static). */
  const constantSeeds = (batch: number, score: (run: ProgramRun) => ProgramScores): tf.Tensor[] | null => {
    const shapes = of.map((t) => shapeAt(lowered.graph.shapes, t, batch));
    if (!shapes.every((s): s is number[] => s !== null)) return null;
    const zeros = shapes.map((s) => tf.zeros(s));
    const { seeds, scores } = seedsOf(zeros, () => score(asRun(zeros)));
    tf.dispose([scores.total, ...(scores.units ? [scores.units] : [])]);
    return seeds;
  };
  return {
    note: { name: 'onnx', reason: `${runtime.name}, ${threads} thread(s)` },
    rectifiers: main.rectifiers,
    run(inputs, score, objective: ProgramObjective = {}): ProgramGradients {
      const feeds: Record<string, RuntimeTensor> = {};
      lowered.inputs.forEach((name, i) => (feeds[name] = toRuntime(inputs[i] as tf.Tensor)));
      const seedFeeds = (seeds: tf.Tensor[]) => seeds.forEach((s, i) => (feeds[`seed_${i}`] = toRuntime(s)));
      const batch = (inputs[0] as tf.Tensor).shape[0] as number;
      const constant = objective.linear ? constantSeeds(batch, score) : null;
      if (constant) {
        seedFeeds(constant);
        return oneRun(main, inputs, feeds, score);
      }
      const wanted = objective.maximum;
      const max = wanted ? maximum(wanted.output, wanted.weight) : null;
      const others = of.map((t, i) => (i === wanted?.output ? [] : shapeAt(lowered.graph.shapes, t, batch)));
      if (max && others.every((s): s is number[] => s !== null)) {
        // the seed of the read output is computed in the graph; other `of` tensors (captures the score does not read) get zeros
        others.forEach((s, i) => {
          if (i !== wanted?.output) feeds[`seed_${i}`] = toRuntime(tf.zeros(s));
        });
        return oneRun(max, inputs, feeds, score);
      }
      const fwd = forward();
      const out = fwd.session.run(feeds, fwd.names);
      const values = fwd.names.map((n) => toTensor(out[n] as RuntimeTensor));
      const { seeds, scores } = seedsOf(values, () => score(asRun(values)));
      seedFeeds(seeds);
      return result(main, inputs, runGradient(main, feeds, false), scores);
    },
    release() {
      sessions.forEach((s) => s.release());
    },
  };
}
