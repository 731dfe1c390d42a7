import * as tf from '@tensorflow/tfjs';

/**
 * keras-vis's MNIST example network (the Keras mnist_cnn example): Conv32(3x3, relu) - Conv64(3x3,
 * relu) - MaxPool(2) - Dropout(0.25) - Flatten - Dense128(relu) - Dropout(0.5) - Dense10(softmax).
 * Input 28 x 28 x 1 in [0, 1]. About 1.2 million parameters.
 */
export function mnistCnn(): tf.Sequential {
  return tf.sequential({
    name: 'mnist_cnn',
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', name: 'conv2d_1' }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', name: 'conv2d_2' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d_1' }),
      tf.layers.dropout({ rate: 0.25, name: 'dropout_1' }),
      tf.layers.flatten({ name: 'flatten_1' }),
      tf.layers.dense({ units: 128, activation: 'relu', name: 'dense_1' }),
      tf.layers.dropout({ rate: 0.5, name: 'dropout_2' }),
      tf.layers.dense({ units: 10, activation: 'softmax', name: 'preds' }),
    ],
  });
}

/**
 * The steering regressor: four strided 3 x 3 convolutions (16-24-32-48 filters, relu) that take a
 * 64 x 64 RGB road scene down to 4 x 4, then Flatten - Dense64(relu) - Dropout(0.3) - Dense1(tanh).
 * Output in [-1, 1]: negative steers left, positive right.
 */
export function steeringCnn(): tf.Sequential {
  return tf.sequential({
    name: 'steering_cnn',
    layers: [
      tf.layers.conv2d({ inputShape: [64, 64, 3], filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv2d_1' }),
      tf.layers.conv2d({ filters: 24, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv2d_2' }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv2d_3' }),
      tf.layers.conv2d({ filters: 48, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv2d_4' }),
      tf.layers.flatten({ name: 'flatten_1' }),
      tf.layers.dense({ units: 64, activation: 'relu', name: 'dense_1' }),
      tf.layers.dropout({ rate: 0.3, name: 'dropout_1' }),
      tf.layers.dense({ units: 1, activation: 'tanh', name: 'steering' }),
    ],
  });
}

/**
 * The small digit classifier shared by the shortcut model and its clean twin: Conv16(3x3, relu) -
 * MaxPool(2) - Conv32(3x3, relu) - MaxPool(2) - Flatten - Dense64(relu) - Dense10(softmax).
 * Input 28 x 28 x 1 in [0, 1]. `kernelL2` (default 0: none) puts an L2 penalty on every kernel.
 */
export function smallDigitCnn(kernelL2 = 0): tf.Sequential {
  const regularize = kernelL2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2: kernelL2 }) } : {};
  return tf.sequential({
    name: 'small_digit_cnn',
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu', name: 'conv2d_1', ...regularize }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d_1' }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', name: 'conv2d_2', ...regularize }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d_2' }),
      tf.layers.flatten({ name: 'flatten_1' }),
      tf.layers.dense({ units: 64, activation: 'relu', name: 'dense_1', ...regularize }),
      tf.layers.dense({ units: 10, activation: 'softmax', name: 'preds', ...regularize }),
    ],
  });
}
