import * as tf from '@tensorflow/tfjs';
import { ModelLoadError } from '../model-load-error.ts';

/** One weight array read from a Keras file; `name` as Keras 2 stores it (`dense/kernel:0`), none in Keras 3. */
export interface KerasWeight {
  readonly name?: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * Weights by layer name: a list for a layer (in Keras's order: trainable, then non-trainable), or
 * a nested tree for a nested model stored layer by layer (Keras 3). Keras 2 stores a nested model's
 * weights as one named list, split here by the layer name inside each weight name.
 */
export type KerasWeightTree = Map<string, readonly KerasWeight[] | KerasWeightTree>;

/**
 * Puts the weights of `tree` into `model` (built from the same file's config), checking that every
 * layer with weights gets exactly the right number and shapes and that no weights are left over.
 * `file` names the file in errors.
 */
export function assignKerasWeights(model: tf.LayersModel, tree: KerasWeightTree, file: string, groups?: readonly string[]): void {
  assignContainer(model, tree, file, groups);
}

/** The end of a "no weights for layer" message: the groups the file does hold. */
function groupsFound(groups: readonly string[] | undefined): string {
  if (groups === undefined) return '';
  if (groups.length === 0) return '; the file holds no weight groups at all';
  const shown = groups.slice(0, 20).map((g) => `'${g}'`).join(', ');
  return `; the weight groups in the file are ${shown}${groups.length > 20 ? `, ... (${groups.length} in all)` : ''}`;
}

function assignContainer(container: tf.LayersModel, tree: KerasWeightTree, file: string, groups: readonly string[] | undefined): void {
  const used = new Set<string>();
  for (const layer of container.layers) {
    const entry = tree.get(layer.name);
    if (entry !== undefined) used.add(layer.name);
    if (layer.weights.length === 0) continue;
    if (entry === undefined) {
      throw new ModelLoadError(file, `has no weights for layer '${layer.name}' (${layer.getClassName()})${groupsFound(groups)}`);
    }
    if (layer instanceof tf.LayersModel) {
      assignContainer(layer, entry instanceof Map ? entry : splitByLayerName(entry), file, groups);
    } else if (entry instanceof Map) {
      throw new ModelLoadError(file, `stores layer '${layer.name}' (${layer.getClassName()}) as a nested model`);
    } else {
      assignLayer(layer, entry, file);
    }
  }
  for (const [name, entry] of tree) {
    if (!used.has(name) && weightCount(entry) > 0) {
      throw new ModelLoadError(file, `has weights for a layer '${name}' that the model config does not have`);
    }
  }
}

function weightCount(entry: readonly KerasWeight[] | KerasWeightTree): number {
  return entry instanceof Map ? [...entry.values()].reduce((n, e) => n + weightCount(e), 0) : entry.length;
}

/** Keras 2 names a nested model's weights `<layer>/<weight>:0`: group them by `<layer>`. */
function splitByLayerName(weights: readonly KerasWeight[]): KerasWeightTree {
  const tree: KerasWeightTree = new Map();
  for (const weight of weights) {
    const parts = stripIndex(weight.name ?? '').split('/');
    const layer = parts.length >= 2 ? (parts[parts.length - 2] as string) : '';
    const list = (tree.get(layer) as KerasWeight[] | undefined) ?? [];
    list.push(weight);
    tree.set(layer, list);
  }
  return tree;
}

function assignLayer(layer: tf.layers.Layer, weights: readonly KerasWeight[], file: string): void {
  const targets = layer.weights;
  const describe = (shapes: { name?: string; shape: readonly (number | null)[] }[]): string =>
    shapes.map((w) => `${lastPart(w.name ?? '?')} [${w.shape.join(', ')}]`).join(', ');
  if (weights.length !== targets.length) {
    throw new ModelLoadError(
      file,
      `layer '${layer.name}' (${layer.getClassName()}) has ${targets.length} weights (${describe(targets.map((t) => ({ name: t.originalName, shape: t.shape })))}) ` +
        `but the file holds ${weights.length} (${describe(weights.map((w) => ({ name: w.name, shape: w.shape })))})`,
    );
  }
  const ordered = orderByName(weights, targets.map((t) => lastPart(t.originalName)));
  ordered.forEach((weight, i) => {
    const target = targets[i] as tf.LayerVariable;
    if (weight.shape.length !== target.shape.length || weight.shape.some((d, j) => d !== target.shape[j])) {
      throw new ModelLoadError(
        file,
        `weight '${lastPart(target.originalName)}' of layer '${layer.name}' (${layer.getClassName()}) has shape ` +
          `[${weight.shape.join(', ')}] in the file but the model needs [${target.shape.join(', ')}]`,
      );
    }
  });
  const tensors = ordered.map((weight) => tf.tensor(weight.values, [...weight.shape], 'float32'));
  try {
    layer.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** Matches weights to `targetNames` by name when every weight has a matching name, else keeps the file's order. */
function orderByName(weights: readonly KerasWeight[], targetNames: readonly string[]): readonly KerasWeight[] {
  const byName = new Map(weights.map((w) => [lastPart(stripIndex(w.name ?? '')), w]));
  const matched = targetNames.map((name) => byName.get(name));
  return byName.size === weights.length && matched.every((w) => w !== undefined) ? (matched as KerasWeight[]) : weights;
}

function stripIndex(name: string): string {
  return name.replace(/:\d+$/, '');
}

function lastPart(name: string): string {
  const stripped = stripIndex(name);
  return stripped.slice(stripped.lastIndexOf('/') + 1);
}
