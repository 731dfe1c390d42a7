/**
 * Which registered gradients are the engine's own right now (a backprop rule may have swapped them).
 */
import * as tf from '@tensorflow/tfjs';

let own: ReadonlyMap<string, tf.GradConfig> = new Map();

/** Records the gradient configs the engine registered, by kernel name. */
export function setOwnGradients(configs: ReadonlyMap<string, tf.GradConfig>): void {
  own = configs;
}

/**
 * Whether the gradient registered for `kernel` right now is the engine's own, i.e. not replaced
 * since (guided and rectified backprop swap the Relu gradients for a while).
 */
export function isOwnGradient(kernel: string): boolean {
  const config = own.get(kernel);
  return config != null && tf.getGradient(kernel) === config;
}
