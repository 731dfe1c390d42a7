/**
 * What is explained, as score functions: each target turns the activation it reads (a model
 * output or any layer's output) into one score per sample. Gradients of those scores are the maps.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from './errors.ts';
import type { LayerRef } from './layers.ts';

/** Scores per sample, and the units each sample's score was read from (for the metadata). */
export interface TargetScores {
  /** Shape [N]. */
  readonly scores: tf.Tensor1D;
  /** Shape [N]: the unit index per sample, for targets that pick one unit per sample. */
  readonly units?: tf.Tensor1D;
}

/**
 * A target: where its activation is read and how it becomes a score per sample.
 * Build one with {@link classTarget}, {@link perSampleTarget}, {@link classesTarget},
 * {@link predictedTarget}, {@link regressionTarget}, {@link filterTarget}, {@link allUnitsTarget} or
 * {@link customTarget}.
 */
export interface Target {
  /** Human-readable summary for result metadata, e.g. "class 3". */
  readonly description: string;
  /** The layer whose output is read; undefined reads a model output. */
  readonly layer?: LayerRef;
  /** Which model output is read (index or output layer name) when `layer` is undefined. */
  readonly output?: number | string;
  /** True for classification targets, whose softmax is removed by default. */
  readonly classification: boolean;
  /** True when the target explains one unit per sample (predicted class, per-sample classes). */
  readonly unitPerSample?: boolean;
  /**
   * True when the score is linear in the activation with weights the target fixes (a class, a
   * filter's mean, a sum of units): its gradient does not depend on the activation's values, so an
   * engine may run the forward and backward passes as one program. Default false (custom targets,
   * the predicted class).
   */
  readonly linear?: boolean;
  /**
   * True when the score is the largest unit of a rank-2 activation per sample (the first on ties,
   * as tf.argMax): linear once that unit is chosen, so an engine may choose it inside its program.
   * Default false.
   */
  readonly maximum?: boolean;
  /** Checks the target against the static shape of its activation (batch first); throws a clear error. */
  validate(shape: readonly (number | null)[], batchSize: number): void;
  /** The per-sample score; `activation` has the batch axis first. */
  score(activation: tf.Tensor): TargetScores;
}

/** Where a target reads its activation. */
export interface TargetPlacement {
  /** Read this layer's output instead of a model output (keras-vis `layer_idx`). Default: the model output. */
  readonly layer?: LayerRef;
  /** For multi-output models: which output, by index or output layer name. Default: 0 when the model has one output. */
  readonly output?: number | string;
}

/**
 * Per-sample unit activations [N, C]: a rank-2 activation as it is; for higher ranks the mean over
 * every axis between batch and channels (keras-vis: a conv filter's score is its mean activation).
 */
export function unitActivations(activation: tf.Tensor): tf.Tensor2D {
  if (activation.rank < 2) {
    throw new SaliencyError('TARGET_OUT_OF_RANGE', `target: the activation has shape [${activation.shape}], which has no unit axis`, 'target');
  }
  if (activation.rank === 2) return activation as tf.Tensor2D;
  const spatial = Array.from({ length: activation.rank - 2 }, (_, i) => i + 1);
  return tf.mean(activation, spatial) as tf.Tensor2D;
}

function unitCount(shape: readonly (number | null)[]): number | null {
  return shape.length >= 2 ? (shape[shape.length - 1] ?? null) : null;
}

function checkUnits(indices: readonly number[], shape: readonly (number | null)[], what: string): void {
  for (const index of indices) {
    check(Number.isInteger(index) && index >= 0, 'target', `${what} ${index} must be a non-negative integer`);
  }
  const units = unitCount(shape);
  if (units === null) return;
  const bad = indices.find((i) => i >= units);
  if (bad !== undefined) {
    throw new SaliencyError(
      'TARGET_OUT_OF_RANGE',
      `target: ${what} ${bad} is out of range; valid ${what === 'class' ? 'classes' : `${what}s`} are 0 to ${units - 1}`,
      'target',
    );
  }
}

function checkRank(shape: readonly (number | null)[]): void {
  if (shape.length < 2) {
    throw new SaliencyError('TARGET_OUT_OF_RANGE', `target: the activation has shape [${shape}], which has no unit axis`, 'target');
  }
}

/** One class (or unit) for every sample. */
export function classTarget(index: number, placement: TargetPlacement = {}): Target {
  return {
    ...placement,
    description: `class ${index}`,
    classification: true,
    linear: true,
    validate: (shape) => {
      checkRank(shape);
      checkUnits([index], shape, 'class');
    },
    score: (activation) => {
      const units = unitActivations(activation);
      return { scores: tf.reshape(tf.slice(units, [0, index], [-1, 1]), [-1]) as tf.Tensor1D };
    },
  };
}

/** One class per sample: `indices[i]` is explained for sample i (Captum-style per-example targets). */
export function perSampleTarget(indices: readonly number[], placement: TargetPlacement = {}): Target {
  return {
    ...placement,
    description: `per-sample classes [${indices.join(', ')}]`,
    classification: true,
    linear: true,
    unitPerSample: true,
    validate: (shape, batchSize) => {
      checkRank(shape);
      check(indices.length === batchSize, 'target', `gives ${indices.length} classes for a batch of ${batchSize}; give one per sample`);
      checkUnits(indices, shape, 'class');
    },
    score: (activation) => {
      const units = unitActivations(activation);
      const chosen = tf.tensor1d(indices as number[], 'int32');
      const mask = unitMask(chosen, units.shape[1]);
      return { scores: tf.sum(tf.mul(units, mask), 1) as tf.Tensor1D, units: tf.cast(chosen, 'float32') as tf.Tensor1D };
    },
  };
}

/** Several classes (or units) summed, as keras-vis does with a list of filter indices. */
export function classesTarget(indices: readonly number[], placement: TargetPlacement = {}): Target {
  check(indices.length > 0, 'target', 'the list of classes is empty');
  return {
    ...placement,
    description: `sum of classes [${indices.join(', ')}]`,
    classification: true,
    linear: true,
    validate: (shape) => {
      checkRank(shape);
      checkUnits(indices, shape, 'class');
    },
    score: (activation) => {
      const units = unitActivations(activation);
      const weights = tf.sum(unitMask(tf.tensor1d(indices as number[], 'int32'), units.shape[1]), 0);
      return { scores: tf.sum(tf.mul(units, weights), 1) as tf.Tensor1D };
    },
  };
}

/** The class the model predicts for each sample (argmax of the output). The default target. */
export function predictedTarget(placement: TargetPlacement = {}): Target {
  return {
    ...placement,
    description: 'predicted class',
    classification: true,
    maximum: true,
    unitPerSample: true,
    validate: checkRank,
    score: (activation) => {
      const units = unitActivations(activation);
      const chosen = tf.argMax(units, 1);
      const mask = unitMask(chosen, units.shape[1]);
      return { scores: tf.sum(tf.mul(units, mask), 1) as tf.Tensor1D, units: tf.cast(chosen, 'float32') as tf.Tensor1D };
    },
  };
}

/**
 * A regression output: the score is output unit `index` (default 0) as it is. Explain a decrease
 * with the 'negate' grad modifier and "what keeps it" with 'small_values', as keras-vis does.
 */
export function regressionTarget(index = 0, placement: TargetPlacement = {}): Target {
  return { ...classTarget(index, placement), description: `regression output ${index}`, classification: false };
}

/** A conv filter (channel) of an intermediate layer: its mean activation over space (keras-vis). */
export function filterTarget(layer: LayerRef, index: number): Target {
  return { ...classTarget(index, { layer }), description: `filter ${index}`, classification: false };
}

/** The mean of every unit of the activation (keras-vis `filter_indices=None`). */
export function allUnitsTarget(placement: TargetPlacement = {}): Target {
  return {
    ...placement,
    description: 'mean of all units',
    classification: false,
    linear: true,
    validate: () => undefined,
    score: (activation) => {
      const axes = Array.from({ length: activation.rank - 1 }, (_, i) => i + 1);
      return { scores: (axes.length ? tf.mean(activation, axes) : activation) as tf.Tensor1D };
    },
  };
}

/**
 * Any score: `fn` receives the activation (batch first) and returns one score per sample, shape [N].
 * `classification` (default false) says whether a final softmax should be removed.
 */
export function customTarget(
  fn: (activation: tf.Tensor) => tf.Tensor,
  options: TargetPlacement & { description?: string; classification?: boolean } = {},
): Target {
  const { description = 'custom score', classification = false, ...placement } = options;
  return {
    ...placement,
    description,
    classification,
    validate: () => undefined,
    score: (activation) => {
      const scores = fn(activation);
      if (scores.rank !== 1 || scores.shape[0] !== activation.shape[0]) {
        throw new SaliencyError(
          'INVALID_ARGUMENT',
          `target: the custom score function must return shape [${activation.shape[0]}] (one score per sample), got [${scores.shape}]`,
          'target',
        );
      }
      return { scores: scores as tf.Tensor1D };
    },
  };
}

/** What `target` options accept: a class index for every sample, or a built target. */
export type TargetSpec = number | Target;

/** Turns a {@link TargetSpec} into a target (a number means {@link classTarget}). Default: predicted class. */
export function toTarget(spec: TargetSpec | undefined): Target {
  if (spec === undefined) return predictedTarget();
  if (typeof spec === 'number') return classTarget(spec);
  check(typeof spec === 'object' && typeof spec.score === 'function', 'target', 'expected a class index or a target made by classTarget(), filterTarget(), ...');
  return spec;
}

/** True for targets that explain one unit per sample (predicted class, per-sample classes). */
export function picksUnitPerSample(target: Target): boolean {
  return target.unitPerSample === true;
}

/**
 * One row per index with a 1 at that unit: tf.oneHot, except for a one-unit output (a regressor or a
 * sigmoid), where tf.oneHot refuses a depth of 1 and every index is 0.
 */
function unitMask(indices: tf.Tensor, units: number): tf.Tensor {
  return units === 1 ? tf.ones([indices.shape[0] as number, 1]) : tf.oneHot(indices as tf.Tensor1D, units);
}
