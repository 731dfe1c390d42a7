/**
 * Gradient of _FusedMatMul (registered by the engine; stock TF.js registers none).
 */
import * as tf from '@tensorflow/tfjs';
import { activationBackward, type OutputGatedActivation } from './activation-backward.ts';
import { biasGradient, splitSaved, type Grads } from './fused-grad.ts';

/** Gradient of the _FusedMatMul kernel for one [1, m, k] x [1, k, n] product, lazily per input. */
export const fusedMatMulGradient: tf.GradConfig = {
  kernelName: '_FusedMatMul',
  inputsToSave: ['a', 'b'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const { first, second, biasShape, y } = splitSaved(saved as tf.Tensor[], attrs);
    const a = first as tf.Tensor3D;
    const b = second as tf.Tensor3D;
    const d = activationBackward(dy as tf.Tensor, y, (attrs as unknown as tf._FusedMatMulAttrs).activation as OutputGatedActivation);
    const grads: Grads = {
      a: () => tf.matMul(d as tf.Tensor3D, b, false, true),
      b: () => tf.matMul(a, d as tf.Tensor3D, true, false),
    };
    if (biasShape != null) grads['bias'] = () => biasGradient(biasShape, d);
    return grads;
  },
};
