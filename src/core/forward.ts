/**
 * The forward passes of a call (scoring the input, perturbed, masked or interpolated copies): run
 * by an installed engine's forward program where one covers the model (the ONNX engine in Node),
 * else by the executor on TF.js; the call's engine choice applies and meta.engine hears which ran.
 * Synchronous and tensor-level: call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import { forwardProgramFor } from './engine.ts';
import { chooseProgram } from './engine-use.ts';
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
  const program = chooseProgram(
    engine,
    (choice, decline) => forwardProgramFor({ model: adapter.model, capture, linear: hooks.linear ?? new Set(), choice }, decline),
    { pass: 'forward', missing: 'no ONNX engine is installed' },
  );
  if (program !== null) return program.run(inputs);
  return adapter.run(inputs, hooks);
}
