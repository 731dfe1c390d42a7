/**
 * One compiled forward pass (model outputs and captured activations, softmax removed where asked)
 * in one session: what the perturbation methods, Score-CAM and the scoring of derived batches run,
 * a whole batch of perturbed copies per call. Browser-safe (the runtime is passed in).
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardProgram, ForwardProgramRequest } from '../../core/engine.ts';
import { GraphBuilder } from './graph/builder.ts';
import { toModelBytes } from './graph/model-proto.ts';
import { lowerModel } from './lower/lower-model.ts';
import type { OnnxRuntime, RuntimeTensor } from './runtime.ts';

/** A compiled forward program and the release of its session. */
export interface CompiledForward extends ForwardProgram {
  release(): void;
}

/** Copies a tensor's values for the runtime (synchronously). */
export function toRuntime(t: tf.Tensor): RuntimeTensor {
  return { data: t.dataSync() as Float32Array, dims: t.shape };
}

/** A runtime result as a tensor. */
export function toTensor(t: RuntimeTensor): tf.Tensor {
  return tf.tensor(t.data, [...t.dims], 'float32');
}

/** Compiles the forward pass of `request` (a tf.LayersModel); throws the lowering's error when not covered. */
export function compileForward(request: ForwardProgramRequest, runtime: OnnxRuntime, threads: number): CompiledForward {
  const layers = [...request.capture];
  const lowered = lowerModel(request.model as tf.LayersModel, { capture: request.capture, linear: request.linear });
  const b = new GraphBuilder({ ...lowered.graph, outputs: [] });
  const names = [...lowered.outputs, ...layers.map((l) => lowered.captures.get(l) as string)].map((t, i) => b.expose(t, `out_${i}`));
  const session = runtime.createSession(toModelBytes(b.build()), { threads });
  const nOut = lowered.outputs.length;
  return {
    note: { name: 'onnx', reason: `${runtime.name}, ${threads} thread(s), forward passes` },
    run(inputs) {
      const feeds: Record<string, RuntimeTensor> = {};
      lowered.inputs.forEach((name, i) => (feeds[name] = toRuntime(inputs[i] as tf.Tensor)));
      const out = session.run(feeds, names);
      const values = names.map((n) => toTensor(out[n] as RuntimeTensor));
      return { outputs: values.slice(0, nOut), captured: new Map(layers.map((l, i) => [l, values[nOut + i] as tf.Tensor])) };
    },
    release: () => session.release(),
  };
}
