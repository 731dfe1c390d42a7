/**
 * The model adapter: one interface over tf.LayersModel (Sequential, functional, nested) and
 * tf.GraphModel for everything the methods need: input shapes, outputs, layer lookup, and runs that
 * read or replace any layer's output.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, listForMessage } from './errors.ts';
import { runGraph, type RunHooks, type RunResult } from './executor.ts';
import { listLayers, resolveLayer, type LayerInfo, type LayerRef } from './layers.ts';

/** A model the library can explain. */
export type ExplainableModel = tf.LayersModel | tf.GraphModel;

/** Adapter over an {@link ExplainableModel}. Create one with {@link adaptModel}. */
export class ModelAdapter {
  /** The wrapped model. */
  readonly model: ExplainableModel;

  constructor(model: ExplainableModel) {
    if (!(model instanceof tf.LayersModel) && !(model instanceof tf.GraphModel)) {
      throw new SaliencyError('UNSUPPORTED_MODEL', 'model: expected a tf.LayersModel or tf.GraphModel', 'model');
    }
    this.model = model;
  }

  /** True for layers models, whose layers can be addressed. */
  get hasLayers(): boolean {
    return this.model instanceof tf.LayersModel;
  }

  /** Expected input shapes, batch axis first (null for free sizes). */
  inputShapes(): (number | null)[][] {
    return this.model.inputs.map((input) => [...(input.shape ?? [])].map((d) => (d === -1 ? null : d)));
  }

  /**
   * The batch size a graph model's inputs are fixed to (AutoML and other exports declare
   * [1, 224, 224, 3]), or undefined when the batch is free. {@link run} splits every larger batch
   * into calls of exactly this many rows, so every internal batch of every method fits it. Layers
   * models run any batch (the executor does not check it): undefined.
   */
  fixedBatchSize(): number | undefined {
    if (this.model instanceof tf.LayersModel) return undefined;
    const first = this.inputShapes().map((shape) => shape[0]).find((d) => typeof d === 'number' && d > 0);
    return first ?? undefined;
  }

  /** Input names, for messages. */
  inputNames(): string[] {
    return this.model.inputs.map((input) => input.name);
  }

  /** Output names: for layers models the names of the output layers. */
  outputNames(): string[] {
    if (this.model instanceof tf.LayersModel) return this.model.outputs.map((output) => output.sourceLayer.name);
    return this.model.outputs.map((output) => output.name);
  }

  /** Static output shapes, batch first. */
  outputShapes(): (number | null)[][] {
    return this.model.outputs.map((output) => [...(output.shape ?? [])].map((d) => (d === -1 ? null : d)));
  }

  /** The index of output `ref` (index or name); the error lists the outputs. */
  outputIndex(ref: number | string | undefined): number {
    const names = this.outputNames();
    if (ref === undefined) {
      if (names.length === 1) return 0;
      throw new SaliencyError(
        'INVALID_ARGUMENT',
        `output: the model has ${names.length} outputs (${names.join(', ')}); choose one by index or name`,
        'output',
      );
    }
    const index = typeof ref === 'number' ? ref : names.indexOf(ref);
    if (!Number.isInteger(index) || index < 0 || index >= names.length) {
      throw new SaliencyError(
        'INVALID_ARGUMENT',
        `output: ${JSON.stringify(ref)} is not an output; outputs are ${names.map((n, i) => `${i} '${n}'`).join(', ')}`,
        'output',
      );
    }
    return index;
  }

  /** The layer table (layers models only). */
  layers(): LayerInfo[] {
    return listLayers(this.layersModel('listing layers'));
  }

  /** Finds a layer (layers models only). */
  layer(ref: LayerRef, argument = 'layer'): LayerInfo {
    return resolveLayer(this.layersModel(`${argument}`), ref, argument);
  }

  /** Runs the model in inference mode with hooks (hooks need a layers model). */
  run(inputs: readonly tf.Tensor[], hooks: RunHooks = {}): RunResult {
    if (this.model instanceof tf.LayersModel) return runGraph(this.model, inputs, hooks);
    const usesHooks = Object.values(hooks).some((h) => h !== undefined && (h as { size?: number }).size !== 0);
    if (usesHooks) this.layersModel('reading or replacing layer outputs');
    const fixed = this.fixedBatchSize();
    const rows = inputs[0]?.shape[0];
    if (fixed === undefined || rows === undefined || rows === fixed) return { outputs: this.execute(inputs), captured: new Map() };
    return { outputs: this.runInFixedBatches(inputs, rows, fixed), captured: new Map() };
  }

  private execute(inputs: readonly tf.Tensor[]): tf.Tensor[] {
    const graph = this.model as tf.GraphModel;
    const result = graph.execute(inputs.length === 1 ? (inputs[0] as tf.Tensor) : [...inputs]);
    return Array.isArray(result) ? result : [result];
  }

  /**
   * Runs `rows` rows through a model that takes exactly `fixed` per call: consecutive slices of
   * `fixed` rows, the last padded by repeating its last row, outputs cut back and concatenated.
   * Differentiable (slices, tiles and concatenations), so gradients flow as in one call.
   */
  private runInFixedBatches(inputs: readonly tf.Tensor[], rows: number, fixed: number): tf.Tensor[] {
    const parts: tf.Tensor[][] = [];
    for (let start = 0; start < rows; start += fixed) {
      const count = Math.min(fixed, rows - start);
      const chunk = inputs.map((t) => {
        const slice = tf.slice(t, start, count);
        if (count === fixed) return slice;
        const last = tf.slice(t, start + count - 1, 1);
        return tf.concat([slice, tf.tile(last, [fixed - count, ...new Array<number>(t.rank - 1).fill(1)])], 0);
      });
      parts.push(this.execute(chunk).map((out) => (count === fixed || out.rank === 0 ? out : tf.slice(out, 0, count))));
    }
    if (parts.length === 1) return parts[0] as tf.Tensor[];
    return (parts[0] as tf.Tensor[]).map((_, k) => tf.concat(parts.map((p) => p[k] as tf.Tensor), 0));
  }

  private layersModel(what: string): tf.LayersModel {
    if (this.model instanceof tf.LayersModel) return this.model;
    throw new SaliencyError(
      'UNSUPPORTED_MODEL',
      `${what} needs a tf.LayersModel; this is a tf.GraphModel, which can only be explained at its outputs ` +
        `(${listForMessage(this.outputNames())})`,
    );
  }
}

/** Wraps a model in a {@link ModelAdapter} (an adapter is returned as it is). */
export function adaptModel(model: ExplainableModel | ModelAdapter): ModelAdapter {
  return model instanceof ModelAdapter ? model : new ModelAdapter(model);
}
