import * as tf from '@tensorflow/tfjs';
import { isJsonObject, type JsonObject } from '../json-file.ts';
import { ModelLoadError } from '../model-load-error.ts';

/** Keras keys TF.js does not read (Keras 3 bookkeeping). */
const DROPPED_KEYS = new Set(['module', 'registered_name', 'build_config', 'compile_config', 'shared_object_id']);
/** Class names of Keras dtype policies, which TF.js wants as a plain dtype string. */
const DTYPE_POLICIES = new Set(['DTypePolicy', 'FloatDTypePolicy', 'Policy']);
/** Layer classes that hold other layers in `config.layers`. */
export const CONTAINER_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/**
 * Rewrites a Keras model config (Keras 2 / tf.keras or Keras 3 `config.json`) into the Keras 2 form
 * that TF.js's `modelFromJSON` reads, and checks that TF.js has every layer class it uses. Keras 3
 * differences handled: module/registered-name keys, dtype policy objects, `batch_shape`, the
 * `{args, kwargs}` inbound-node form and flat `input_layers`/`output_layers`. `file` names the file
 * in errors.
 */
export function kerasConfigToTfjs(config: JsonObject, file: string): JsonObject {
  const converted = convertValue(config) as JsonObject;
  checkLayerClasses(converted, file);
  dropSequentialInputLayers(converted);
  return converted;
}

/**
 * Keras's `Sequential.layers` leaves out a leading InputLayer but TF.js keeps one found in the
 * config, which would shift layer indices: move its input shape onto the first real layer instead
 * (a nested model as first layer has its own input).
 */
function dropSequentialInputLayers(layer: JsonObject): void {
  const children = childLayers(layer);
  children.forEach(dropSequentialInputLayers);
  const [first, second] = children;
  if (layer.class_name !== 'Sequential' || first?.class_name !== 'InputLayer' || second === undefined) return;
  const input = first.config as JsonObject;
  if (!CONTAINER_CLASSES.has(second.class_name as string) && isJsonObject(second.config)) {
    (second.config as Record<string, unknown>).batch_input_shape = input.batch_input_shape;
  }
  ((layer.config as JsonObject).layers as unknown[]).splice(0, 1);
}

function convertValue(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => convertValue(item));
  if (!isJsonObject(value)) return value;
  if (DTYPE_POLICIES.has(value.class_name as string) && isJsonObject(value.config)) return value.config.name;
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    if (DROPPED_KEYS.has(name)) continue;
    if (name === 'batch_shape') out.batch_input_shape = child;
    else if (name === 'inbound_nodes' && Array.isArray(child)) out.inbound_nodes = child.map(convertInboundNode);
    else if ((name === 'input_layers' || name === 'output_layers') && key === 'config') out[name] = tensorList(child);
    else out[name] = convertValue(child, name);
  }
  return out;
}

/** Keras 3 `{args: [...], kwargs: {...}}` -> Keras 2 `[[layer, node, tensor, {}], ...]`. */
function convertInboundNode(node: unknown): unknown {
  if (!isJsonObject(node) || !('args' in node)) return node;
  const tensors: unknown[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isJsonObject(value) && value.class_name === '__keras_tensor__' && isJsonObject(value.config)) {
      const [layer, nodeIndex, tensorIndex] = value.config.keras_history as [string, number, number];
      tensors.push([layer, nodeIndex, tensorIndex, {}]);
    }
  };
  collect(node.args);
  return tensors;
}

/** `["in", 0, 0]` or `{name: ["in", 0, 0]}` -> `[["in", 0, 0]]`. */
function tensorList(value: unknown): unknown {
  if (Array.isArray(value) && typeof value[0] === 'string') return [value];
  if (isJsonObject(value)) return Object.values(value);
  return value;
}

/** The layer configs a container config lists (empty for other layers). */
export function childLayers(layer: JsonObject): JsonObject[] {
  const config = layer.config;
  if (!CONTAINER_CLASSES.has(layer.class_name as string) || !isJsonObject(config)) return [];
  return Array.isArray(config.layers) ? config.layers.filter(isJsonObject) : [];
}

function checkLayerClasses(layer: JsonObject, file: string): void {
  const className = layer.class_name;
  const known = tf.serialization.SerializationMap.getMap().classNameMap;
  const entry = typeof className === 'string' ? known[className] : undefined;
  if (entry === undefined || !(entry[0].prototype instanceof tf.layers.Layer)) {
    const name = (isJsonObject(layer.config) ? layer.config.name : undefined) ?? layer.name ?? '?';
    const supported = Object.keys(known).filter((c) => known[c]?.[0].prototype instanceof tf.layers.Layer);
    throw new ModelLoadError(
      file,
      `layer '${String(name)}' has class ${String(className)}, which TensorFlow.js does not support ` +
        `(layer classes it supports: ${supported.sort().join(', ')})`,
    );
  }
  childLayers(layer).forEach((child) => checkLayerClasses(child, file));
}
