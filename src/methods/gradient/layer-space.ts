/**
 * Layer attribution for the path methods (Captum's LayerIntegratedGradients, LayerGradientShap):
 * with `wrt: layer`, the path runs in that layer's output space, from the activation the baseline
 * produces there to the one the input produces, and the maps are attributions to the layer's units
 * (shape [N, ...layer output]). For an Embedding layer that is the only meaningful path (token ids
 * cannot be interpolated): sum a map over its last axis for one attribution per token
 * ({@link tokenAttributions}). Completeness still holds when every path from the input to the
 * target goes through the layer: sum(a) = f(x) - f(x').
 *
 * It lives beside path-integral.ts, not in a folder of its own, because it is a mode of the path
 * methods (one `wrt` option each) rather than a family of methods. Hook for DeepLIFT (methods/
 * relevance/): its layer form needs the same two activations ({@link activationsAt}) and the
 * gradient at the layer under its own rules (computeGradients with `wrt`, and `at` to evaluate at
 * a chosen activation); LayerDeepLift = those multipliers x (A - A').
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../core/errors.ts';
import type { ExplainContext } from '../../core/explain.ts';
import type { LayerInfo, LayerRef } from '../../core/layers.ts';
import type { NdArray } from '../../core/ndarray.ts';
import { option } from '../schema.ts';

/** The `wrt` option of a path method: a layer to attribute to instead of the input. Default: the input. */
export const wrtLayerOption = option.layer({ doc: "Attribute to this layer's output instead of the input (e.g. an Embedding layer for token attributions)." });

/**
 * The layer `ref` of the context's model, or undefined for the inputs. Without one, a model whose
 * input feeds an Embedding layer is refused with an error naming that layer (token ids have no
 * gradient; TF.js would fail deep inside GatherV2's gradient).
 */
export function wrtLayer(context: ExplainContext, ref: LayerRef | undefined): LayerInfo | undefined {
  if (ref !== undefined) return context.adapter.layer(ref, 'wrt');
  const embedding = inputEmbedding(context.adapter.model);
  if (embedding) {
    throw new SaliencyError(
      'INVALID_ARGUMENT',
      `wrt: the input feeds the Embedding layer '${embedding.name}', and token ids have no gradient; ` +
        `give wrt: '${embedding.name}' (CLI: --option wrt=${embedding.name}) to attribute to its output, then sum over its last axis per token`,
      'wrt',
    );
  }
  return undefined;
}

/** The Embedding layer a model input feeds directly (the layer to attribute to for token attributions), if any. */
export function inputEmbedding(model: unknown): tf.layers.Layer | undefined {
  if (!(model instanceof tf.LayersModel)) return undefined;
  const inputs = new Set(model.inputLayers);
  return model.layers.find((l) => l.getClassName() === 'Embedding' && l.inboundNodes.some((node) => node.inboundLayers.some((source) => inputs.has(source))));
}

/** The output of `layer` for `inputs` (one tensor per model input, any batch size). Call inside tf.tidy. */
export function activationsAt(context: ExplainContext, layer: LayerInfo, inputs: readonly tf.Tensor[]): tf.Tensor {
  return context.adapter.run(inputs, { capture: new Set([layer.layer]) }).captured.get(layer.layer) as tf.Tensor;
}

/**
 * The space a path runs in: `[inputs, starts]` as they are without a layer, else `[[A(x)], [A(starts)]]`
 * where A is the layer's output. Call inside tf.tidy.
 */
export function pathSpace(context: ExplainContext, layer: LayerInfo | undefined, starts: readonly tf.Tensor[]): [tf.Tensor[], tf.Tensor[]] {
  if (!layer) return [[...context.input.tensors], [...starts]];
  return [[activationsAt(context, layer, context.input.tensors)], [activationsAt(context, layer, starts)]];
}

/** Disposes every tensor of `groups` once, except the context's `inputs` (which a path in input space reuses). */
export function disposeOwn(groups: readonly (readonly tf.Tensor[])[], inputs: readonly tf.Tensor[]): void {
  const keep = new Set(inputs);
  new Set(groups.flat()).forEach((t) => {
    if (!keep.has(t)) t.dispose();
  });
}

/** One attribution per position of a map [N, ..., D]: its sum over the last (embedding) axis, shape [N, ...]. */
export function tokenAttributions(map: NdArray): NdArray {
  const depth = map.shape[map.shape.length - 1] ?? 1;
  const data = new Float32Array(map.data.length / depth);
  for (let i = 0; i < data.length; i++) {
    let sum = 0;
    for (let d = 0; d < depth; d++) sum += map.data[i * depth + d] as number;
    data[i] = sum;
  }
  return { data, shape: map.shape.slice(0, -1) };
}
