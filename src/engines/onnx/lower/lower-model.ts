/**
 * Lowers a tf.LayersModel's layer graph (nested models included, walked in the executor's order)
 * to a forward OnnxGraph in inference mode: Keras-layout inputs and outputs, NCHW inside, the
 * hooked layers' outputs exposed (captures in Keras layout; the `wrt` layer's internal tensor, whose
 * gradient the caller transposes back when its layout is NCHW), softmax removed from `linear`
 * layers, then BatchNormalization folded into the convolution before it where no hook reads
 * between. Throws UnsupportedLayerError naming the first layer it cannot lower. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import { asContainer, type GraphContainer, type GraphTensor } from '../../../core/internals.ts';
import { GraphBuilder } from '../graph/builder.ts';
import type { OnnxGraph } from '../graph/types.ts';
import { foldBatchNorm } from './fold-batch-norm.ts';
import { onnxShape, toKeras, UnsupportedLayerError, value, type Value } from './context.ts';
import { LAYER_LOWERINGS } from './register.ts';

/** Which layers the lowered graph exposes or runs linear. */
export interface LoweringHooks {
  readonly capture?: ReadonlySet<tf.layers.Layer>;
  readonly linear?: ReadonlySet<tf.layers.Layer>;
  readonly wrt?: tf.layers.Layer | null;
}

/** A lowered model. */
export interface LoweredModel {
  readonly graph: OnnxGraph;
  /** Graph input names, one per model input (Keras layout). */
  readonly inputs: readonly string[];
  /** Model output tensors (Keras layout). */
  readonly outputs: readonly string[];
  /** Captured layers' outputs (Keras layout). */
  readonly captures: ReadonlyMap<tf.layers.Layer, string>;
  /** The `wrt` layer's output as computed inside the graph (its layout says whether to transpose its gradient back). */
  readonly wrt?: Value;
  /** The `wrt` layer's output in Keras layout (what TF.js reads as its activation). */
  readonly wrtActivation?: string;
}

interface Walk {
  readonly b: GraphBuilder;
  readonly hooks: LoweringHooks;
  readonly layerValues: Map<tf.layers.Layer, Value>;
}

function lowerContainer(walk: Walk, container: GraphContainer, inputs: readonly Value[]): Value[] {
  const memo = new Map<number, Value>();
  container.inputs.forEach((t, i) => memo.set(t.id, inputs[i] as Value));
  const visit = (symbolic: GraphTensor): Value => {
    const known = memo.get(symbolic.id);
    if (known) return known;
    const layer = symbolic.sourceLayer as unknown as tf.layers.Layer;
    const nodeIndex = layer.inboundNodes.findIndex((n) => n.outputTensors.some((t) => t.id === symbolic.id));
    const node = layer.inboundNodes[nodeIndex] as unknown as { inputTensors: GraphTensor[]; outputTensors: GraphTensor[] };
    if (layer.getClassName() === 'InputLayer') throw new UnsupportedLayerError(layer, 'input was not fed');
    const nodeInputs = node.inputTensors.map(visit);
    const nested = asContainer(layer);
    const results = nested ? lowerContainer(walk, nested, nodeInputs) : [lowerLayer(walk, layer, nodeInputs, node.outputTensors[0] as GraphTensor)];
    if (!nested && node.outputTensors.length !== 1) throw new UnsupportedLayerError(layer, 'layers with several outputs are not lowered');
    node.outputTensors.forEach((t, i) => memo.set(t.id, results[i] as Value));
    if (!walk.layerValues.has(layer)) walk.layerValues.set(layer, results[0] as Value);
    return memo.get(symbolic.id) as Value;
  };
  return container.outputs.map(visit);
}

function lowerLayer(walk: Walk, layer: tf.layers.Layer, inputs: readonly Value[], output: GraphTensor): Value {
  const lowering = LAYER_LOWERINGS[layer.getClassName()];
  if (!lowering) throw new UnsupportedLayerError(layer, 'no ONNX lowering for this layer kind');
  const config = layer.getConfig() as Record<string, unknown>;
  const linear = walk.hooks.linear?.has(layer) ?? false;
  const out = lowering({ b: walk.b, layer, config, inputs, outputShape: output.shape, linear });
  if (out.shape.length === 4 && walk.b.shapes.get(out.name) === undefined) walk.b.shapes.set(out.name, onnxShape(out.shape, out.layout));
  return out;
}

/** The forward graph of `model` with `hooks`. */
export function lowerModel(model: tf.LayersModel, hooks: LoweringHooks = {}): LoweredModel {
  const container = asContainer(model);
  if (!container) throw new Error('lowerModel: expected a built tf.LayersModel');
  const b = new GraphBuilder();
  const walk: Walk = { b, hooks, layerValues: new Map() };
  const inputs = container.inputs.map((t, i) => {
    const name = b.input(`input_${i}`, onnxShape(t.shape, 'keras'));
    return value(b, name, t.shape, 'keras');
  });
  const outs = lowerContainer(walk, container, inputs).map((v) => toKeras(b, v));
  const outputs = outs.map((v, i) => b.expose(v.name, `output_${i}`));
  const find = (layer: tf.layers.Layer, role: string): Value => {
    const v = walk.layerValues.get(layer);
    if (!v) throw new UnsupportedLayerError(layer, `the ${role} layer is not part of the model's graph`);
    return v;
  };
  const captures = new Map<tf.layers.Layer, string>();
  for (const layer of hooks.capture ?? []) captures.set(layer, toKeras(b, find(layer, 'captured')).name);
  const wrt = hooks.wrt ? find(hooks.wrt, 'wrt') : undefined;
  const protect = new Set([...outputs, ...captures.values(), ...[...walk.layerValues.entries()].filter(([l]) => l === hooks.wrt || hooks.capture?.has(l)).map(([, v]) => v.name)]);
  const wrtActivation = wrt ? toKeras(b, wrt).name : undefined;
  const graph = foldBatchNorm(b.build(), protect);
  return { graph, inputs: inputs.map((v) => v.name), outputs, captures, ...(wrt ? { wrt, wrtActivation } : {}) };
}
