// A 224x224 Teachable Machine image export shaped like the real ones, made on the fly for the browser
// tests: an outer Sequential of a Sequential wrapping a MobileNet-style functional feature extractor
// (strided conv, depthwise-separable blocks with batch norm and ReLU6, global average pooling) and a
// Sequential dense head; metadata.json without tmVersion. Narrow (8-32 channels) so it runs in seconds.
import * as tf from '@tensorflow/tfjs';
import { modelArtifacts, weightBytes } from '../../scripts/fixtures/save-artifacts.ts';

/** Labels of the export. */
export const MOBILENET_TM_LABELS = ['class A', 'class B', 'class C'];

/** metadata.json as a Teachable Machine export writes it, but without `tmVersion`. */
export const MOBILENET_TM_METADATA = {
  tfjsVersion: '1.3.1',
  packageVersion: '0.8.5',
  packageName: '@teachablemachine/image',
  timeStamp: '2025-01-01T00:00:00.000Z',
  userMetadata: {},
  modelName: 'tm-my-image-model',
  labels: MOBILENET_TM_LABELS,
  imageSize: 224,
};

/** (output channels, stride) of each depthwise-separable block: 112 -> 7 pixels a side. */
const BLOCKS: readonly (readonly [number, number])[] = [[16, 1], [16, 2], [16, 1], [32, 2], [32, 2], [32, 2]];

function mobileNetFeatures(): tf.LayersModel {
  let seed = 1;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const input = tf.input({ shape: [224, 224, 3], name: 'input_1' });
  const bnRelu = (x: tf.SymbolicTensor, name: string): tf.SymbolicTensor => {
    const bn = tf.layers.batchNormalization({ name: `${name}_bn` }).apply(x) as tf.SymbolicTensor;
    return tf.layers.reLU({ maxValue: 6, name: `${name}_relu` }).apply(bn) as tf.SymbolicTensor;
  };
  let x = tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(), name: 'conv1' }).apply(input) as tf.SymbolicTensor;
  x = bnRelu(x, 'conv1');
  BLOCKS.forEach(([filters, strides], i) => {
    const dw = tf.layers.depthwiseConv2d({ kernelSize: 3, strides, padding: 'same', useBias: false, depthwiseInitializer: init(), name: `conv_dw_${i + 1}` });
    x = bnRelu(dw.apply(x) as tf.SymbolicTensor, `conv_dw_${i + 1}`);
    const pw = tf.layers.conv2d({ filters, kernelSize: 1, useBias: false, kernelInitializer: init(), name: `conv_pw_${i + 1}` });
    x = bnRelu(pw.apply(x) as tf.SymbolicTensor, `conv_pw_${i + 1}`);
  });
  const pooled = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: pooled, name: 'model1' });
}

/** The export's files: model.json, weights.bin and metadata.json. */
export async function mobileNetTeachableMachineExport(): Promise<{ name: string; buffer: Buffer; mimeType: string }[]> {
  const body = tf.sequential({ name: 'sequential_1', layers: [mobileNetFeatures()] });
  const head = tf.sequential({
    name: 'sequential_3',
    layers: [
      tf.layers.dense({ name: 'dense_Dense1', units: 16, activation: 'relu', inputShape: [32], kernelInitializer: tf.initializers.glorotUniform({ seed: 101 }) }),
      tf.layers.dense({ name: 'dense_Dense2', units: MOBILENET_TM_LABELS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 102 }) }),
    ],
  });
  const model = tf.sequential({ name: 'sequential_4', layers: [body, head] });
  try {
    const artifacts = await modelArtifacts(model);
    const json = {
      format: 'layers-model',
      generatedBy: 'TensorFlow.js tfjs-layers v1.3.1',
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    };
    return [
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
      { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(weightBytes(artifacts)) },
      { name: 'metadata.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(MOBILENET_TM_METADATA)) },
    ];
  } finally {
    model.dispose();
  }
}
