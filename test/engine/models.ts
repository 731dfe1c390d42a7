import * as tf from '@tensorflow/tfjs';

/** Small tf.layers models with seeded weights covering the layer types the engine speeds up. */
const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** conv(relu) -> conv(linear, stride 2) -> batch norm -> ReLU(max 6) -> depthwise(relu6, s2) -> maxpool -> dense(relu) -> dense. */
export function mixedCnn(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }));
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init(2) }));
  m.add(tf.layers.batchNormalization({ epsilon: 1e-3, gammaInitializer: 'ones', movingVarianceInitializer: tf.initializers.constant({ value: 0.7 }) }));
  m.add(tf.layers.reLU({ maxValue: 6 }));
  m.add(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', activation: 'relu6', depthwiseInitializer: init(3), biasInitializer: 'ones' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: init(4), biasInitializer: tf.initializers.constant({ value: 0.1 }) }));
  m.add(tf.layers.dense({ units: 3, kernelInitializer: init(5) }));
  return m;
}

/** conv(relu) -> conv(relu, stride 2) -> flatten -> dense(relu) -> dense: every relu fused. */
export function reluCnn(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [10, 10, 2], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: init(6), biasInitializer: tf.initializers.constant({ value: 0.05 }) }));
  m.add(tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: init(7) }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 6, activation: 'relu', kernelInitializer: init(8) }));
  m.add(tf.layers.dense({ units: 3, kernelInitializer: init(9) }));
  return m;
}

/** conv(relu6) -> depthwise(linear) -> ReLU(max 6) -> conv(relu6, 1x1) -> global average -> dense. */
export function relu6Cnn(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [9, 9, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu6', kernelInitializer: tf.initializers.randomNormal({ stddev: 2, seed: 10 }) }));
  m.add(tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthwiseInitializer: tf.initializers.randomNormal({ stddev: 2, seed: 11 }) }));
  m.add(tf.layers.reLU({ maxValue: 6 }));
  m.add(tf.layers.conv2d({ filters: 5, kernelSize: 1, activation: 'relu6', kernelInitializer: tf.initializers.randomNormal({ stddev: 2, seed: 12 }) }));
  m.add(tf.layers.globalAveragePooling2d({}));
  m.add(tf.layers.dense({ units: 3, kernelInitializer: init(13) }));
  return m;
}
