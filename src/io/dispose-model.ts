import * as tf from '@tensorflow/tfjs';

/**
 * Frees every tensor a loaded model holds. `model.dispose()` alone leaves the weights of some
 * nested models alive in TF.js 4.22 (a Sequential inside a Sequential, as in Teachable Machine
 * exports, keeps a reference count above zero), so the weights of all nested layers are
 * collected first and any that survive `dispose()` are freed one by one.
 */
export function disposeModel(model: tf.LayersModel | tf.GraphModel): void {
  if (!(model instanceof tf.LayersModel)) {
    model.dispose();
    return;
  }
  const variables = new Map<tf.LayerVariable, tf.Tensor>();
  const collect = (layer: tf.layers.Layer): void => {
    layer.weights.forEach((variable) => variables.set(variable, variable.read()));
    if (layer instanceof tf.LayersModel) layer.layers.forEach(collect);
  };
  collect(model);
  model.dispose();
  for (const [variable, value] of variables) {
    if (!value.isDisposed) variable.dispose();
  }
}
