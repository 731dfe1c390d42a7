/**
 * Neuron attribution (Captum's Neuron* family: NeuronGradient, NeuronIntegratedGradients,
 * NeuronGradientShap, ...): any method explains one unit of an inner layer when its target reads
 * that unit. A target is a score function (target.ts), so one more target gives every method its
 * neuron form: `integratedGradients(model, x, { target: neuronTarget('conv2', [3, 4, 7]) })`.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from './errors.ts';
import type { LayerRef } from './layers.ts';
import type { Target } from './target.ts';

/**
 * One neuron of a layer's output: `position` is its index in the output without the batch axis,
 * e.g. `[row, column, channel]` of a conv layer or `[unit]` of a dense one (a number is the same as
 * a one-element position). The score of sample n is `activation[n, ...position]` (Captum's
 * `neuron_selector` as a tuple). For the mean of a conv filter over space use filterTarget; for any
 * other function of the layer's output, customTarget with `layer`.
 */
export function neuronTarget(layer: LayerRef, position: number | readonly number[]): Target {
  const index = typeof position === 'number' ? [position] : [...position];
  check(index.length > 0, 'target', 'the neuron position is empty; give one index per axis of the layer output (batch axis left out)');
  for (const i of index) check(Number.isInteger(i) && i >= 0, 'target', `neuron index ${i} must be a non-negative integer`);
  return {
    layer,
    description: `neuron [${index.join(', ')}]`,
    classification: false,
    validate: (shape) => {
      const axes = shape.slice(1);
      if (axes.length !== index.length) {
        throw new SaliencyError(
          'TARGET_OUT_OF_RANGE',
          `target: the neuron position [${index.join(', ')}] has ${index.length} indices but the layer output has shape ` +
            `[${axes.map((d) => d ?? 'any').join(', ')}] (batch axis left out); give ${axes.length}`,
          'target',
        );
      }
      const bad = index.findIndex((i, axis) => axes[axis] !== null && i >= (axes[axis] as number));
      if (bad >= 0) {
        throw new SaliencyError(
          'TARGET_OUT_OF_RANGE',
          `target: neuron index ${index[bad]} on axis ${bad + 1} is out of range; valid are 0 to ${(axes[bad] as number) - 1}`,
          'target',
        );
      }
    },
    linear: true,
    score: (activation) => {
      const begin = [0, ...index];
      const size = [-1, ...index.map(() => 1)];
      return { scores: tf.reshape(tf.slice(activation, begin, size), [-1]) as tf.Tensor1D };
    },
  };
}
