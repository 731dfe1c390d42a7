/**
 * Running a tf.GraphModel with the executor's hooks: captured nodes are extra outputs of the same
 * `execute` call, replaced nodes are fed by name (tfjs-converter runs only what lies downstream of
 * the fed nodes and the inputs), so Grad-CAM and the layer methods see a graph model's inside as they
 * see a layers model's. Models whose inputs fix the batch size run in slices of exactly that size.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from './errors.ts';
import type { RunHooks, RunResult } from './executor.ts';
import { GraphModelNode } from './graph-node.ts';
import type { LayerKey } from './layers.ts';

/** The graph nodes among `keys`; a tf.layers.Layer key is refused (it cannot be part of a graph model). */
function graphNodes(keys: Iterable<LayerKey>): GraphModelNode[] {
  return [...keys].map((key) => {
    if (key instanceof GraphModelNode) return key;
    throw new SaliencyError('UNSUPPORTED_MODEL', `layer '${key.name}' is a tf.layers.Layer; a tf.GraphModel's nodes are addressed by name`);
  });
}

/** One `execute` call: outputs then captured node values. */
function executeOnce(model: tf.GraphModel, feeds: tf.NamedTensorMap, names: readonly string[]): tf.Tensor[] {
  const result = model.execute(feeds, [...names]);
  return Array.isArray(result) ? result : [result];
}

/**
 * Runs `model` on `inputs` (one per model input, batch first) with `hooks.capture` and
 * `hooks.replace` over graph nodes; `linear`, `reuse` and `record` do not apply to graph models.
 */
export function runGraphModel(model: tf.GraphModel, inputs: readonly tf.Tensor[], hooks: RunHooks, fixedBatch: number | undefined): RunResult {
  const captures = graphNodes(hooks.capture ?? []);
  const replaced = hooks.replace ? [...hooks.replace.entries()] : [];
  const replacedNodes = graphNodes(replaced.map(([key]) => key));
  const feedNames = [...model.inputNodes.slice(0, inputs.length), ...replacedNodes.map((n) => n.name)];
  const feedTensors = [...inputs, ...replaced.map(([, t]) => t)];
  const names = [...model.outputNodes, ...captures.map((n) => n.name)];
  const run = (tensors: readonly tf.Tensor[]): tf.Tensor[] =>
    executeOnce(model, Object.fromEntries(feedNames.map((name, i) => [name, tensors[i] as tf.Tensor])), names);
  const rows = inputs[0]?.shape[0];
  const values = fixedBatch === undefined || rows === undefined || rows === fixedBatch ? run(feedTensors) : inFixedBatches(feedTensors, rows, fixedBatch, run);
  const outputs = values.slice(0, model.outputNodes.length);
  const captured = new Map<LayerKey, tf.Tensor>(captures.map((node, i) => [node, values[model.outputNodes.length + i] as tf.Tensor]));
  return { outputs, captured };
}

/**
 * Runs `rows` rows through `run`, which takes exactly `fixed` per call: consecutive slices of
 * `fixed` rows of every fed tensor, the last padded by repeating its last row, results cut back and
 * concatenated. Differentiable (slices, tiles and concatenations), so gradients flow as in one call.
 */
function inFixedBatches(feeds: readonly tf.Tensor[], rows: number, fixed: number, run: (t: readonly tf.Tensor[]) => tf.Tensor[]): tf.Tensor[] {
  const parts: tf.Tensor[][] = [];
  for (let start = 0; start < rows; start += fixed) {
    const count = Math.min(fixed, rows - start);
    const chunk = feeds.map((t) => {
      const slice = tf.slice(t, start, count);
      if (count === fixed) return slice;
      const last = tf.slice(t, start + count - 1, 1);
      return tf.concat([slice, tf.tile(last, [fixed - count, ...new Array<number>(t.rank - 1).fill(1)])], 0);
    });
    parts.push(run(chunk).map((out) => (count === fixed || out.rank === 0 ? out : tf.slice(out, 0, count))));
  }
  if (parts.length === 1) return parts[0] as tf.Tensor[];
  return (parts[0] as tf.Tensor[]).map((_, k) => tf.concat(parts.map((p) => p[k] as tf.Tensor), 0));
}
