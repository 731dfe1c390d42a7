// The bundled MNIST CNN as a .onnx file with a PyTorch-style NCHW input, made with the library's own
// ONNX writer (no python): the Keras model lowered to its forward graph, a Transpose from NCHW in
// front. Its scores equal the TF.js model's (or its logits), so a test can check an ONNX path against TF.js.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { lowerModel, toModelBytes, type OnnxGraph } from '../../src/index.ts';
import { loadModel } from '../../src/node/models/load-model.ts';

/** The bundled MNIST CNN's model.json. */
export const MNIST_MODEL = join(import.meta.dirname, '../../models/mnist-cnn/model.json');

/**
 * The .onnx bytes of `model` (one NHWC image input, one output) with an NCHW input named 'image' and a
 * free batch 'N'; `logits` removes the last layer's softmax (as PyTorch classifiers export).
 */
export function nchwOnnxBytes(model: tf.LayersModel, logits = false): Uint8Array {
  const last = model.layers[model.layers.length - 1];
  const lowered = lowerModel(model, logits && last ? { linear: new Set([last]) } : {});
  const [nhwc] = lowered.inputs;
  const [output] = lowered.outputs;
  const [, height, width, channels] = model.inputs[0]!.shape as number[];
  if (nhwc === undefined || output === undefined) throw new Error('nchwOnnxBytes: expected one input and one output');
  const graph: OnnxGraph = {
    ...lowered.graph,
    inputs: [{ name: 'image', shape: ['N', channels!, height!, width!] }],
    outputs: [{ name: output, shape: ['N', (model.outputs[0]!.shape as number[])[1]!] }],
    nodes: [{ op: 'Transpose', inputs: ['image'], outputs: [nhwc], attributes: { perm: [0, 2, 3, 1] }, name: 'nchw_to_nhwc' }, ...lowered.graph.nodes],
  };
  return toModelBytes(graph);
}

/** The bundled MNIST CNN (dispose it) and its .onnx bytes (`logits`: see {@link nchwOnnxBytes}). */
export async function mnistOnnx(logits = false): Promise<{ readonly model: tf.LayersModel; readonly bytes: Uint8Array }> {
  const { model } = await loadModel(MNIST_MODEL);
  if (!(model instanceof tf.LayersModel)) throw new Error('mnist-cnn: expected a layers model');
  return { model, bytes: nchwOnnxBytes(model, logits) };
}
