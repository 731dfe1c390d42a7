/**
 * What a run will cost before it starts: the model evaluations the method's registry entry
 * estimates for the input's shapes, and the seconds they take from one timed probe of the model
 * (a forward pass of a chunk of copies of the input, on the engine the run will use, after an untimed
 * one at the same batch size on TF.js models). The CLI prints
 * it before long runs; a page can show it beside a button.
 */
import type { ExplainOptions } from '../core/explain.ts';
import type { AnyModel } from '../core/function-model.ts';
import type { ModelInput } from '../core/input.ts';
import { BATCH_OPTIONS } from '../core/memory-estimate.ts';
import type { MethodDefinition } from './definition.ts';
import { readInputs, sampleSlice } from './perturbation/evaluate.ts';
import { openScoringContext } from './perturbation/scoring.ts';
import { getMethod } from './registry.ts';

/**
 * A forward and backward pass costs about this many forward passes (the backward pass of a
 * convolution computes two products of the forward's size): the probe's factor for methods whose
 * evaluations take gradients.
 */
export const GRADIENT_COST_FACTOR = 3;

/** Rows the probe scores at once when the method declares no batch option. Default 32. */
export const DEFAULT_PROBE_ROWS = 32;

/** What {@link estimateRun} found. */
export interface RunEstimate {
  /** The method's registry name. */
  readonly method: string;
  /** Model evaluations of the whole run (every sample); undefined when they depend on the model's layers (Score-CAM, Ablation-CAM) or on a given feature mask with 'auto' counts. */
  readonly evaluations: number | undefined;
  /** Model evaluations per sample (the registry's estimateEvaluations). */
  readonly evaluationsPerSample: number | undefined;
  /** Seconds one evaluation took in the probe (a forward pass; times {@link GRADIENT_COST_FACTOR} for methods that take gradients). */
  readonly secondsPerEvaluation: number;
  /** evaluations x secondsPerEvaluation; undefined with `evaluations`. */
  readonly seconds: number | undefined;
  /** Rows the timed probe scored in one model call (the run's chunk size, at most its evaluations). */
  readonly probeRows: number;
  /** True when an evaluation is a forward pass only (perturbation, black-box, Score-CAM, Ablation-CAM). */
  readonly forwardOnly: boolean;
}

/** The CAM methods whose channel weights come from forward passes (every other CAM takes gradients, Guided Grad-CAM included). */
const FORWARD_ONLY_CAMS: ReadonlySet<string> = new Set(['score-cam', 'eigen-cam', 'ablation-cam']);

/** True when `definition`'s evaluations are forward passes only (no gradients). */
export function isForwardOnly(definition: MethodDefinition): boolean {
  return definition.takesFunctionModel || definition.family === 'perturbation' || FORWARD_ONLY_CAMS.has(definition.name);
}

/**
 * Estimates a run of `method` (a registry name or entry) on `model` and `input` with `options`
 * (text or values, as `run` takes them): checks the options, then scores the input once (untimed:
 * it warms the engine up and compiles its program, which the run reuses) and times one call of
 * `probeRows` copies of the first sample (on a TF.js model after an untimed call of the same size:
 * an engine's first call at a batch size allocates). Costs batch + probeRows model evaluations on a
 * function model, batch + 2 x probeRows on a TF.js model. No tensors are left behind.
 * @example
 * const e = await estimateRun('rise', model, image);
 * console.log(`about ${e.evaluations} model evaluations, ~${e.seconds?.toFixed(0)} s`);
 */
export async function estimateRun(method: string | MethodDefinition, model: AnyModel, input: ModelInput, options: Readonly<Record<string, unknown>> = {}): Promise<RunEstimate> {
  const definition = typeof method === 'string' ? getMethod(method) : method;
  const parsed = definition.parse(options);
  const context = openScoringContext(model, input, parsed as ExplainOptions);
  try {
    const inputs = await readInputs(context);
    const perSample = definition.estimateEvaluations(inputs.shapes, options);
    const evaluations = perSample === undefined ? undefined : perSample * inputs.batchSize;
    const chunk = BATCH_OPTIONS.map((name) => parsed[name] ?? (definition.defaults as Readonly<Record<string, unknown>>)[name]).find((v): v is number => typeof v === 'number');
    const probeRows = Math.max(1, Math.min(chunk ?? DEFAULT_PROBE_ROWS, evaluations ?? Infinity));
    const signal = parsed['signal'] as AbortSignal | undefined;
    const { units } = await context.scoreSamples(signal);
    const sizes = inputs.shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
    const buffers = sizes.map((size, i) => {
      const rows = new Float32Array(probeRows * size);
      const first = sampleSlice(inputs.values[i] as Float32Array, 0, size);
      for (let r = 0; r < probeRows; r++) rows.set(first, r * size);
      return rows;
    });
    const probe = () => context.scoreRows(buffers, inputs.shapes, new Array<number>(probeRows).fill(0), units, signal);
    if (!context.isFunction) await probe(); // the engine's first call at a batch size allocates (ORT's arena, wasm kernels' scratch)
    const started = performance.now();
    await probe();
    const forwardOnly = isForwardOnly(definition);
    const secondsPerEvaluation = ((performance.now() - started) / 1000 / probeRows) * (forwardOnly ? 1 : GRADIENT_COST_FACTOR);
    return {
      method: definition.name,
      evaluations,
      evaluationsPerSample: perSample,
      secondsPerEvaluation,
      seconds: evaluations === undefined ? undefined : evaluations * secondsPerEvaluation,
      probeRows,
      forwardOnly,
    };
  } finally {
    context.dispose();
  }
}
