/**
 * What every metric returns ({@link MetricResult}: per-sample scores, metadata, curves or per-layer
 * similarities) and the options every metric takes besides its declared ones.
 */
import type { SoftmaxMode } from '../core/objective.ts';
import type { Progress } from '../core/progress.ts';
import type { TargetSpec } from '../core/target.ts';

/** One curve of a sample: y (the target score) after removing or inserting a fraction x of the features. */
export interface MetricCurve {
  /** Fractions of the features changed, from 0 to 1. */
  readonly x: readonly number[];
  /** The target score at each x. */
  readonly y: readonly number[];
}

/** The similarity of each sample's map on the randomised model to its map on the trained model, after randomising `layer`. */
export interface LayerSimilarity {
  /** The name of the layer randomised last (cascading: it and every layer above it). */
  readonly layer: string;
  /** Per sample: the similarity (e.g. Spearman rank correlation) of the two maps. */
  readonly similarity: readonly number[];
}

/** What was measured and how. */
export interface MetricMeta {
  /** The method that made the maps, when known (an Attribution's meta.method or the explainer's name); else null. */
  readonly method: string | null;
  /** The target the scores read, e.g. "per-sample classes [3, 7]". */
  readonly target: string;
  /** Per sample: the unit (class) whose score was read, for targets that pick one. */
  readonly units?: readonly number[];
  /** The metric's declared options after defaults, as plain values (tensors and functions left out). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Rows run through the model (forward passes or explanations) per sample. */
  readonly evaluations: number;
  /** Wall time of the evaluation in milliseconds. */
  readonly milliseconds: number;
  /** Things the user should know (e.g. "the map is zero everywhere for sample 1"). */
  readonly warnings: readonly string[];
  /** Metric-specific facts (e.g. MPRT's layer order). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** What {@link evaluate} returns: one score per sample plus curves or per-layer similarities where the metric has them. */
export interface MetricResult {
  /** The metric's registry name. */
  readonly metric: string;
  /** One score per sample, in input order. */
  readonly scores: readonly number[];
  /** True when a higher score means a better (more faithful, more robust, ...) map. */
  readonly higherIsBetter: boolean;
  readonly meta: MetricMeta;
  /** Deletion, insertion, ROAD: one curve per sample. */
  readonly curves?: readonly MetricCurve[];
  /** MPRT: one entry per randomised layer, in randomisation order. */
  readonly perLayer?: readonly LayerSimilarity[];
}

/** What a metric's compute function returns; {@link defineMetric} adds the rest of the result. */
export interface MetricOutput {
  readonly scores: readonly number[];
  readonly curves?: readonly MetricCurve[];
  readonly perLayer?: readonly LayerSimilarity[];
  readonly warnings?: readonly string[];
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Options every metric takes besides its declared ones. */
export interface MetricCommonOptions {
  /** A class for all samples, per-sample classes, or a Target. Default: the attribution's units, else the predicted class. */
  readonly target?: TargetSpec | readonly number[];
  /** 'remove' scores logits, 'keep' probabilities. Default: the attribution's mode, else 'remove'. */
  readonly softmax?: SoftmaxMode;
  /** Called after each chunk of model calls. Default: none. */
  readonly onProgress?: (progress: Progress) => void;
  /** Cancels the evaluation (rejects with SaliencyError 'CANCELLED'). Default: none. */
  readonly signal?: AbortSignal;
}

