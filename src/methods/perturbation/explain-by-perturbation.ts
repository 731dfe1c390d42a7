/**
 * The frame every perturbation method shares: open the context, read the input and baselines,
 * score the method's perturbed copies in chunks, and turn its combined maps into an Attribution.
 */
import type { ExplainOptions } from '../../core/explain.ts';
import type { AnyModel } from '../../core/function-model.ts';
import type { ModelInput } from '../../core/input.ts';
import type { NdArray } from '../../core/ndarray.ts';
import type { LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { refuseBackpropModifier } from '../gradient-free.ts';
import { defineSchema, option, type ResolvedOptions, type SchemaOptions } from '../schema.ts';
import { describeBaseline, perturbationBaselineOption, resolveBaselines } from './baselines.ts';
import { readInputs, scorePerturbations, type InputData, type PerturbationScores, type PerturbationSet } from './evaluate.ts';
import { openScoringContext, type ScoringContext } from './scoring.ts';

/** The options every perturbation method takes, declared once (see methods/schema.ts); each method's schema spreads them. */
export const perturbationSchema = defineSchema({
  /** What replaces removed values: a number, or values per model input (see PerturbationBaseline). Default 0 (Captum's). */
  baseline: perturbationBaselineOption,
  /** Perturbed copies scored per model call (larger is faster, smaller needs less memory). Default 32. */
  perturbationsPerEval: option.integer({
    default: 32,
    min: 1,
    max: 4096,
    doc: 'Perturbed copies scored per model call (larger is faster, smaller needs less memory).',
  }),
});

/** Options every perturbation method takes. */
export interface PerturbationOptions extends ExplainOptions, LongRunningOptions, SchemaOptions<typeof perturbationSchema> {}

/** The perturbation options once checked and defaulted, with the common ones. */
export type PerturbationSettings = ExplainOptions & LongRunningOptions & ResolvedOptions<typeof perturbationSchema>;

/** What a method contributes: its perturbed copies and how their scores become maps. */
export interface PerturbationPlan {
  readonly set: PerturbationSet;
  /** One batch-first map per model input from the scores. */
  combine(scores: PerturbationScores): NdArray[];
  /** Method-specific metadata. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * Runs a perturbation method described by `plan` (called once the input is checked and read) on a
 * TF.js model or a function model. A backpropModifier is refused: perturbation methods take no gradients.
 */
export async function explainByPerturbation(
  model: AnyModel,
  input: ModelInput,
  options: PerturbationSettings,
  method: string,
  plan: (context: ScoringContext, inputs: InputData, baselines: readonly Float32Array[]) => PerturbationPlan | Promise<PerturbationPlan>,
): Promise<Attribution> {
  refuseBackpropModifier(options, method);
  const context = openScoringContext(model, input, options);
  try {
    const inputs = await readInputs(context);
    const baselines = await resolveBaselines(context, options.baseline);
    const { set, combine, extra } = await plan(context, inputs, baselines);
    const scores = await scorePerturbations(context, inputs, baselines, set, options);
    const maps = combine(scores);
    const evaluations = Array.from({ length: inputs.batchSize }, (_, n) => set.count(n));
    return await context.finish(maps, scores, { method, wrt: 'input', gradModifier: 'none', extra: { ...extra, baseline: describeBaseline(options.baseline), evaluations } });
  } finally {
    context.dispose();
  }
}
