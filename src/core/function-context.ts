/**
 * Explaining a {@link FunctionModel}: its input checked against the declared shapes, its target
 * resolved over the scores the function returns ([rows, outputSize], the "activation" every target
 * reads), and rows scored through {@link predictRows} in calls of at most `maxBatch` rows. Only
 * methods that need no gradients and no layers (the perturbation and black-box families) use it.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check, checkChoice } from './errors.ts';
import type { ExplainOptions } from './explain.ts';
import { predictRows, type FunctionModel } from './function-model.ts';
import { downloadInputs, prepareOwnedInput, type ModelInput, type PreparedInput } from './input.ts';
import { DEFAULT_SOFTMAX } from './objective.ts';
import type { SampleScores } from './pinned.ts';
import { targetForRows } from './pinned.ts';
import { picksUnitPerSample, toTarget, type Target } from './target.ts';

/** A function model's call: its checked input, target and how rows are scored. Dispose it in `finally`. */
export interface FunctionContext {
  readonly model: FunctionModel;
  readonly input: PreparedInput;
  readonly target: Target;
  /** Caveats to report with the result (a softmax that cannot be removed). */
  readonly warnings: readonly string[];
  /** What the result's metadata says about the target and the softmax. */
  readonly meta: { readonly target: string; readonly readsFrom: string[]; readonly softmax: { readonly mode: 'remove' | 'keep'; readonly removedFrom: string[] } };
  /** Scores the original samples: the objective per sample and, for targets that pick one, the unit. */
  scoreSamples(signal?: AbortSignal): Promise<SampleScores>;
  /** Scores rows (per model input, row-major), row j for the unit of original sample `sampleOfRow[j]`. */
  scoreRows(inputs: readonly Float32Array[], sampleOfRow: readonly number[], units: readonly number[] | undefined, signal?: AbortSignal): Promise<Float32Array>;
  dispose(): void;
}

/** The warning of a classification target on a model whose probabilities cannot be turned back into logits. */
export function probabilityWarning(model: FunctionModel): string {
  return `${model.name} outputs probabilities (outputsProbabilities: true): its softmax cannot be removed, so the maps explain the probability, not the logit (softmax 'remove' has no effect)`;
}

/** Opens the context of one call on a function model; validates the input and target first. */
export function openFunctionContext(model: FunctionModel, input: ModelInput, options: ExplainOptions = {}): FunctionContext {
  check(options.backpropModifier === undefined || options.backpropModifier === null, 'backpropModifier', 'a function model has no gradients; perturbation methods take none');
  const softmax = options.softmax ?? DEFAULT_SOFTMAX;
  checkChoice(softmax, ['remove', 'keep'], 'softmax');
  const shapes = { inputShapes: () => model.inputShapes.map((s) => [null, ...s]), inputNames: () => model.inputShapes.map((_, i) => `${model.name} input ${i}`) };
  const { prepared, owned } = prepareOwnedInput(shapes, input, options);
  try {
    const target = toTarget(options.target);
    if (target.layer !== undefined) {
      throw new SaliencyError('UNSUPPORTED_MODEL', `target.layer: ${model.name} is a function model, which has no layers; explain its scores (a class index or a target without a layer)`, 'target');
    }
    check(target.output === undefined || target.output === 0, 'target.output', `${model.name} has one output (its ${model.outputSize} scores); got output ${String(target.output)}`);
    target.validate([null, model.outputSize], prepared.batchSize);
    const warnings = model.outputsProbabilities && softmax === 'remove' && target.classification ? [probabilityWarning(model)] : [];
    let values: Promise<Float32Array[]> | undefined;
    const inputValues = (): Promise<Float32Array[]> => (values ??= downloadInputs(prepared).then((arrays) => arrays.map((a) => a.data)));
    const score = async (rows: readonly Float32Array[], count: number, rowTarget: Target, signal?: AbortSignal): Promise<{ scores: Float32Array; units?: Float32Array }> => {
      const outputs = await predictRows(model, rows, count, signal);
      const result = tf.tidy(() => {
        const read = rowTarget.score(tf.tensor2d(outputs, [count, model.outputSize], 'float32'));
        return read.units ? [read.scores, read.units] : [read.scores];
      });
      try {
        const [scores, units] = await Promise.all(result.map(async (t) => Float32Array.from(await t.data())));
        return { scores: scores as Float32Array, ...(units ? { units } : {}) };
      } finally {
        result.forEach((t) => t.dispose());
      }
    };
    return {
      model,
      input: prepared,
      target,
      warnings,
      meta: { target: target.description, readsFrom: [model.name], softmax: { mode: softmax, removedFrom: [] } },
      async scoreSamples(signal) {
        const { scores, units } = await score(await inputValues(), prepared.batchSize, target, signal);
        return { scores: Array.from(scores), units: units && picksUnitPerSample(target) ? Array.from(units, Math.round) : undefined };
      },
      async scoreRows(rows, sampleOfRow, units, signal) {
        return (await score(rows, sampleOfRow.length, targetForRows(target, sampleOfRow, units), signal)).scores;
      },
      dispose: () => owned.forEach((t) => t.dispose()),
    };
  } catch (error) {
    owned.forEach((t) => t.dispose());
    throw error;
  }
}
