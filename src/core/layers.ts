/**
 * Finding layers: by index (negative counts from the end), by name, by a path into nested models,
 * or by the layer object itself; and the flat table of every layer, nested models expanded.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, listForMessage } from './errors.ts';
import type { GraphModelNode } from './graph-node.ts';
import { asContainer, layerOutputShape } from './internals.ts';

/**
 * How a layer is named: an index into `model.layers` (negative counts from the end, as in
 * keras-vis), a layer name (searched at the top level first, then inside nested models), a path
 * into nested models (`'mobilenet/conv_pw_13_relu'` or `['mobilenet', 'conv_pw_13_relu']`), or the
 * layer object. In a tf.GraphModel: an index into its node table, a node name ('conv2d/Relu'), a
 * Keras layer scope ('conv2d': the scope's last node) or a {@link GraphModelNode}.
 */
export type LayerRef = number | string | readonly string[] | tf.layers.Layer | GraphModelNode;

/** What a layer table row points at: a layers model's layer or a graph model's node. */
export type LayerKey = tf.layers.Layer | GraphModelNode;

/** One row of the layer table. */
export interface LayerInfo {
  /** Position in its parent's `layers`. */
  readonly index: number;
  /** The layer's name. */
  readonly name: string;
  /** The tfjs-layers class, e.g. 'Conv2D' (in a graph model: the op, e.g. 'Relu'). */
  readonly className: string;
  /** Output shape with the batch axis first (null for unknown sizes). */
  readonly outputShape: readonly (number | null)[];
  /** Names from the top model down to this layer, e.g. ['sequential_1', 'conv_pw_13_relu']. */
  readonly path: readonly string[];
  /** True when the layer is itself a model (its layers follow it in the table). */
  readonly isModel: boolean;
  /** The layer object (in a graph model: its {@link GraphModelNode}). */
  readonly layer: LayerKey;
}

/** The layer table of `model`, depth first: each nested model is followed by its own layers. */
export function listLayers(model: tf.LayersModel): LayerInfo[] {
  const rows: LayerInfo[] = [];
  const visit = (container: tf.LayersModel, prefix: readonly string[]): void => {
    container.layers.forEach((layer, index) => {
      const path = [...prefix, layer.name];
      const inner = asContainer(layer);
      rows.push({
        index,
        name: layer.name,
        className: layer.getClassName(),
        outputShape: safeOutputShape(layer),
        path,
        isModel: inner !== undefined,
        layer,
      });
      if (inner) visit(layer as tf.LayersModel, path);
    });
  };
  visit(model, []);
  return rows;
}

function safeOutputShape(layer: tf.layers.Layer): (number | null)[] {
  try {
    return layerOutputShape(layer);
  } catch {
    return [];
  }
}

/** Finds the layer `ref` names in `model`; the error lists what exists. */
export function resolveLayer(model: tf.LayersModel, ref: LayerRef, argument = 'layer'): LayerInfo {
  const table = listLayers(model);
  if (typeof ref === 'number') return byIndex(model, table, ref, argument);
  if (typeof ref === 'string') {
    return ref.includes('/') ? byPath(table, ref.split('/'), argument) : byName(table, ref, argument);
  }
  if (Array.isArray(ref)) return byPath(table, ref as readonly string[], argument);
  const found = table.find((row) => row.layer === ref);
  if (!found) {
    throw new SaliencyError(
      'LAYER_NOT_FOUND',
      `${argument}: the layer object '${(ref as tf.layers.Layer).name}' is not part of this model`,
      argument,
    );
  }
  return found;
}

function byIndex(model: tf.LayersModel, table: LayerInfo[], ref: number, argument: string): LayerInfo {
  const count = model.layers.length;
  if (!Number.isInteger(ref) || ref >= count || ref < -count) {
    throw new SaliencyError(
      'LAYER_NOT_FOUND',
      `${argument}: index ${ref} is out of range; the model has ${count} top-level layers ` +
        `(valid: ${-count} to ${count - 1})`,
      argument,
    );
  }
  const layer = model.layers[ref < 0 ? count + ref : ref];
  return table.find((row) => row.layer === layer && row.path.length === 1) as LayerInfo;
}

function byName(table: LayerInfo[], name: string, argument: string): LayerInfo {
  const top = table.find((row) => row.path.length === 1 && row.name === name);
  if (top) return top;
  const nested = table.filter((row) => row.name === name);
  if (nested.length === 1) return nested[0] as LayerInfo;
  if (nested.length > 1) {
    throw new SaliencyError(
      'LAYER_NOT_FOUND',
      `${argument}: the name '${name}' is used in several nested models; give a path: ` +
        nested.map((row) => `'${row.path.join('/')}'`).join(', '),
      argument,
    );
  }
  throw notFound(table, `'${name}'`, argument);
}

function byPath(table: LayerInfo[], path: readonly string[], argument: string): LayerInfo {
  const found = table.find(
    (row) => row.path.length === path.length && row.path.every((name, i) => name === path[i]),
  );
  if (found) return found;
  throw notFound(table, `at path '${path.join('/')}'`, argument);
}

function notFound(table: LayerInfo[], what: string, argument: string): SaliencyError {
  return new SaliencyError(
    'LAYER_NOT_FOUND',
    `${argument}: no layer ${what}; layers are: ${listForMessage(table.map((row) => row.path.join('/')))}`,
    argument,
  );
}
