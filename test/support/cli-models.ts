// Models nobody here trained, made at test time and saved as TF.js layers models (model.json +
// shards, written by the project's fixture writers), for CLI tests of the shapes real models have:
// no channel axis (Keras-tutorial MLPs), several outputs, a free input size.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { modelArtifacts, weightBytes, writeModelJson } from '../../scripts/fixtures/save-artifacts.ts';
import { seedWeights } from './tensors.ts';

/** Saves `model` as `dir/model.json` with its weights; returns the model.json path. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<string> {
  const artifacts = await modelArtifacts(model);
  const header = { format: 'layers-model', generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`, convertedBy: null };
  writeModelJson(dir, { ...header, modelTopology: artifacts.modelTopology }, artifacts.weightSpecs ?? [], weightBytes(artifacts));
  return join(dir, 'model.json');
}

/** A Keras-tutorial MLP on 8x8 grey images without a channel axis: [N, 8, 8] -> flatten -> dense(3, softmax). */
export function channellessMlp(): tf.LayersModel {
  const model = tf.sequential({
    name: 'mlp',
    layers: [tf.layers.flatten({ inputShape: [8, 8], name: 'flatten' }), tf.layers.dense({ units: 3, activation: 'softmax', name: 'probs' })],
  });
  seedWeights(model, 3, 0.8);
  return model;
}

/** Two heads on one trunk: 'digit' (4 classes) and 'parity' (2 classes), 8x8x3 input. */
export function twoOutputModel(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3], name: 'pixels' });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', name: 'conv' }).apply(input);
  const flat = tf.layers.flatten({ name: 'flatten' }).apply(conv);
  const digit = tf.layers.dense({ units: 4, activation: 'softmax', name: 'digit' }).apply(flat) as tf.SymbolicTensor;
  const parity = tf.layers.dense({ units: 2, activation: 'softmax', name: 'parity' }).apply(flat) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: [digit, parity], name: 'two_heads' });
  seedWeights(model, 5, 0.6);
  return model;
}

/** A fully convolutional classifier that takes any size: [N, null, null, 3] -> conv -> global pool -> dense(3). */
export function freeSizeModel(): tf.LayersModel {
  const input = tf.input({ shape: [null, null, 3], name: 'pixels' });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }).apply(input);
  const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv);
  const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'probs' }).apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out, name: 'any_size' });
  seedWeights(model, 9, 0.6);
  return model;
}
