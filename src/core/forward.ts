/**
 * The forward passes of a call (scoring the input, perturbed, masked or interpolated copies): run
 * by an installed engine's forward program where one covers the model (the ONNX engine in Node),
 * else by the executor on TF.js; the call's engine choice applies and meta.engine hears which ran.
 * Synchronous and tensor-level: call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import { forwardProgramFor, type EngineNote } from './engine.ts';
import { SaliencyError } from './errors.ts';
import type { ExplainContext } from './explain.ts';
import type { RunHooks, RunResult } from './executor.ts';

/** What {@link runForward} reads from a context. */
export type ForwardContext = Pick<ExplainContext, 'adapter'> & Partial<Pick<ExplainContext, 'engine'>>;

/** The model run on `inputs` with `hooks` (captures and softmax removal; other hooks run on TF.js). */
export function runForward(context: ForwardContext, inputs: readonly tf.Tensor[], hooks: RunHooks = {}): RunResult {
  const { adapter, engine } = context;
  if (hooks.replace || hooks.reuse || hooks.record) return adapter.run(inputs, hooks);
  const capture = new Set([...(hooks.capture ?? [])].filter((key): key is tf.layers.Layer => key instanceof tf.layers.Layer));
  if (capture.size !== (hooks.capture?.size ?? 0)) return adapter.run(inputs, hooks);
  const choice = engine?.choice ?? 'auto';
  let declined: EngineNote | undefined;
  const program = forwardProgramFor(
    { model: adapter.model, capture, linear: hooks.linear ?? new Set(), choice },
    (note) => {
      declined ??= note;
    },
  );
  if (program !== null) {
    engine?.notes.push(program.note);
    return program.run(inputs);
  }
  if (choice === 'onnx') {
    throw new SaliencyError('UNSUPPORTED_MODEL', `engine: 'onnx' cannot run this call: ${declined?.reason ?? 'no ONNX engine is installed'}`, 'engine');
  }
  engine?.notes.push(declined ?? { name: 'tfjs', reason: 'no installed engine offers a forward program for this call' });
  return adapter.run(inputs, hooks);
}
