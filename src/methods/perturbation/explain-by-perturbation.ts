/**
 * The frame every perturbation method shares: open the context, read the input and baselines,
 * score the method's perturbed copies in chunks, and turn its combined maps into an Attribution.
 */
import * as tf from '@tensorflow/tfjs';
import { finishAttribution, openContext, type ExplainContext, type ExplainOptions } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { NdArray } from '../../core/ndarray.ts';
import type { LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { refuseBackpropModifier } from '../gradient-free.ts';
import type { OptionSpec } from '../options.ts';
import { DEFAULT_PERTURBATION_BASELINE, describeBaseline, resolveBaselines, type PerturbationBaseline } from './baselines.ts';
import { DEFAULT_PERTURBATIONS_PER_EVAL, readInputs, scorePerturbations, type InputData, type PerturbationScores, type PerturbationSet } from './evaluate.ts';

/** Options every perturbation method takes. */
export interface PerturbationOptions extends ExplainOptions, LongRunningOptions {
  /** What replaces removed values. Default 0 ({@link DEFAULT_PERTURBATION_BASELINE}). */
  readonly baseline?: PerturbationBaseline;
  /** Perturbed copies scored per model call (bounds memory). Default 32 ({@link DEFAULT_PERTURBATIONS_PER_EVAL}). */
  readonly perturbationsPerEval?: number;
}

/** What a method contributes: its perturbed copies and how their scores become maps. */
export interface PerturbationPlan {
  readonly set: PerturbationSet;
  /** One batch-first map per model input from the scores. */
  combine(scores: PerturbationScores): NdArray[];
  /** Method-specific metadata. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * Runs a perturbation method described by `plan` (called once the input is checked and read). A
 * backpropModifier is refused: perturbation methods take no gradients.
 */
export async function explainByPerturbation(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: PerturbationOptions,
  method: string,
  plan: (context: ExplainContext, inputs: InputData) => PerturbationPlan | Promise<PerturbationPlan>,
): Promise<Attribution> {
  refuseBackpropModifier(options, method);
  const context = openContext(model, input, options);
  try {
    const inputs = await readInputs(context);
    const baselines = await resolveBaselines(context, options.baseline);
    const { set, combine, extra } = await plan(context, inputs);
    const scores = await scorePerturbations(context, inputs, baselines, set, options);
    const maps = combine(scores);
    const evaluations = Array.from({ length: inputs.batchSize }, (_, n) => set.count(n));
    return await finishAttribution(
      context,
      {
        maps: maps.map((m) => tf.tensor(m.data, [...m.shape], 'float32')),
        scores: tf.tensor1d(scores.original, 'float32'),
        ...(scores.units ? { units: tf.tensor1d(scores.units.slice(), 'float32') } : {}),
      },
      { method, wrt: 'input', gradModifier: 'none', extra: { ...extra, baseline: describeBaseline(options.baseline), evaluations } },
    );
  } finally {
    context.dispose();
  }
}

/** Registry specs of the options every perturbation method takes. */
export const PERTURBATION_OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'baseline', kind: 'number', default: DEFAULT_PERTURBATION_BASELINE, description: 'The value that replaces removed input values.' },
  {
    name: 'perturbationsPerEval',
    kind: 'integer',
    default: DEFAULT_PERTURBATIONS_PER_EVAL,
    min: 1,
    max: 4096,
    description: 'Perturbed copies scored per model call (larger is faster, smaller needs less memory).',
  },
];
