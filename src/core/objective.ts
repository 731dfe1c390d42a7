/**
 * An objective: targets (with weights) resolved against a model, ready to be scored from one run.
 * It decides which layers to read and which softmax to remove.
 */
import * as tf from '@tensorflow/tfjs';
import { checkChoice } from './errors.ts';
import { endsInSoftmax, innermostLayer, outputLayer, type RunHooks, type RunResult } from './executor.ts';
import type { LayerKey } from './layers.ts';
import type { ModelAdapter } from './model.ts';
import type { Target } from './target.ts';

/** How a final softmax is treated: 'remove' explains the pre-softmax logit (default), 'keep' the probability. */
export type SoftmaxMode = 'remove' | 'keep';
/** The default {@link SoftmaxMode}. */
export const DEFAULT_SOFTMAX: SoftmaxMode = 'remove';

/** One weighted target of an objective. */
export interface ObjectiveTerm {
  readonly target: Target;
  /** Multiplies the target's score. Default 1. */
  readonly weight?: number;
}

/** The per-sample total score and, for single-target objectives, the units explained. */
export interface ObjectiveScores {
  /** Shape [N]: sum over terms of weight * score. */
  readonly total: tf.Tensor1D;
  /** Shape [N], when the (single) target picks one unit per sample. */
  readonly units?: tf.Tensor1D;
}

/** An objective resolved against a model. */
export interface ResolvedObjective {
  /** Hooks that read the needed layers and remove softmaxes. */
  readonly hooks: Pick<RunHooks, 'capture' | 'linear'>;
  /** Names of the layers whose softmax is removed. */
  readonly softmaxRemoved: string[];
  /** Names of the layers (or outputs) the targets read. */
  readonly readsFrom: string[];
  /** Caveats to report with the result. */
  readonly warnings: string[];
  /** True when every target is linear in its activation (Target.linear): the score's gradient does not depend on the run. */
  readonly linear?: boolean;
  /** Set when the objective is `weight` times model output `output`'s largest unit per sample (Target.maximum on an output). */
  readonly maximum?: { readonly output: number; readonly weight: number };
  /** Scores a run made with {@link hooks}. */
  score(run: RunResult): ObjectiveScores;
}

/** The `maximum` of a single-term objective whose target scores an output's largest unit; {} otherwise. */
function maximumOf(readers: { target: Target; weight: number; output: number | undefined }[]): Pick<ResolvedObjective, 'maximum'> {
  const [only] = readers;
  if (readers.length !== 1 || !only || only.target.maximum !== true || only.output === undefined) return {};
  return { maximum: { output: only.output, weight: only.weight } };
}

/** Resolves `terms` against `adapter`'s model for a batch of `batchSize`. */
export function resolveObjective(
  adapter: ModelAdapter,
  terms: readonly ObjectiveTerm[],
  batchSize: number,
  softmax: SoftmaxMode = DEFAULT_SOFTMAX,
): ResolvedObjective {
  checkChoice(softmax, ['remove', 'keep'], 'softmax');
  const capture = new Set<LayerKey>();
  const warnings: string[] = [];
  const linear = new Set<tf.layers.Layer>();
  const readers = terms.map(({ target, weight = 1 }) => {
    let read: (run: RunResult) => tf.Tensor;
    let scoreLayer: tf.layers.Layer | undefined;
    let name: string;
    let output: number | undefined;
    if (target.layer !== undefined) {
      const info = adapter.layer(target.layer, 'target.layer');
      capture.add(info.layer);
      target.validate(info.outputShape, batchSize);
      read = (run) => run.captured.get(info.layer) as tf.Tensor;
      scoreLayer = info.layer instanceof tf.layers.Layer ? innermostLayer(info.layer) : undefined;
      name = info.path.join('/');
    } else {
      const index = adapter.outputIndex(target.output);
      output = index;
      const shape = adapter.outputShapes()[index] as (number | null)[];
      if (shape.length > 0) target.validate(shape, batchSize);
      read = (run) => {
        const output = run.outputs[index] as tf.Tensor;
        if (shape.length === 0) target.validate(output.shape, batchSize);
        return output;
      };
      if (adapter.model instanceof tf.LayersModel) scoreLayer = outputLayer(adapter.model, index);
      else if (softmax === 'remove' && target.classification) {
        warnings.push('a tf.GraphModel is explained at its output as it is: a final softmax, if any, is not removed');
      }
      name = adapter.outputNames()[index] as string;
    }
    if (softmax === 'remove' && target.classification && scoreLayer && endsInSoftmax(scoreLayer)) {
      linear.add(scoreLayer);
    }
    return { read, weight, target, name, output };
  });
  return {
    hooks: { capture, linear },
    softmaxRemoved: [...linear].map((layer) => layer.name),
    readsFrom: readers.map((r) => r.name),
    warnings,
    linear: readers.every((r) => r.target.linear === true),
    ...maximumOf(readers),
    score(run) {
      let total: tf.Tensor1D | undefined;
      let units: tf.Tensor1D | undefined;
      for (const reader of readers) {
        const result = reader.target.score(reader.read(run));
        const weighted = reader.weight === 1 ? result.scores : (tf.mul(result.scores, reader.weight) as tf.Tensor1D);
        total = total ? (tf.add(total, weighted) as tf.Tensor1D) : weighted;
        if (readers.length === 1) units = result.units;
      }
      return units ? { total: total as tf.Tensor1D, units } : { total: total as tf.Tensor1D };
    },
  };
}
