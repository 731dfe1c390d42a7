/**
 * One forward pass that reads a CAM layer's activation and the target's scores: what the CAMs
 * that take no gradients (Score-CAM, Eigen-CAM, Ablation-CAM) start from. Call inside tf.tidy.
 */
import type * as tf from '@tensorflow/tfjs';
import { runForward } from '../../core/forward.ts';
import type { CamCall } from './cam-call.ts';

/** The layer's activation [N, ...spatial, C] on the call's inputs, with the scores (and units) of the target (a type alias, so tf.tidy can return it). */
export type CapturedActivation = { activation: tf.Tensor; scores: tf.Tensor1D; units?: tf.Tensor1D };

/** Runs the call's inputs once (on the active engine's forward program where it has one), capturing the CAM layer; call inside tf.tidy. */
export function capturedActivation(call: CamCall): CapturedActivation {
  const { context, layer } = call;
  const capture = new Set([...(context.objective.hooks.capture ?? []), layer.info.layer]);
  const run = runForward(context, context.input.tensors, { ...context.objective.hooks, capture });
  const { total, units } = context.objective.score(run);
  const activation = run.captured.get(layer.info.layer) as tf.Tensor;
  return units ? { activation, scores: total, units } : { activation, scores: total };
}
