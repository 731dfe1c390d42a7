/**
 * Typed views of the tfjs-layers internals the graph executor needs (symbolic tensors, nodes and
 * activation objects). Kept in this one file so that no other module reaches into TF.js objects.
 */
import * as tf from '@tensorflow/tfjs';

/** A symbolic tensor of a LayersModel graph, as tfjs-layers builds it. */
export interface GraphTensor {
  readonly id: number;
  readonly name: string;
  readonly shape: readonly (number | null)[];
  readonly sourceLayer: GraphLayer;
  readonly inputs: readonly GraphTensor[];
  /** Position of this tensor among the outputs of the call that made it. */
  readonly outputTensorIndex?: number;
}

/** A call of a layer inside a graph. */
export interface GraphNode {
  readonly inputTensors: readonly GraphTensor[];
  readonly outputTensors: readonly GraphTensor[];
}

/** A layer seen from the graph. */
export interface GraphLayer {
  readonly name: string;
  readonly inboundNodes: readonly GraphNode[];
  supportsMasking: boolean;
  activation?: ActivationObject;
  apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[];
  computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[] | null): tf.Tensor | tf.Tensor[] | null;
  getClassName(): string;
}

/** A tfjs-layers activation function object (`layer.activation`). */
export interface ActivationObject {
  apply(x: tf.Tensor): tf.Tensor;
  getClassName(): string;
}

/** A model whose graph can be walked: LayersModel and Sequential (also when nested as a layer). */
export interface GraphContainer extends GraphLayer {
  readonly inputs: readonly GraphTensor[];
  readonly outputs: readonly GraphTensor[];
  readonly layers: readonly tf.layers.Layer[];
}

/** The graph view of a layer. */
export function asGraphLayer(layer: tf.layers.Layer): GraphLayer {
  return layer as unknown as GraphLayer;
}

/** The graph view of a model, or undefined when `layer` is not a model. */
export function asContainer(layer: tf.layers.Layer | tf.LayersModel): GraphContainer | undefined {
  if (!(layer instanceof tf.LayersModel)) return undefined;
  const container = layer as unknown as GraphContainer;
  if (!Array.isArray(container.inputs) || !Array.isArray(container.outputs)) return undefined;
  return container;
}

/** The output shape of a layer (the first output when it has several), batch axis first. */
export function layerOutputShape(layer: tf.layers.Layer): (number | null)[] {
  const shape = layer.outputShape as unknown;
  if (Array.isArray(shape) && Array.isArray(shape[0])) return [...(shape[0] as (number | null)[])];
  return [...(shape as (number | null)[])];
}

let linear: ActivationObject | undefined;

/** The identity activation object of tfjs-layers. */
export function linearActivation(): ActivationObject {
  if (!linear) {
    linear = (tf.layers.activation({ activation: 'linear' }) as unknown as GraphLayer).activation;
  }
  if (!linear) throw new Error('tfjs-layers did not expose a linear activation');
  return linear;
}

interface EngineTapeState {
  activeTape: Array<{ saved?: tf.Tensor[] }> | null;
  gradientDepth: number;
}

/**
 * Frees the tensors TF.js saved for a backward pass that will never run (the forward pass threw
 * inside a gradient computation); TF.js itself only frees them after a backward pass.
 */
export function releaseAbandonedTape(): void {
  const state = tf.engine().state as unknown as EngineTapeState;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) node.saved?.forEach((t) => t.dispose());
  state.activeTape = null;
}
