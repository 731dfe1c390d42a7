import type * as tf from '@tensorflow/tfjs';

/**
 * The shape of a model's first input (unknown sizes as `null`), as read from a layers or graph
 * model; `undefined` when a graph model does not declare it.
 */
export function modelInputShape(model: tf.LayersModel | tf.GraphModel): (number | null)[] | undefined {
  const input = model.inputs[0];
  const shape = input?.shape as readonly (number | null)[] | undefined;
  return shape?.map((d) => (d === null || d < 0 ? null : d));
}
