import * as tf from '@tensorflow/tfjs';

/**
 * The pre-softmax scores of a classifier whose last layer is a Dense layer with softmax activation:
 * a function from an input batch to its logits, sharing the model's weights (nothing is copied).
 * Call it inside `tf.tidy` or `tf.grad`.
 */
export function classLogits(model: tf.LayersModel): (x: tf.Tensor) => tf.Tensor2D {
  const last = model.layers[model.layers.length - 1];
  const config = last?.getConfig();
  if (!last || last.getClassName() !== 'Dense' || config?.activation !== 'softmax') {
    throw new Error(`model '${model.name}': classLogits needs a last Dense layer with softmax activation, got ${last?.getClassName() ?? 'no layers'}`);
  }
  const features = tf.model({ inputs: model.inputs, outputs: last.input as tf.SymbolicTensor });
  const [kernel, bias] = last.getWeights() as [tf.Tensor2D, tf.Tensor1D];
  return (x) => tf.add(tf.matMul(features.apply(x) as tf.Tensor2D, kernel), bias);
}
