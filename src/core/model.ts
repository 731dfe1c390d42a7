/**
 * The model adapter: one interface over tf.LayersModel (Sequential, functional, nested) and
 * tf.GraphModel for everything the methods need: input shapes, outputs, layer lookup, and runs that
 * read or replace any layer's output.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from './errors.ts';
import { runGraph, type RunHooks, type RunResult } from './executor.ts';
import { listGraphLayers, resolveGraphLayer } from './graph-layers.ts';
import { runGraphModel } from './graph-run.ts';
import { listLayers, resolveLayer, type LayerInfo, type LayerRef } from './layers.ts';

/** A model the library can explain. */
export type ExplainableModel = tf.LayersModel | tf.GraphModel;

/** Adapter over an {@link ExplainableModel}. Create one with {@link adaptModel}. */
export class ModelAdapter {
  /** The wrapped model. */
  readonly model: ExplainableModel;
  /** A graph model's node table, made once per adapter (it costs one probe run). */
  private graphTable: LayerInfo[] | undefined;

  constructor(model: ExplainableModel) {
    if (!(model instanceof tf.LayersModel) && !(model instanceof tf.GraphModel)) {
      throw new SaliencyError('UNSUPPORTED_MODEL', 'model: expected a tf.LayersModel or tf.GraphModel', 'model');
    }
    this.model = model;
  }

  /** True for layers models (tfjs-layers layers); false for graph models (op nodes, see graph-layers.ts). */
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

  /** The layer table: a layers model's layers, or a graph model's inner op nodes (see graph-layers.ts). */
  layers(): LayerInfo[] {
    if (this.model instanceof tf.LayersModel) return listLayers(this.model);
    this.graphTable ??= listGraphLayers(this.model);
    return this.graphTable;
  }

  /** Finds a layer, or a graph model's node by name, index or Keras layer scope. */
  layer(ref: LayerRef, argument = 'layer'): LayerInfo {
    if (this.model instanceof tf.LayersModel) return resolveLayer(this.model, ref, argument);
    return resolveGraphLayer(this.layers(), ref, argument);
  }

  /** Runs the model in inference mode with hooks (graph models: capture and replace nodes). */
  run(inputs: readonly tf.Tensor[], hooks: RunHooks = {}): RunResult {
    if (this.model instanceof tf.LayersModel) return runGraph(this.model, inputs, hooks);
    return runGraphModel(this.model, inputs, hooks, this.fixedBatchSize());
  }
}

/** Wraps a model in a {@link ModelAdapter} (an adapter is returned as it is). */
export function adaptModel(model: ExplainableModel | ModelAdapter): ModelAdapter {
  return model instanceof ModelAdapter ? model : new ModelAdapter(model);
}
