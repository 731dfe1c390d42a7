/**
 * One compiled gradient program: a forward session (model outputs, captured activations, the
 * `wrt` activation) and a gradient session (forward + backward from the seeds). `run` feeds the
 * batch, scores the outputs with the call's own objective in TF.js, takes dScore/dOutputs there as
 * the seeds (so every target works, custom ones included), and runs the backward graph. Synchronous;
 * called inside the caller's tf.tidy. Browser-safe (the runtime is passed in).
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientProgram, GradientProgramRequest, ProgramGradients, ProgramRun, ProgramScores } from '../../core/engine.ts';
import { buildGradientGraph } from './autodiff.ts';
import { GraphBuilder } from './graph/builder.ts';
import { toModelBytes } from './graph/model-proto.ts';
import { lowerModel } from './lower/lower-model.ts';
import { toRuntime, toTensor } from './forward-program.ts';
import type { OnnxRuntime, RuntimeSession, RuntimeTensor } from './runtime.ts';

/** A compiled program and the sessions to release. */
export interface CompiledProgram extends GradientProgram {
  release(): void;
}

/** dScore/d(each of `xs`) for the objective, with the scores; zeros where a tensor is not read. */
function seedsOf(xs: tf.Tensor[], score: () => ProgramScores): { seeds: tf.Tensor[]; scores: ProgramScores } {
  let kept: ProgramScores | undefined;
  const { value, grads } = tf.engine().gradients(
    () => {
      const s = score();
      kept = { total: tf.keep(s.total), ...(s.units ? { units: tf.keep(s.units) } : {}) };
      return tf.sum(s.total);
    },
    xs,
    undefined,
    true,
  );
  value.dispose();
  // tf.keep escapes every tidy scope: hand back clones the caller's tidy owns, and free the kept ones
  const held = kept as ProgramScores;
  const scores = { total: tf.clone(held.total), ...(held.units ? { units: tf.clone(held.units) } : {}) };
  tf.dispose([held.total, ...(held.units ? [held.units] : [])]);
  return { seeds: grads.map((g, i) => g ?? tf.zerosLike(xs[i] as tf.Tensor)), scores };
}

/** Compiles `request` (a tf.LayersModel) for `runtime`; throws the lowering's or autodiff's error when not covered. */
export function compileProgram(request: GradientProgramRequest, runtime: OnnxRuntime, threads: number): CompiledProgram {
  const model = request.model as tf.LayersModel;
  const captureLayers = [...request.capture];
  const lowered = lowerModel(model, { capture: request.capture, linear: request.linear, wrt: request.wrt });
  const captureNames = captureLayers.map((l) => lowered.captures.get(l) as string);
  const of = [...lowered.outputs, ...captureNames];
  const wrtNames = lowered.wrt ? [lowered.wrt.name] : lowered.inputs;
  const rules = request.backprop ? { Relu: request.backprop } : {};
  const grad = buildGradientGraph(lowered.graph, { of, seeds: of.map((_, i) => `seed_${i}`), wrt: wrtNames, rules });
  const fb = new GraphBuilder({ ...lowered.graph, outputs: [] });
  const fwdOut = of.map((t, i) => fb.expose(t, `fwd_${i}`));
  const wrtOut = lowered.wrtActivation ? fb.expose(lowered.wrtActivation, 'fwd_wrt') : null;
  const sessions: RuntimeSession[] = [];
  try {
    sessions.push(runtime.createSession(toModelBytes(fb.build()), { threads }));
    sessions.push(runtime.createSession(toModelBytes(grad.graph), { threads }));
  } catch (error) {
    sessions.forEach((s) => s.release());
    throw error;
  }
  const [forward, backward] = sessions as [RuntimeSession, RuntimeSession];
  const nchwWrt = lowered.wrt?.layout === 'nchw';
  const nOut = lowered.outputs.length;
  return {
    note: { name: 'onnx', reason: `${runtime.name}, ${threads} thread(s)` },
    rectifiers: grad.rectifiers,
    run(inputs, score): ProgramGradients {
      const feeds: Record<string, RuntimeTensor> = {};
      lowered.inputs.forEach((name, i) => (feeds[name] = toRuntime(inputs[i] as tf.Tensor)));
      const fwd = forward.run(feeds, wrtOut ? [...fwdOut, wrtOut] : fwdOut);
      const values = fwdOut.map((n) => toTensor(fwd[n] as RuntimeTensor));
      const captured = new Map<tf.layers.Layer, tf.Tensor>(captureLayers.map((l, i) => [l, values[nOut + i] as tf.Tensor]));
      const run: ProgramRun = { outputs: values.slice(0, nOut), captured };
      const { seeds, scores } = seedsOf(values, () => score(run));
      seeds.forEach((s, i) => (feeds[`seed_${i}`] = toRuntime(s)));
      const names = grad.gradients.filter((g): g is string => g !== null);
      const out = backward.run(feeds, names);
      const gradients = grad.gradients.map((g, i) => {
        if (g === null) return tf.zerosLike(lowered.wrt ? (toTensor(fwd[wrtOut as string] as RuntimeTensor)) : (inputs[i] as tf.Tensor));
        const t = toTensor(out[g] as RuntimeTensor);
        return nchwWrt ? tf.transpose(t, [0, 2, 3, 1]) : t;
      });
      const base = { gradients, scores: scores.total };
      const withUnits = scores.units ? { ...base, units: scores.units } : base;
      return wrtOut ? { ...withUnits, activation: toTensor(fwd[wrtOut] as RuntimeTensor) } : withUnits;
    },
    release() {
      sessions.forEach((s) => s.release());
    },
  };
}
