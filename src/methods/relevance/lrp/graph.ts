/**
 * The layer calls of a LayersModel in the order the executor runs them, nested models flattened, for
 * LRP's backward sweep: each call with where its inputs come from (a model input or another layer's
 * output). LRP reads each layer's output from one run, so every layer must be called once.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../../core/errors.ts';
import { asContainer, type GraphContainer, type GraphTensor } from '../../../core/internals.ts';

/** Where a value comes from: model input `index`, or the (single) output of `layer`. */
export type Source = { readonly input: number } | { readonly layer: tf.layers.Layer };

/** One call of a (non-model) layer. */
export interface LayerCall {
  readonly layer: tf.layers.Layer;
  readonly inputs: readonly Source[];
}

/** The calls in execution order and the model outputs' sources. */
export interface LayerGraph {
  readonly calls: readonly LayerCall[];
  readonly outputs: readonly Source[];
}

/** Key of a source in maps: the input index or the layer. */
export function sourceKey(source: Source): number | tf.layers.Layer {
  return 'input' in source ? source.input : source.layer;
}

/** The layer graph of `model`; errors name a layer called twice or with several outputs. */
export function layerGraph(model: tf.LayersModel): LayerGraph {
  const container = asContainer(model);
  if (!container) throw new SaliencyError('UNSUPPORTED_MODEL', 'LRP: expected a built tf.LayersModel', 'model');
  const calls: LayerCall[] = [];
  const outputs = walk(container, container.inputs.map((_, input) => ({ input })), calls);
  return { calls, outputs };
}

function walk(container: GraphContainer, fed: readonly Source[], calls: LayerCall[]): Source[] {
  const memo = new Map<number, Source>();
  container.inputs.forEach((t, i) => memo.set(t.id, fed[i] as Source));
  const resolve = (symbolic: GraphTensor): Source => {
    const known = memo.get(symbolic.id);
    if (known) return known;
    const graphLayer = symbolic.sourceLayer;
    const layer = graphLayer as unknown as tf.layers.Layer;
    const node = graphLayer.inboundNodes.find((n) => n.outputTensors.some((t) => t.id === symbolic.id));
    if (!node) throw new SaliencyError('UNSUPPORTED_MODEL', `LRP: the graph of '${container.name}' has no call producing '${symbolic.name}'`);
    const inputs = node.inputTensors.map(resolve);
    const nested = asContainer(layer);
    if (nested) {
      const results = walk(nested, inputs, calls);
      node.outputTensors.forEach((t, i) => memo.set(t.id, results[i] as Source));
    } else {
      if (node.outputTensors.length !== 1) {
        throw new SaliencyError('UNSUPPORTED_MODEL', `LRP: layer '${layer.name}' (${layer.getClassName()}) has ${node.outputTensors.length} outputs; LRP needs one`);
      }
      if (calls.some((c) => c.layer === layer)) {
        throw new SaliencyError('UNSUPPORTED_MODEL', `LRP: layer '${layer.name}' is called more than once (shared weights); LRP needs each layer called once`);
      }
      calls.push({ layer, inputs });
      memo.set(symbolic.id, { layer });
    }
    return memo.get(symbolic.id) as Source;
  };
  return container.outputs.map(resolve);
}
