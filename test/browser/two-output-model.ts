// A small two-output image model for the browser tests, written as a TF.js layers model.json +
// weights.bin: a 28x28x1 conv trunk with a ten-class head ('digit') and a two-class head ('parity').
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelArtifacts, weightBytes } from '../../scripts/fixtures/save-artifacts.ts';

/** Labels of the 'digit' output, written as dict.txt (one a line, as AutoML exports them). */
export const DIGIT_LABELS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** The model (the caller disposes it). */
export function twoOutputModel(): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1], name: 'image' });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }), name: 'conv' }).apply(input);
  const flat = tf.layers.flatten({ name: 'flatten' }).apply(conv);
  const digit = tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }), name: 'digit' }).apply(flat);
  const parity = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 9 }), name: 'parity' }).apply(flat);
  return tf.model({ inputs: input, outputs: [digit as tf.SymbolicTensor, parity as tf.SymbolicTensor], name: 'two_heads' });
}

/** Writes model.json, weights.bin and dict.txt of {@link twoOutputModel} into `dir`; returns their paths. */
export async function writeTwoOutputModel(dir: string): Promise<string[]> {
  const model = twoOutputModel();
  try {
    const artifacts = await modelArtifacts(model);
    mkdirSync(dir, { recursive: true });
    const json = { format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    writeFileSync(join(dir, 'weights.bin'), weightBytes(artifacts));
    writeFileSync(join(dir, 'dict.txt'), `${DIGIT_LABELS.join('\n')}\n`);
    return ['model.json', 'weights.bin', 'dict.txt'].map((name) => join(dir, name));
  } finally {
    model.dispose();
  }
}
