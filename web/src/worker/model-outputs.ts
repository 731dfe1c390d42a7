// A model's outputs as the page offers them: those that give class scores [batch, classes].
import * as tf from '@tensorflow/tfjs';
import type { ModelOutput } from '../protocol.ts';

/**
 * The class-score outputs of `model` (rank 2 with a known class count), each with its position among
 * all outputs, its name and labels (`labels` for the first output, `class N` for others). Shapes are
 * the declared ones, or found by running one blank input (graph models). Throws, naming the shapes,
 * when no output gives class scores.
 */
export function classOutputs(model: tf.LayersModel | tf.GraphModel, inputShape: readonly number[], labels: readonly string[] | undefined, name: string): ModelOutput[] {
  const shapes = outputShapes(model, inputShape);
  const names = model.outputs.map((output, i) => ('name' in output && typeof output.name === 'string' ? output.name.replace(/\/.*$|:\d+$/, '') : `output ${i}`));
  const found: ModelOutput[] = [];
  shapes.forEach((shape, index) => {
    const classes = shape[shape.length - 1];
    if (shape.length !== 2 || typeof classes !== 'number' || !(classes > 0)) return;
    const own = found.length === 0 ? labels : undefined;
    found.push({ index, name: names[index] ?? `output ${index}`, labels: Array.from({ length: classes }, (_, i) => own?.[i] ?? `class ${i}`) });
  });
  if (found.length === 0) {
    const listed = shapes.map((s) => `[${s.join(', ')}]`).join(', ');
    throw new Error(`${name}: the explorer needs an output of class scores [batch, classes]; this model's output${shapes.length > 1 ? 's are' : ' is'} ${listed}`);
  }
  return found;
}

function outputShapes(model: tf.LayersModel | tf.GraphModel, inputShape: readonly number[]): (number | null)[][] {
  const declared = model.outputs.map((o) => (o.shape ?? []) as (number | null)[]);
  if (declared.length > 0 && declared.every((shape) => shape.length > 0)) return declared;
  return tf.tidy(() => {
    const output = model.predict(tf.zeros([1, ...inputShape]));
    return (Array.isArray(output) ? output : [output as tf.Tensor]).map((t) => [...t.shape]);
  });
}
