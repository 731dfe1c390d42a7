/**
 * Everything a metric's computation needs for one call: the input as plain arrays, the maps (given
 * or computed once by the explainer), a scorer for derived rows (opened on first use), explanations
 * of derived rows on any model with the target pinned to each sample's unit, progress and
 * cancellation. {@link openMetricContext} builds it; `close` releases it.
 */
import { SaliencyError } from '../core/errors.ts';
import type { ModelInput } from '../core/input.ts';
import type { NdArray } from '../core/ndarray.ts';
import type { SoftmaxMode } from '../core/objective.ts';
import { reportProgress, type LongRunningOptions } from '../core/progress.ts';
import type { Attribution } from '../core/result.ts';
import { perSampleTarget } from '../core/target.ts';
import type { InputData } from '../methods/perturbation/evaluate.ts';
import { getMethod } from '../methods/registry.ts';
import { pixelLayout, pixelRelevance, type PixelLayout } from './layout.ts';
import { checkExplainer, describeTarget, initialUnits, mapOf } from './given.ts';
import { inputsOf, rowInputs } from './inputs.ts';
import { openScorer, type MetricTarget, type RowScorer } from './scoring.ts';
import { explainerName, isAttribution, isExplainerSource, type AttributionSource, type ExplainerSpec, type MetricModel } from './sources.ts';

/** What a metric's computation is handed. */
export interface MetricContext {
  readonly metric: string;
  /** The model (null for metrics that read the maps only). */
  readonly model: MetricModel | null;
  /** The input samples, plain arrays, batch first. */
  readonly inputs: InputData;
  /** The pixel grid of one sample of the first input. */
  readonly layout: PixelLayout;
  readonly softmax: SoftmaxMode;
  readonly signal: AbortSignal | undefined;
  /** The map of the first input, batch first (given, or computed once by the explainer). */
  maps(): Promise<NdArray>;
  /** Per sample, the relevance of each pixel (layout.ts). */
  pixelMaps(): Promise<Float32Array[]>;
  /** The scorer of derived rows on the context's model (opened once). */
  scorer(): Promise<RowScorer>;
  /** The unit each sample explains, when the target picks one per sample. */
  units(): Promise<readonly number[] | undefined>;
  /**
   * Maps of the first input for `rows` (rows x sample size of input 0) on `model`, row j derived
   * from sample `sampleOfRow[j]` and explained for that sample's unit (or `units[j]` when given).
   */
  explain(model: MetricModel, rows: Float32Array, sampleOfRow: readonly number[], units?: readonly number[]): Promise<NdArray>;
  /** Reports progress and honours the signal. */
  progress(done: number, total: number): Promise<void>;
  /** Counts `rows` model evaluations (forward rows or explained rows) for the metadata. */
  count(rows: number): void;
}

/** The context plus what the runner reads back after the computation. */
export interface OpenMetricContext extends MetricContext {
  /** The method that made the maps, when known. */
  methodName(): string | null;
  /** The target description for the metadata. */
  targetDescription(): string;
  /** Rows evaluated so far. */
  evaluations(): number;
  warnings(): readonly string[];
  close(): Promise<void>;
}

/** What {@link openMetricContext} takes. */
export interface MetricContextSettings extends LongRunningOptions {
  readonly metric: string;
  readonly target: MetricTarget | undefined;
  readonly softmax: SoftmaxMode | undefined;
}

/** Opens the context of one metric call. */
export function openMetricContext(model: MetricModel | null, inputs: InputData, source: AttributionSource, settings: MetricContextSettings): OpenMetricContext {
  const layout = pixelLayout(inputs.shapes[0] as number[]);
  const given = isAttribution(source) ? source : undefined;
  const spec = isExplainerSource(source) ? checkExplainer(source.explainer) : undefined;
  const softmax = settings.softmax ?? given?.meta.softmax.mode ?? 'remove';
  let knownUnits = initialUnits(settings.target, given, inputs.batchSize);
  let mapsPromise: Promise<NdArray> | undefined;
  let scorerPromise: Promise<RowScorer> | undefined;
  let explained: Attribution | undefined;
  let evaluated = 0;
  const warnings: string[] = [];
  const requireModel = (): MetricModel => {
    if (model === null) throw new SaliencyError('INVALID_ARGUMENT', `model: '${settings.metric}' runs the model; got null`, 'model');
    return model;
  };
  // A class index or Target given by the user is scored as given; per-sample units pin rows otherwise.
  const fixedTarget = settings.target !== undefined && !Array.isArray(settings.target);
  const target = (units: readonly number[] | undefined): MetricTarget | undefined => (fixedTarget ? settings.target : units ?? settings.target);
  const explainWith = async (on: MetricModel, input: ModelInput, explainTarget: MetricTarget | undefined): Promise<Attribution> => {
    const method = (spec as ExplainerSpec).method;
    const options = { ...(spec as ExplainerSpec).options, ...(explainTarget !== undefined ? { target: Array.isArray(explainTarget) ? perSampleTarget(explainTarget) : explainTarget } : {}) };
    return typeof method === 'string' ? getMethod(method).run(on as Parameters<ReturnType<typeof getMethod>['run']>[0], input, options) : method(on, input, options);
  };
  const maps = (): Promise<NdArray> => {
    mapsPromise ??= (async () => {
      if (given) return mapOf(given.maps);
      if (!spec) return mapOf(source as NdArray | readonly NdArray[]);
      explained = await explainWith(requireModel(), inputsOf(inputs), target(knownUnits));
      knownUnits ??= explained.meta.units ? [...explained.meta.units] : undefined;
      evaluated += inputs.batchSize;
      warnings.push(...explained.meta.warnings);
      return explained.map;
    })();
    return mapsPromise;
  };
  const scorer = (): Promise<RowScorer> => {
    scorerPromise ??= (async () => {
      if (spec && knownUnits === undefined && settings.target === undefined) await maps();
      const opened = await openScorer(requireModel(), inputs, target(knownUnits), softmax, settings.signal);
      knownUnits ??= opened.units ? [...opened.units] : undefined;
      warnings.push(...opened.warnings);
      return opened;
    })();
    return scorerPromise;
  };
  return {
    metric: settings.metric,
    model,
    inputs,
    layout,
    softmax,
    signal: settings.signal,
    maps,
    pixelMaps: async () => pixelRelevance(await maps(), layout, inputs.batchSize),
    scorer,
    units: async () => {
      if (knownUnits === undefined && spec) await maps();
      if (knownUnits === undefined && settings.target === undefined) await scorer();
      return knownUnits;
    },
    explain: async (on, rows, sampleOfRow, units) => {
      const pinned = knownUnits && !fixedTarget ? sampleOfRow.map((s) => knownUnits?.[s] as number) : undefined;
      const result = await explainWith(on, rowInputs(inputs, rows, sampleOfRow), units ?? pinned ?? settings.target);
      return result.map;
    },
    progress: (done, total) => reportProgress(settings, done, total),
    count: (rows) => void (evaluated += rows),
    methodName: () => given?.meta.method ?? (spec ? explainerName(spec) : null),
    targetDescription: () => describeTarget(settings.target, given, explained),
    evaluations: () => evaluated,
    warnings: () => warnings,
    close: async () => {
      const opened = await scorerPromise?.catch(() => undefined);
      opened?.dispose();
    },
  };
}
