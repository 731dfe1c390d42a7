/**
 * Which layer calls of a container the executor runs as one folded convolution: a Conv2D or
 * DepthwiseConv2D whose output feeds only a BatchNormalization, optionally followed (when the BN's
 * output feeds only it) by a ReLU / ReLU6 layer. The plan is found once per container graph.
 */
import * as tf from '@tensorflow/tfjs';
import {
  foldableConvKind,
  foldableRectifier,
  foldedConvolution,
  isFoldableNorm,
  type FoldableConvKind,
  type FoldedActivation,
} from './folded-conv.ts';
import type { GraphContainer, GraphLayer, GraphNode, GraphTensor } from './internals.ts';
import type { LayerKey } from './layers.ts';

/** One layer call of a container's graph. */
export interface LayerCall {
  readonly layer: tf.layers.Layer;
  readonly node: GraphNode;
  readonly nodeIndex: number;
}

/** A conv -> BatchNormalization [-> rectifier] chain of layer calls, run as one folded convolution. */
export interface FusionChain {
  /** The calls in graph order: conv, BN, then the rectifier if any. */
  readonly calls: readonly LayerCall[];
  readonly kind: FoldableConvKind;
  readonly activation: FoldedActivation;
  /** The conv's input. */
  readonly input: GraphTensor;
  /** The last call's output. */
  readonly output: GraphTensor;
}

/** The hooks that keep a chain's layers unfused (their stock intermediate outputs are needed). */
export interface FusionBlockers {
  readonly capture?: ReadonlySet<LayerKey>;
  readonly replace?: ReadonlyMap<LayerKey, tf.Tensor>;
  readonly linear?: ReadonlySet<tf.layers.Layer>;
}

interface Plan {
  /** Changes whenever layers are added to or removed from the container. */
  readonly signature: string;
  readonly chains: readonly FusionChain[];
}

const plans = new WeakMap<GraphContainer, Plan>();
let enabled = true;

/** Turns layer fusion on or off for every later run (for comparisons); returns the previous setting. */
export function setLayerFusion(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/**
 * The chains to run fused in `container` for one run with `hooks`, by the id of their output: none
 * of their layers is captured, replaced or run linear, and each layer still has the settings the
 * plan was made for.
 */
export function activeChains(container: GraphContainer, hooks: FusionBlockers): Map<number, FusionChain> {
  const active = new Map<number, FusionChain>();
  if (!enabled) return active;
  for (const chain of planOf(container).chains) {
    const blocked = chain.calls.some(({ layer }) => hooks.capture?.has(layer) || hooks.replace?.has(layer) || hooks.linear?.has(layer));
    if (!blocked && stillFoldable(chain)) active.set(chain.output.id, chain);
  }
  return active;
}

/** Runs `chain` on its input as one folded convolution. */
export function runChain(chain: FusionChain, x: tf.Tensor): tf.Tensor {
  const [conv, norm] = chain.calls as [LayerCall, LayerCall];
  return foldedConvolution(conv.layer, chain.kind, norm.layer, chain.activation, x);
}

function stillFoldable(chain: FusionChain): boolean {
  const [conv, norm, rectifier] = chain.calls as [LayerCall, LayerCall, LayerCall | undefined];
  if (foldableConvKind(conv.layer) !== chain.kind || !isFoldableNorm(norm.layer)) return false;
  return rectifier === undefined || foldableRectifier(rectifier.layer) === chain.activation;
}

function signatureOf(container: GraphContainer): string {
  return `${container.layers.length}:${container.outputs.map((t) => t.id).join(',')}`;
}

function planOf(container: GraphContainer): Plan {
  const signature = signatureOf(container);
  let plan = plans.get(container);
  if (plan?.signature !== signature) {
    plan = { signature, chains: findChains(container) };
    plans.set(container, plan);
  }
  return plan;
}

interface GraphIndex {
  /** The call that produces each tensor id. */
  readonly producer: Map<number, LayerCall>;
  /** The calls that read each tensor id (a container output counts as one more reader). */
  readonly readers: Map<number, LayerCall[]>;
  readonly outputIds: Set<number>;
}

/** The calls reachable from the container's outputs, and who reads what. */
function indexGraph(container: GraphContainer): GraphIndex {
  const producer = new Map<number, LayerCall>();
  const readers = new Map<number, LayerCall[]>();
  const seen = new Set<number>(container.inputs.map((t) => t.id));
  const stack: GraphTensor[] = [...container.outputs];
  while (stack.length > 0) {
    const symbolic = stack.pop() as GraphTensor;
    if (seen.has(symbolic.id)) continue;
    seen.add(symbolic.id);
    const graphLayer: GraphLayer = symbolic.sourceLayer;
    const nodeIndex = graphLayer.inboundNodes.findIndex((n) => n.outputTensors.some((t) => t.id === symbolic.id));
    const node = graphLayer.inboundNodes[nodeIndex];
    if (node === undefined) continue;
    const call: LayerCall = { layer: graphLayer as unknown as tf.layers.Layer, node, nodeIndex };
    node.outputTensors.forEach((t) => {
      producer.set(t.id, call);
      seen.add(t.id);
    });
    for (const input of node.inputTensors) {
      readers.set(input.id, [...(readers.get(input.id) ?? []), call]);
      stack.push(input);
    }
  }
  return { producer, readers, outputIds: new Set(container.outputs.map((t) => t.id)) };
}

/** The one call that reads tensor `t`, if nothing else (no other call, not a container output) does. */
function soleReader(index: GraphIndex, t: GraphTensor): LayerCall | undefined {
  const readers = index.readers.get(t.id) ?? [];
  if (readers.length !== 1 || index.outputIds.has(t.id)) return undefined;
  const reader = readers[0] as LayerCall;
  return reader.node.inputTensors.length === 1 ? reader : undefined;
}

function findChains(container: GraphContainer): FusionChain[] {
  const index = indexGraph(container);
  const chains: FusionChain[] = [];
  for (const conv of new Set(index.producer.values())) {
    const kind = foldableConvKind(conv.layer);
    const convOut = conv.node.outputTensors;
    const input = conv.node.inputTensors[0];
    if (kind === null || convOut.length !== 1 || conv.node.inputTensors.length !== 1 || input === undefined) continue;
    const norm = soleReader(index, convOut[0] as GraphTensor);
    if (!norm || !isFoldableNorm(norm.layer) || norm.node.outputTensors.length !== 1) continue;
    const normOut = norm.node.outputTensors[0] as GraphTensor;
    const next = soleReader(index, normOut);
    const activation = next ? foldableRectifier(next.layer) : null;
    if (next && activation && next.node.outputTensors.length === 1) {
      chains.push({ calls: [conv, norm, next], kind, activation, input, output: next.node.outputTensors[0] as GraphTensor });
    } else {
      chains.push({ calls: [conv, norm], kind, activation: 'linear', input, output: normOut });
    }
  }
  return chains;
}
