/**
 * How the perturbation engine scores rows, whatever the model: a TF.js model through the explain
 * context (adapter, objective, softmax removal) or a function model through its async predict (in
 * calls of at most its maxBatch rows). Both pin derived rows to the unit their sample explains.
 */
import * as tf from '@tensorflow/tfjs';
import { finishAttribution, openContext, zeroMapWarnings, type ExplainOptions, type MethodMeta } from '../../core/explain.ts';
import { openFunctionContext } from '../../core/function-context.ts';
import { isFunctionModel, type AnyModel } from '../../core/function-model.ts';
import type { ModelInput, PreparedInput } from '../../core/input.ts';
import type { NdArray } from '../../core/ndarray.ts';
import { scoreRows, scoreSamples, type SampleScores } from '../../core/pinned.ts';
import type { Attribution } from '../../core/result.ts';
import { downloadNumbers } from '../../core/result.ts';

/** The scores a finished call reports. */
export interface ReportedScores {
  readonly original: Float32Array;
  readonly units?: readonly number[];
}

/** One call's model, input and target, as the perturbation engine uses them. Dispose it in `finally`. */
export interface ScoringContext {
  readonly input: PreparedInput;
  /** True for a function model. */
  readonly isFunction: boolean;
  scoreSamples(signal?: AbortSignal): Promise<SampleScores>;
  /** Scores rows (per model input, row-major, samples of `shapes`), row j for original sample `sampleOfRow[j]`'s unit. */
  scoreRows(buffers: readonly Float32Array[], shapes: readonly (readonly number[])[], sampleOfRow: readonly number[], units: readonly number[] | undefined, signal?: AbortSignal): Promise<Float32Array>;
  /** Builds the result from batch-first maps (one per model input) and the original scores. */
  finish(maps: readonly NdArray[], scores: ReportedScores, meta: MethodMeta): Promise<Attribution>;
  dispose(): void;
}

/** Opens the scoring context of one call on any model. */
export function openScoringContext(model: AnyModel, input: ModelInput, options: ExplainOptions): ScoringContext {
  return isFunctionModel(model) ? functionScoring(model, input, options) : tfScoring(model, input, options);
}

function tfScoring(model: Exclude<AnyModel, { kind: 'function' }>, input: ModelInput, options: ExplainOptions): ScoringContext {
  const context = openContext(model, input, options);
  return {
    input: context.input,
    isFunction: false,
    scoreSamples: () => scoreSamples(context),
    async scoreRows(buffers, shapes, sampleOfRow, units) {
      const scores = tf.tidy(() => {
        const xs = buffers.map((data, i) => tf.tensor(data, [sampleOfRow.length, ...(shapes[i] as number[])], 'float32'));
        return scoreRows(context, xs, sampleOfRow, units);
      });
      return Float32Array.from((await downloadNumbers(scores)) ?? []);
    },
    finish: (maps, scores, meta) =>
      finishAttribution(
        context,
        {
          maps: maps.map((m) => tf.tensor(m.data, [...m.shape], 'float32')),
          scores: tf.tensor1d(scores.original, 'float32'),
          ...(scores.units ? { units: tf.tensor1d(scores.units.slice(), 'float32') } : {}),
        },
        meta,
      ),
    dispose: () => context.dispose(),
  };
}

function functionScoring(model: Extract<AnyModel, { kind: 'function' }>, input: ModelInput, options: ExplainOptions): ScoringContext {
  const context = openFunctionContext(model, input, options);
  return {
    input: context.input,
    isFunction: true,
    scoreSamples: (signal) => context.scoreSamples(signal),
    scoreRows: (buffers, _shapes, sampleOfRow, units, signal) => context.scoreRows(buffers, sampleOfRow, units, signal),
    finish: async (maps, scores, meta) => ({
      maps,
      map: maps[0] as NdArray,
      meta: {
        ...context.meta,
        backpropModifier: null,
        ...meta,
        extra: { ...meta.extra, model: model.name, modelKind: 'function', ...(Number.isFinite(model.maxBatch) ? { modelBatchSize: model.maxBatch } : {}) },
        scores: Array.from(scores.original),
        ...(scores.units ? { units: scores.units.slice() } : {}),
        warnings: [...context.warnings, ...zeroMapWarnings(maps)],
      },
    }),
    dispose: () => context.dispose(),
  };
}
