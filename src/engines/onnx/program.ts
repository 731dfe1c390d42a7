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

/** The static shape of `name` in `graph` with the batch axis set to `batch`, or null when a dimension is unknown. */
function shapeAt(shapes: ReadonlyMap<string, readonly (number | string)[]>, name: string, batch: number): number[] | null {
  const dims = shapes.get(name);
  if (!dims || dims.length === 0) return null;
  const rest = dims.slice(1);
  return rest.every((d): d is number => typeof d === 'number') ? [batch, ...rest] : null;
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
  const wrtActivation = lowered.wrtActivation;
  const grad = buildGradientGraph(lowered.graph, {
    of, seeds: of.map((_, i) => `seed_${i}`), wrt: wrtNames, rules, captures: wrtActivation ? [wrtActivation] : [],
  });
  // a gradient taken inside the graph's NCHW layout goes back to Keras's NHWC inside the graph
  const nchwWrt = lowered.wrt?.layout === 'nchw';
  const gb = new GraphBuilder({ ...grad.graph, outputs: nchwWrt ? grad.graph.outputs.filter((o) => !grad.gradients.includes(o.name)) : grad.graph.outputs });
  const gradOut = grad.gradients.map((g) => (g !== null && nchwWrt ? gb.expose(gb.op('Transpose', [g], { perm: [0, 2, 3, 1] }), 'grad_nhwc') : g));
  const backward = runtime.createSession(toModelBytes(gb.build()), { threads });
  let forward: RuntimeSession | null = null;
  let fwdOut: string[] = [];
  /** The forward session of the two-run path, compiled on first use. */
  const forwardSession = (): RuntimeSession => {
    if (forward) return forward;
    const fb = new GraphBuilder({ ...lowered.graph, outputs: [] });
    fwdOut = of.map((t, i) => fb.expose(t, `fwd_${i}`));
    forward = runtime.createSession(toModelBytes(fb.build()), { threads });
    return forward;
  };
  const nOut = lowered.outputs.length;
  const gradNames = gradOut.filter((g): g is string => g !== null);
  const asRun = (values: tf.Tensor[]): ProgramRun => ({
    outputs: values.slice(0, nOut),
    captured: new Map<tf.layers.Layer, tf.Tensor>(captureLayers.map((l, i) => [l, values[nOut + i] as tf.Tensor])),
  });
  /** The result from the gradient run's outputs `out`, the scores and the `wrt` activation. */
  const result = (inputs: readonly tf.Tensor[], out: Record<string, RuntimeTensor>, scores: ProgramScores, activation: tf.Tensor | null): ProgramGradients => {
    const gradients = gradOut.map((g, i) => {
      if (g !== null) return toTensor(out[g] as RuntimeTensor);
      return tf.zerosLike(activation ?? (inputs[i] as tf.Tensor));
    });
    const base = { gradients, scores: scores.total };
    const withUnits = scores.units ? { ...base, units: scores.units } : base;
    return activation ? { ...withUnits, activation } : withUnits;
  };
  return {
    note: { name: 'onnx', reason: `${runtime.name}, ${threads} thread(s)` },
    rectifiers: grad.rectifiers,
    run(inputs, score, objective = {}): ProgramGradients {
      const feeds: Record<string, RuntimeTensor> = {};
      lowered.inputs.forEach((name, i) => (feeds[name] = toRuntime(inputs[i] as tf.Tensor)));
      const batch = (inputs[0] as tf.Tensor).shape[0] as number;
      const shapes = objective.linear ? of.map((t) => shapeAt(lowered.graph.shapes, t, batch)) : null;
      if (shapes && shapes.every((s): s is number[] => s !== null)) {
        // one run: the seed does not depend on the forward values; the scores are read from the same run
        const zeros = shapes.map((s) => tf.zeros(s));
        const { seeds, scores: atZero } = seedsOf(zeros, () => score(asRun(zeros)));
        tf.dispose([atZero.total, ...(atZero.units ? [atZero.units] : [])]);
        seeds.forEach((s, i) => (feeds[`seed_${i}`] = toRuntime(s)));
        const out = backward.run(feeds, [...gradNames, ...grad.of, ...grad.captures]);
        const run = asRun(grad.of.map((n) => toTensor(out[n] as RuntimeTensor)));
        const activation = wrtActivation ? toTensor(out[grad.captures[0] as string] as RuntimeTensor) : null;
        return result(inputs, out, score(run), activation);
      }
      const session = forwardSession();
      const fwd = session.run(feeds, fwdOut);
      const values = fwdOut.map((n) => toTensor(fwd[n] as RuntimeTensor));
      const { seeds, scores } = seedsOf(values, () => score(asRun(values)));
      seeds.forEach((s, i) => (feeds[`seed_${i}`] = toRuntime(s)));
      const out = backward.run(feeds, wrtActivation ? [...gradNames, grad.captures[0] as string] : gradNames);
      const activation = wrtActivation ? toTensor(out[grad.captures[0] as string] as RuntimeTensor) : null;
      return result(inputs, out, scores, activation);
    },
    release() {
      backward.release();
      (forward as RuntimeSession | null)?.release();
    },
  };
}
