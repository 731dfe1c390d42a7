/**
 * Runs a LayersModel's graph layer by layer (the same order tfjs-layers uses), descending into
 * nested models, so that any layer's output can be read, replaced (to take gradients with respect
 * to it) or computed without its softmax, without ever changing the model. Conv -> BatchNorm
 * [-> ReLU] chains none of whose layers is hooked run as one folded convolution (layer-fusion.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from './errors.ts';
import {
  asContainer,
  asGraphLayer,
  linearActivation,
  type GraphContainer,
  type GraphLayer,
  type GraphNode,
  type GraphTensor,
} from './internals.ts';
import { activeChains, runChain, type FusionChain } from './layer-fusion.ts';
import type { LayerKey } from './layers.ts';

/** What to do besides computing the outputs. */
export interface RunHooks {
  /** Layers (graph models: nodes) whose (first) output is recorded in {@link RunResult.captured}. */
  readonly capture?: ReadonlySet<LayerKey>;
  /** Layers (graph models: nodes) whose output is the given tensor instead of being computed. */
  readonly replace?: ReadonlyMap<LayerKey, tf.Tensor>;
  /** Layers computed without their final activation (softmax removal); Activation/Softmax layers pass through. */
  readonly linear?: ReadonlySet<tf.layers.Layer>;
  /** Outputs of an earlier run (see `record`), reused for every call that does not depend on a replaced layer. */
  readonly reuse?: ReadonlyMap<string, tf.Tensor[]>;
  /** Receives the outputs of every layer call, keyed for `reuse` (of a fused chain: its last call's). */
  readonly record?: Map<string, tf.Tensor[]>;
}

/** The model outputs and what was captured. */
export interface RunResult {
  readonly outputs: tf.Tensor[];
  readonly captured: Map<LayerKey, tf.Tensor>;
}

interface Value {
  readonly tensor: tf.Tensor;
  readonly mask: tf.Tensor | null;
  /** Depends on a replaced layer. */
  readonly tainted: boolean;
}

/** Runs `model` on concrete `inputs` (batch first) in inference mode. */
export function runGraph(model: tf.LayersModel, inputs: readonly tf.Tensor[], hooks: RunHooks = {}): RunResult {
  const container = asContainer(model);
  if (!container) throw new SaliencyError('UNSUPPORTED_MODEL', 'model: expected a built tf.LayersModel');
  const captured = new Map<LayerKey, tf.Tensor>();
  const values = inputs.map((tensor) => ({ tensor, mask: null, tainted: false }));
  const outputs = runContainer(container, values, '', hooks, captured);
  return { outputs: outputs.map((v) => v.tensor), captured };
}

function runContainer(
  container: GraphContainer,
  inputs: readonly Value[],
  key: string,
  hooks: RunHooks,
  captured: Map<LayerKey, tf.Tensor>,
): Value[] {
  if (inputs.length !== container.inputs.length) {
    throw new SaliencyError(
      'INPUT_SHAPE',
      `input: model '${container.name}' takes ${container.inputs.length} input(s), got ${inputs.length}`,
      'input',
    );
  }
  const memo = new Map<number, Value>();
  container.inputs.forEach((symbolic, i) => memo.set(symbolic.id, inputs[i] as Value));
  const chains = activeChains(container, hooks);
  const stack: GraphTensor[] = [...container.outputs];
  while (stack.length > 0) {
    const symbolic = stack[stack.length - 1] as GraphTensor;
    if (memo.has(symbolic.id)) {
      stack.pop();
      continue;
    }
    const chain = chains.get(symbolic.id);
    if (chain) {
      const input = memo.get(chain.input.id);
      if (!input) {
        stack.push(chain.input);
        continue;
      }
      stack.pop();
      memo.set(symbolic.id, callChain(chain, input, key, hooks, captured));
      continue;
    }
    const layer = symbolic.sourceLayer;
    if (layer.getClassName() === 'InputLayer') {
      throw new SaliencyError('UNSUPPORTED_MODEL', `model: input '${symbolic.name}' of '${container.name}' was not fed`);
    }
    const nodeIndex = layer.inboundNodes.findIndex((n) => n.outputTensors.some((t) => t.id === symbolic.id));
    const node = layer.inboundNodes[nodeIndex] as GraphNode;
    const pending = node.inputTensors.filter((t) => !memo.has(t.id));
    if (pending.length > 0) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    const nodeInputs = node.inputTensors.map((t) => memo.get(t.id) as Value);
    const nodeKey = `${key}/${layer.name}#${nodeIndex}`;
    const results = callLayer(layer, nodeInputs, nodeKey, hooks, captured);
    node.outputTensors.forEach((t, i) => {
      const value = results[i];
      if (value) memo.set(t.id, value);
    });
  }
  return container.outputs.map((t) => memo.get(t.id) as Value);
}

/** Runs a fusion chain as one folded convolution (recorded and reused under its last call's key). */
function callChain(
  chain: FusionChain,
  input: Value,
  key: string,
  hooks: RunHooks,
  captured: Map<LayerKey, tf.Tensor>,
): Value {
  const keyOf = (call: FusionChain['calls'][number]): string => `${key}/${call.layer.name}#${call.nodeIndex}`;
  if (input.mask !== null) {
    return chain.calls.reduce(
      (value, call) => callLayer(asGraphLayer(call.layer), [value], keyOf(call), hooks, captured)[0] as Value,
      input,
    );
  }
  const last = keyOf(chain.calls[chain.calls.length - 1] as FusionChain['calls'][number]);
  const reused = input.tainted ? undefined : hooks.reuse?.get(last)?.[0];
  const tensor = reused ?? runChain(chain, input.tensor);
  hooks.record?.set(last, [tensor]);
  return { tensor, mask: null, tainted: input.tainted };
}

function callLayer(
  layer: GraphLayer,
  inputs: readonly Value[],
  key: string,
  hooks: RunHooks,
  captured: Map<LayerKey, tf.Tensor>,
): Value[] {
  const asLayer = layer as unknown as tf.layers.Layer;
  const replacement = hooks.replace?.get(asLayer);
  let results: Value[];
  if (replacement) {
    results = [{ tensor: replacement, mask: null, tainted: true }];
  } else {
    const tainted = inputs.some((v) => v.tainted);
    const reused = tainted ? undefined : hooks.reuse?.get(key);
    const nested = asContainer(asLayer);
    if (nested) {
      results = runContainer(nested, inputs, key, hooks, captured);
    } else if (reused) {
      results = reused.map((tensor) => ({ tensor, mask: null, tainted: false }));
    } else {
      results = computeLayer(layer, inputs, hooks.linear?.has(asLayer) ?? false).map((v) => ({ ...v, tainted }));
    }
  }
  if (hooks.record && !asContainer(asLayer)) hooks.record.set(key, results.map((v) => v.tensor));
  if (hooks.capture?.has(asLayer) && !captured.has(asLayer)) captured.set(asLayer, (results[0] as Value).tensor);
  return results;
}

function computeLayer(layer: GraphLayer, inputs: readonly Value[], linear: boolean): Omit<Value, 'tainted'>[] {
  const tensors = inputs.map((v) => v.tensor);
  if (linear && isPureActivation(layer)) return [{ tensor: tensors[0] as tf.Tensor, mask: inputs[0]?.mask ?? null }];
  const masks = inputs.map((v) => v.mask);
  const kwargs: Record<string, unknown> = { training: false };
  if (masks.some((m) => m !== null)) kwargs['mask'] = masks.length === 1 ? masks[0] : masks;
  const outputs = withActivation(layer, linear, () => layer.apply(tensors, kwargs));
  const list = Array.isArray(outputs) ? outputs : [outputs];
  let outMask: tf.Tensor | tf.Tensor[] | null = null;
  if (layer.supportsMasking) outMask = layer.computeMask(tensors, masks.length === 1 ? masks[0] : (masks as tf.Tensor[]));
  return list.map((tensor, i) => ({
    tensor,
    mask: Array.isArray(outMask) ? (outMask[i] ?? null) : outMask,
  }));
}

/** Layers whose whole job is an activation: removing a softmax makes them the identity. */
export function isPureActivation(layer: GraphLayer | tf.layers.Layer): boolean {
  const name = layer.getClassName();
  return name === 'Activation' || name === 'Softmax';
}

function withActivation<T>(layer: GraphLayer, linear: boolean, run: () => T): T {
  if (!linear || !layer.activation) return run();
  const original = layer.activation;
  layer.activation = linearActivation();
  try {
    return run();
  } finally {
    layer.activation = original;
  }
}

/** The layer that produces output `index` of `model`, looking through nested models. */
export function outputLayer(model: tf.LayersModel, index: number): tf.layers.Layer {
  let container = asContainer(model) as GraphContainer;
  let symbolic = container.outputs[index] as GraphTensor;
  for (;;) {
    const layer = symbolic.sourceLayer as unknown as tf.layers.Layer;
    const inner = asContainer(layer);
    if (!inner) return layer;
    container = inner;
    symbolic = container.outputs[symbolic.outputTensorIndex ?? 0] as GraphTensor;
  }
}

/** The innermost non-model layer behind `layer` (itself, or a nested model's first output layer). */
export function innermostLayer(layer: tf.layers.Layer): tf.layers.Layer {
  return asContainer(layer) ? outputLayer(layer as tf.LayersModel, 0) : layer;
}

/** True when `layer` applies a softmax at its end (a softmax activation or a softmax layer). */
export function endsInSoftmax(layer: tf.layers.Layer): boolean {
  const graph = asGraphLayer(layer);
  if (layer.getClassName() === 'Softmax') return true;
  return graph.activation?.getClassName() === 'softmax';
}
