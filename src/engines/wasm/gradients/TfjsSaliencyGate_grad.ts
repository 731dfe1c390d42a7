/**
 * Gradient of the engine's TfjsSaliencyGate kernel (for gradients of gradients).
 */
import * as tf from '@tensorflow/tfjs';
import { applyGate, GATE_KERNEL, type Gate } from '../kernels/gate.ts';

/** The gradient of TfjsSaliencyGate: the same gate on the incoming gradient; none for x. */
export const GATE_GRADIENT: tf.GradConfig = {
  kernelName: GATE_KERNEL,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    return { dy: () => applyGate(attrs as unknown as Gate, ddx as tf.Tensor, x), x: () => tf.zerosLike(x) };
  },
};
