/**
 * Models given as a plain async function over Float32Array batches: ONNX Runtime (Node or Web)
 * sessions, transformers.js pipelines, MediaPipe tasks, HTTP endpoints, fixed-batch exports. Only the
 * methods that need no gradients (perturbation and black-box families) and the metrics can run them.
 */
import { SaliencyError, check } from './errors.ts';
import { sizeOf } from './ndarray.ts';
import type { ExplainableModel, ModelAdapter } from './model.ts';

/** What a function model computes for one call. */
export type PredictFunction = (inputs: readonly Float32Array[], rows: number, signal?: AbortSignal) => Promise<Float32Array>;

/** A model as a function: declare its input shapes and output size, and score batches of rows. */
export interface FunctionModel {
  readonly kind: 'function';
  /** Display name, for messages and reports. Default 'function model'. */
  readonly name: string;
  /** Per model input, the shape of one sample without the batch axis, e.g. [[224, 224, 3]]. */
  readonly inputShapes: readonly (readonly number[])[];
  /** How many scores (classes, units) `predict` returns per row. */
  readonly outputSize: number;
  /** The most rows one `predict` call takes: 1 for a fixed-batch-1 model. Default: no limit (Infinity). */
  readonly maxBatch: number;
  /** True when the outputs are probabilities (a softmax the caller cannot remove). Default false. */
  readonly outputsProbabilities: boolean;
  /**
   * Scores `rows` rows. `inputs[i]` holds the rows of model input i, row-major (rows x size of
   * `inputShapes[i]`); the result holds rows x `outputSize` scores, row-major.
   */
  readonly predict: PredictFunction;
}

/** What {@link functionModel} takes. */
export interface FunctionModelSpec {
  /** See {@link FunctionModel.inputShapes}; one shape may be given for a one-input model. */
  readonly inputShape?: readonly number[];
  readonly inputShapes?: readonly (readonly number[])[];
  readonly outputSize: number;
  readonly predict: PredictFunction;
  /** Default 'function model'. */
  readonly name?: string;
  /** Default Infinity. */
  readonly maxBatch?: number;
  /** Default false. */
  readonly outputsProbabilities?: boolean;
}

/**
 * Wraps an async scoring function as a {@link FunctionModel}, checking its declaration:
 * `functionModel({ inputShape: [28, 28, 1], outputSize: 10, maxBatch: 1, predict })`.
 */
export function functionModel(spec: FunctionModelSpec): FunctionModel {
  check(typeof spec === 'object' && spec !== null, 'model', 'expected { inputShape, outputSize, predict }');
  check(typeof spec.predict === 'function', 'predict', 'expected an async function (inputs, rows) => Float32Array of rows x outputSize scores');
  check((spec.inputShape === undefined) !== (spec.inputShapes === undefined), 'inputShape', 'give exactly one of inputShape (one input) or inputShapes (one shape per input)');
  const shapes = spec.inputShapes ?? [spec.inputShape as readonly number[]];
  check(Array.isArray(shapes) && shapes.length > 0, 'inputShapes', 'expected at least one input shape');
  shapes.forEach((shape, i) => {
    check(Array.isArray(shape) && shape.length > 0 && shape.every((d) => Number.isInteger(d) && d > 0), `inputShapes[${i}]`, `expected positive integer sizes without the batch axis, e.g. [224, 224, 3]; got ${JSON.stringify(shape)}`);
  });
  check(Number.isInteger(spec.outputSize) && spec.outputSize > 0, 'outputSize', `expected a positive integer (scores per row); got ${String(spec.outputSize)}`);
  const maxBatch = spec.maxBatch ?? Infinity;
  check(maxBatch === Infinity || (Number.isInteger(maxBatch) && maxBatch > 0), 'maxBatch', `expected a positive integer or Infinity; got ${String(maxBatch)}`);
  return Object.freeze({
    kind: 'function' as const,
    name: spec.name ?? 'function model',
    inputShapes: Object.freeze(shapes.map((s) => Object.freeze([...s]))),
    outputSize: spec.outputSize,
    maxBatch,
    outputsProbabilities: spec.outputsProbabilities ?? false,
    predict: spec.predict,
  });
}

/** True for a {@link FunctionModel}. */
export function isFunctionModel(model: unknown): model is FunctionModel {
  return typeof model === 'object' && model !== null && (model as { kind?: unknown }).kind === 'function' && typeof (model as { predict?: unknown }).predict === 'function';
}

/**
 * Scores `rows` rows through `model` in calls of at most `maxBatch` rows, checking each answer's
 * length and values, so a wrong declaration fails with a message instead of a wrong map.
 */
export async function predictRows(model: FunctionModel, inputs: readonly Float32Array[], rows: number, signal?: AbortSignal): Promise<Float32Array> {
  const sizes = model.inputShapes.map((shape) => sizeOf(shape));
  inputs.forEach((values, i) => check(values.length === rows * (sizes[i] as number), `inputs[${i}]`, `expected ${rows} x ${sizes[i]} values; got ${values.length}`));
  const out = new Float32Array(rows * model.outputSize);
  for (let start = 0; start < rows; start += model.maxBatch) {
    const count = Math.min(model.maxBatch, rows - start);
    const chunk = inputs.map((values, i) => values.subarray(start * (sizes[i] as number), (start + count) * (sizes[i] as number)));
    const scores = await model.predict(chunk, count, signal);
    if (!(scores instanceof Float32Array) || scores.length !== count * model.outputSize) {
      throw new SaliencyError('UNSUPPORTED_MODEL', `${model.name}: predict returned ${describe(scores)} for ${count} rows; expected a Float32Array of ${count} x ${model.outputSize} (outputSize) scores`, 'model');
    }
    out.set(scores, start * model.outputSize);
  }
  return out;
}

function describe(value: unknown): string {
  if (value instanceof Float32Array) return `${value.length} values`;
  return value === null ? 'null' : typeof value === 'object' ? (value as object).constructor?.name ?? 'an object' : typeof value;
}

/**
 * Any model a perturbation or black-box method explains: a TF.js model (or its adapter), or a
 * {@link FunctionModel}. Gradient and CAM methods take TF.js models only.
 */
export type AnyModel = ExplainableModel | ModelAdapter | FunctionModel;
