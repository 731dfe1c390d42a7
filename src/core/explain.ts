/**
 * The shared set-up and finish of every method: check the input, resolve the target, apply a
 * backprop modifier, and turn tensors into an {@link Attribution} with complete metadata.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from './errors.ts';
import { prepareOwnedInput, type ModelInput, type PreparedInput } from './input.ts';
import { adaptModel, type ExplainableModel, type ModelAdapter } from './model.ts';
import type { BackpropModifier } from './modifiers.ts';
import { backpropRule } from './modifiers.ts';
import { newRuleUse, unchangedRuleWarnings, type RuleUse } from './rule-use.ts';
import { DEFAULT_SOFTMAX, resolveObjective, type ObjectiveTerm, type ResolvedObjective, type SoftmaxMode } from './objective.ts';
import { downloadAll, downloadNumbers, type Attribution, type AttributionMeta } from './result.ts';
import { toTarget, type Target, type TargetSpec } from './target.ts';
import { gradientBlockers } from './diagnose.ts';
import type { EngineChoice } from './engine.ts';
import { engineMeta, newEngineUse, type EngineUse } from './engine-use.ts';
import { sizeOf, type NdArray } from './ndarray.ts';

/** Options every method shares. */
export interface ExplainOptions {
  /** What is explained: a class index for all samples or a target. Default: the predicted class. */
  readonly target?: TargetSpec;
  /** 'remove' (default) explains the logit before a final softmax; 'keep' the probability. */
  readonly softmax?: SoftmaxMode;
  /** 'guided', 'rectified' (aliases 'relu', 'deconv'), a function model -> model, or null (default). */
  readonly backpropModifier?: BackpropModifier;
  /** Accept NaN and ±Infinity in the input (they make every map NaN or zero). Default false: such an input is refused. */
  readonly allowNonFinite?: boolean;
  /**
   * Which engine computes the gradients: 'auto' (default: an installed engine, e.g. the ONNX engine
   * in Node, where it covers the model, else TF.js), 'onnx' (required; an error says why it cannot)
   * or 'tfjs'. meta.engine says which ran and why.
   */
  readonly engine?: EngineChoice;
}

/** Everything a method needs for one call. Dispose it in `finally`. */
export interface ExplainContext {
  readonly adapter: ModelAdapter;
  readonly input: PreparedInput;
  readonly target: Target;
  readonly objective: ResolvedObjective;
  /** The backprop rule computeGradients applies (a function modifier is already applied to the model). */
  readonly backprop: 'guided' | 'rectified' | null;
  /** What the backprop rule did in this call's backward passes (a warning when it met no rectifier). */
  readonly ruleUse: RuleUse;
  /** The engine the call asked for and the engines its passes ran on. */
  readonly engine: EngineUse;
  /** Metadata fields known before computing. */
  readonly meta: Pick<AttributionMeta, 'target' | 'readsFrom' | 'softmax' | 'backpropModifier'>;
  /** Releases the tensors made for this call. */
  dispose(): void;
}

/**
 * Opens the context of one call: validates everything before any heavy work. `terms` replaces the
 * single target with a weighted sum of targets (keras-vis losses).
 */
export function openContext(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: ExplainOptions = {},
  terms?: readonly ObjectiveTerm[],
): ExplainContext {
  const modifier = options.backpropModifier ?? null;
  const engine = newEngineUse(options.engine);
  const adapter = adaptModel(typeof modifier === 'function' ? applyModelModifier(model, modifier) : model);
  const { prepared, owned } = prepareOwnedInput(adapter, input, options);
  try {
    const target = terms?.length === 1 ? (terms[0] as ObjectiveTerm).target : toTarget(options.target);
    const softmax = options.softmax ?? DEFAULT_SOFTMAX;
    const objective = resolveObjective(adapter, terms ?? [{ target }], prepared.batchSize, softmax);
    const backprop = typeof modifier === 'string' ? backpropRule(modifier) : null;
    return {
      adapter,
      input: prepared,
      target,
      objective,
      backprop,
      ruleUse: newRuleUse(),
      engine,
      meta: {
        target: terms && terms.length > 1 ? terms.map((t) => `${t.weight ?? 1} * ${t.target.description}`).join(' + ') : target.description,
        readsFrom: objective.readsFrom,
        softmax: { mode: softmax, removedFrom: objective.softmaxRemoved },
        backpropModifier: typeof modifier === 'function' ? 'custom' : backprop,
      },
      dispose: () => owned.forEach((t) => t.dispose()),
    };
  } catch (error) {
    owned.forEach((t) => t.dispose());
    throw error;
  }
}

function applyModelModifier(model: ExplainableModel | ModelAdapter, modifier: (m: tf.LayersModel) => tf.LayersModel): ExplainableModel {
  const base = adaptModel(model).model;
  if (!(base instanceof tf.LayersModel)) {
    throw new SaliencyError('UNSUPPORTED_MODEL', 'backpropModifier: a function modifier needs a tf.LayersModel', 'backpropModifier');
  }
  const modified = modifier(base);
  if (!(modified instanceof tf.LayersModel)) {
    throw new SaliencyError('INVALID_ARGUMENT', 'backpropModifier: the function must return a tf.LayersModel', 'backpropModifier');
  }
  return modified;
}

/** Tensors a method computed, to be turned into an {@link Attribution}. */
export interface ComputedMaps {
  readonly maps: tf.Tensor[];
  readonly scores: tf.Tensor1D;
  readonly units?: tf.Tensor1D;
}

/** Fields of the metadata the method itself decides. */
export type MethodMeta = Pick<AttributionMeta, 'method' | 'wrt' | 'gradModifier'> & Partial<Pick<AttributionMeta, 'extra'>>;

/**
 * Downloads and disposes `computed`, checks for all-zero gradients (a model with no differentiable
 * path is an error, a zero map at one input a warning) and builds the result.
 */
export async function finishAttribution(
  context: ExplainContext,
  computed: ComputedMaps,
  method: MethodMeta,
  options: { readonly checkGradientPath?: boolean } = {},
): Promise<Attribution> {
  const [maps, scores, units] = await Promise.all([
    downloadAll(computed.maps),
    downloadNumbers(computed.scores),
    downloadNumbers(computed.units),
  ]);
  const zeroSamples = zeroSampleIndices(maps);
  const warnings: string[] = [...context.objective.warnings];
  if (zeroSamples.length === context.input.batchSize && options.checkGradientPath && context.backprop === null) {
    const blockers = tf.tidy(() => gradientBlockers(context.adapter, context.input.tensors, context.objective));
    if (blockers) {
      throw new SaliencyError(
        'NO_GRADIENT',
        blockers[0] === '(disconnected)'
          ? 'the target does not depend on the input through any differentiable path'
          : `the gradient is zero everywhere because the path from the input to the target goes through ` +
            `non-differentiable ops (${blockers.join(', ')}); explain a layer before them or use a perturbation method`,
      );
    }
  }
  warnings.push(...unchangedRuleWarnings(context.backprop ?? (context.ruleUse.passes ? 'guided' : null), context.ruleUse));
  warnings.push(...zeroMapWarnings(maps));
  const batchNote = modelBatchExtra(context.adapter);
  const extra = method.extra !== undefined || 'modelBatchSize' in batchNote ? { extra: { ...method.extra, ...batchNote } } : {};
  const meta: AttributionMeta = {
    ...context.meta,
    ...method,
    ...extra,
    engine: engineMeta(context.engine),
    scores: scores ?? [],
    ...(units ? { units: units.map((u) => Math.round(u)) } : {}),
    warnings,
  };
  return { maps, map: maps[0] as NdArray, meta };
}

/**
 * meta.extra's note for a model whose inputs fix the batch size ({@link ModelAdapter.fixedBatchSize}):
 * `modelBatchSize` and `modelBatchNote`; empty for a free batch.
 */
export function modelBatchExtra(adapter: ModelAdapter): { modelBatchSize?: number; modelBatchNote?: string } {
  const fixed = adapter.fixedBatchSize();
  if (fixed === undefined) return {};
  return {
    modelBatchSize: fixed,
    modelBatchNote:
      `the model takes exactly ${fixed} row(s) per call (input shape ${JSON.stringify(adapter.inputShapes()[0])}): ` +
      `every internal batch (samples, steps, perturbations per evaluation, masks) ran ${fixed} row(s) per model call`,
  };
}

/** Indices of the samples whose maps (over every input) are zero everywhere. */
export function zeroSampleIndices(maps: readonly NdArray[]): number[] {
  const batch = maps[0]?.shape[0] ?? 0;
  const zero: number[] = [];
  for (let i = 0; i < batch; i++) {
    const allZero = maps.every((m) => {
      const size = sizeOf(m.shape.slice(1));
      return m.data.subarray(i * size, (i + 1) * size).every((v) => v === 0);
    });
    if (allZero) zero.push(i);
  }
  return zero;
}

/** How the warning for zero maps starts. */
export const ZERO_MAP_WARNING = 'the map is zero everywhere';

/** The warning for samples whose maps are zero everywhere (none when there are none). */
export function zeroMapWarnings(maps: readonly NdArray[]): string[] {
  const zero = zeroSampleIndices(maps);
  return zero.length ? [`${ZERO_MAP_WARNING} for sample(s) ${zero.join(', ')}`] : [];
}
