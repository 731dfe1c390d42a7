/**
 * The shape of a registered metric and of what every metric returns: the registry, the CLI, the
 * gallery's saliency cards and the explorer read these. A metric is declared once (description,
 * option schema, compute function) with {@link defineMetric}; `run` checks options as the methods do.
 */
import type { ModelInput } from '../core/input.ts';
import type { OptionSpec } from '../methods/options.ts';
import { optionSpecs, optionsFromText, resolveOptions, schemaDefaults, type OptionSchema, type SchemaDefaults } from '../methods/schema.ts';
import type { MetricResult } from './result.ts';
import { runMetric, withoutCommon, type MetricCompute } from './run.ts';
import type { AttributionSource, MetricModel } from './sources.ts';

export type { MetricCommonOptions, MetricCurve, LayerSimilarity, MetricMeta, MetricOutput, MetricResult } from './result.ts';
export type { MetricCompute } from './run.ts';

/** Families of metrics (Quantus's grouping). */
export type MetricFamily = 'faithfulness' | 'randomisation' | 'localisation' | 'robustness' | 'complexity' | 'axiomatic';

/** A metric as the registry lists it; `S` is its option schema. */
export interface MetricDefinition<S extends OptionSchema = OptionSchema> {
  /** Registry key, kebab-case: 'deletion', 'sparseness', 'model-parameter-randomisation' ... */
  readonly name: string;
  /** Display name, e.g. 'Deletion AUC'. */
  readonly title: string;
  readonly family: MetricFamily;
  /** One sentence on what the score measures. */
  readonly summary: string;
  /** The paper the definition follows. */
  readonly reference: string;
  /** True when a higher score means a better map. */
  readonly higherIsBetter: boolean;
  /** True when the metric runs the model (false: it reads the maps only). */
  readonly needsModel: boolean;
  /** True when the metric recomputes maps and so needs `{ explainer }` instead of maps. */
  readonly needsExplainer: boolean;
  /** True when the metric needs the `region` option (a ground-truth mask per sample). */
  readonly needsRegion: boolean;
  /** True when the metric draws random numbers (then it takes a `seed` and is reproducible for a seed). */
  readonly randomized: boolean;
  /** What the result carries besides scores. */
  readonly produces: 'scores' | 'curves' | 'layers';
  readonly schema: S;
  /** The defaults of {@link schema}, one frozen object. */
  readonly defaults: SchemaDefaults<S>;
  /** The options with a text form: what the CLI and the explorer show. */
  readonly options: readonly OptionSpec[];
  /** Converts text values of declared options and checks them; returns the converted options (no defaults added). */
  parse(raw: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Evaluates maps of `input` on `model` (see {@link evaluate}). */
  run(model: MetricModel | null, input: ModelInput, attribution: AttributionSource, options?: Readonly<Record<string, unknown>>): Promise<MetricResult>;
}

/**
 * What a registry entry says about its metric besides its schema. Defaults: needsModel true,
 * needsExplainer false, needsRegion false, randomized false, produces 'scores'.
 */
export type MetricDescription = Pick<MetricDefinition, 'name' | 'title' | 'family' | 'summary' | 'reference' | 'higherIsBetter'> &
  Partial<Pick<MetricDefinition, 'needsModel' | 'needsExplainer' | 'needsRegion' | 'randomized' | 'produces'>>;

/** Builds a {@link MetricDefinition} from its description, schema and compute function (run by run.ts). */
export function defineMetric<S extends OptionSchema>(description: MetricDescription, schema: S, compute: MetricCompute<S>): MetricDefinition<S> {
  const parse = (raw: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const converted = optionsFromText(schema, raw);
    resolveOptions(schema, withoutCommon(converted), description.name);
    return converted;
  };
  const definition: MetricDefinition<S> = Object.freeze({
    needsModel: true,
    needsExplainer: false,
    needsRegion: false,
    randomized: false,
    produces: 'scores' as const,
    ...description,
    schema,
    defaults: schemaDefaults(schema),
    options: optionSpecs(schema),
    parse,
    run: (model: MetricModel | null, input: ModelInput, attribution: AttributionSource, raw: Readonly<Record<string, unknown>> = {}) =>
      runMetric(definition, compute, model, input, attribution, parse(raw)),
  });
  return definition;
}
