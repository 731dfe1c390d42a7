/**
 * Forward scores of rows derived from the input samples (perturbed, imputed, blurred copies), for a
 * TF.js model or a function model alike. Each row is scored for the unit its original sample
 * explains (core/pinned.ts), so "the predicted class" stays the class predicted for the original.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from '../core/errors.ts';
import { openContext, type ExplainContext } from '../core/explain.ts';
import { isFunctionModel, predictRows, type FunctionModel } from '../core/function-model.ts';
import type { SoftmaxMode } from '../core/objective.ts';
import { scoreRows, scoreSamples } from '../core/pinned.ts';
import { downloadNumbers } from '../core/result.ts';
import { perSampleTarget, toTarget, type Target, type TargetSpec } from '../core/target.ts';
import type { InputData } from '../methods/perturbation/evaluate.ts';
import type { MetricModel } from './sources.ts';

/** What a metric's scores read: a class for all samples, per-sample classes, or a Target (TF.js models only). */
export type MetricTarget = TargetSpec | readonly number[];

/** Scores rows of the explained (first) input; the other inputs are copied from each row's sample. */
export interface RowScorer {
  /** The target score of each original sample. */
  readonly original: Float32Array;
  /** The unit each sample's score reads, for targets that pick one per sample. */
  readonly units: readonly number[] | undefined;
  /** Description of the target, for the metadata. */
  readonly target: string;
  /** Caveats about the scores (e.g. a softmax that could not be removed). */
  readonly warnings: readonly string[];
  /** Scores `rows` (rows x sample size of input 0) where row j derives from sample `sampleOfRow[j]`. */
  score(rows: Float32Array, sampleOfRow: readonly number[]): Promise<Float32Array>;
  /** Releases what the scorer holds. */
  dispose(): void;
}

/** Opens a scorer for `model` on `inputs`. */
export async function openScorer(model: MetricModel, inputs: InputData, target: MetricTarget | undefined, softmax: SoftmaxMode, signal?: AbortSignal): Promise<RowScorer> {
  return isFunctionModel(model) ? functionScorer(model, inputs, target, softmax, signal) : layersScorer(model, inputs, toMetricTarget(target), softmax);
}

/** A {@link MetricTarget} as a Target (a list means per-sample classes). */
export function toMetricTarget(target: MetricTarget | undefined): Target {
  return Array.isArray(target) ? perSampleTarget(target as readonly number[]) : toTarget(target as TargetSpec | undefined);
}

async function layersScorer(model: Exclude<MetricModel, FunctionModel>, inputs: InputData, target: Target, softmax: SoftmaxMode): Promise<RowScorer> {
  const tensors = inputs.values.map((values, i) => tf.tensor(values, [inputs.batchSize, ...(inputs.shapes[i] as number[])], 'float32'));
  let context: ExplainContext;
  try {
    context = openContext(model, tensors, { target, softmax, allowNonFinite: true });
  } catch (error) {
    tensors.forEach((t) => t.dispose());
    throw error;
  }
  const dispose = (): void => {
    context.dispose();
    tensors.forEach((t) => t.dispose());
  };
  try {
    const { scores, units } = await scoreSamples(context);
    const score = async (rows: Float32Array, sampleOfRow: readonly number[]): Promise<Float32Array> => {
      const result = tf.tidy(() => {
        const first = tf.tensor(rows, [sampleOfRow.length, ...(inputs.shapes[0] as number[])], 'float32');
        const others = context.input.tensors.slice(1).map((t) => tf.gather(t, tf.tensor1d(sampleOfRow as number[], 'int32')));
        return scoreRows(context, [first, ...others], sampleOfRow, units);
      });
      return Float32Array.from((await downloadNumbers(result)) ?? []);
    };
    return { original: Float32Array.from(scores), units, target: context.meta.target, warnings: context.objective.warnings, score, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

async function functionScorer(model: FunctionModel, inputs: InputData, target: MetricTarget | undefined, softmax: SoftmaxMode, signal?: AbortSignal): Promise<RowScorer> {
  const sizes = inputs.shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
  const rowsOf = (first: Float32Array, sampleOfRow: readonly number[]): Float32Array[] => [
    first,
    ...inputs.values.slice(1).map((values, i) => {
      const size = sizes[i + 1] as number;
      const out = new Float32Array(sampleOfRow.length * size);
      sampleOfRow.forEach((s, r) => out.set(values.subarray(s * size, (s + 1) * size), r * size));
      return out;
    }),
  ];
  const all = Array.from({ length: inputs.batchSize }, (_, i) => i);
  const outputs = await predictRows(model, rowsOf(inputs.values[0] as Float32Array, all), inputs.batchSize, signal);
  const { units, description } = functionUnits(model, outputs, inputs.batchSize, target);
  const warnings = softmax === 'remove' && model.outputsProbabilities ? [`${model.name} outputs probabilities: its softmax cannot be removed, so the scores are probabilities`] : [];
  const pick = (scores: Float32Array, sampleOfRow: readonly number[]): Float32Array =>
    Float32Array.from(sampleOfRow, (s, r) => scores[r * model.outputSize + (units[s] as number)] as number);
  return {
    original: pick(outputs, all),
    units,
    target: description,
    score: async (rows, sampleOfRow) => pick(await predictRows(model, rowsOf(rows, sampleOfRow), sampleOfRow.length, signal), sampleOfRow),
    warnings,
    dispose: () => undefined,
  };
}

function functionUnits(model: FunctionModel, outputs: Float32Array, batch: number, target: MetricTarget | undefined): { units: number[]; description: string } {
  const inRange = (u: number, name: string): number => {
    check(Number.isInteger(u) && u >= 0 && u < model.outputSize, name, `got ${u}; expected a class index from 0 to ${model.outputSize - 1} (the model's outputSize)`);
    return u;
  };
  if (typeof target === 'number') return { units: new Array<number>(batch).fill(inRange(target, 'target')), description: `class ${target}` };
  if (Array.isArray(target)) {
    check(target.length === batch, 'target', `got ${target.length} classes for ${batch} samples; give one per sample`);
    return { units: target.map((u, i) => inRange(u as number, `target[${i}]`)), description: `per-sample classes [${target.join(', ')}]` };
  }
  if (target !== undefined) {
    throw new SaliencyError('INVALID_ARGUMENT', `target: a function model takes a class index or one per sample; Target objects need a TF.js model`, 'target');
  }
  const units = Array.from({ length: batch }, (_, s) => {
    const row = outputs.subarray(s * model.outputSize, (s + 1) * model.outputSize);
    return row.reduce((best, v, i) => (v > (row[best] as number) ? i : best), 0);
  });
  return { units, description: 'predicted class' };
}

/** The number of classes (units of the first output) of `model`. */
export function classCount(model: MetricModel): number {
  if (isFunctionModel(model)) return model.outputSize;
  const shape = (model instanceof tf.LayersModel || model instanceof tf.GraphModel ? model.outputs[0]?.shape : model.outputShapes()[0]) ?? [];
  const last = shape[shape.length - 1];
  check(typeof last === 'number' && last > 1, 'model', `expected a classifier with a class axis; its first output has shape [${shape.join(', ')}]`);
  return last;
}
