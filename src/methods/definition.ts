/** The shape of a registered method: what the registry, the CLI, the explorer and the contract suite use. */
import type { ModelInput } from '../core/input.ts';
import { SaliencyError } from '../core/errors.ts';
import { isFunctionModel, type AnyModel } from '../core/function-model.ts';
import type { ExplainableModel, ModelAdapter } from '../core/model.ts';
import type { Attribution } from '../core/result.ts';
import type { OptionSpec } from './options.ts';
import { COMMON_OPTIONS, optionSpecs, optionsFromText, resolveOptions, schemaDefaults, type OptionSchema, type SchemaDefaults } from './schema.ts';

/** Families of methods, for grouping in menus. */
export type MethodFamily = 'gradient' | 'cam' | 'perturbation' | 'relevance';

/** A method as the registry lists it; `S` is its option schema. */
export interface MethodDefinition<S extends OptionSchema = OptionSchema> {
  /** Registry key, kebab-case: 'saliency', 'integrated-gradients', 'grad-cam' ... */
  readonly name: string;
  /** Display name, e.g. 'Integrated Gradients'. */
  readonly title: string;
  readonly family: MethodFamily;
  /** One sentence on what the map shows. */
  readonly summary: string;
  /** The method-specific options, declared once (target, softmax and backpropModifier are common to all and not listed). */
  readonly schema: S;
  /** The defaults of {@link schema}, one frozen object, e.g. `getMethod('integrated-gradients').defaults.steps` (50). */
  readonly defaults: SchemaDefaults<S>;
  /** The options of {@link schema} that have a text form: what the CLI and the explorer show. */
  readonly options: readonly OptionSpec[];
  /** 'input': maps have the input's shape; 'spatial': the input's shape without its channel axis. */
  readonly mapShape: 'input' | 'spatial';
  /** True when the method draws random numbers (then it takes a `seed` option and is deterministic for a seed). */
  readonly randomized: boolean;
  /** True when the method needs a layers model with a spatial (conv) layer. */
  readonly needsSpatialLayer: boolean;
  /**
   * True when the caller may choose a `backpropModifier`. False for methods that take no gradients
   * (perturbation, Score-CAM) and for those that fix their own rule (guided-backprop, deconvnet,
   * guided-grad-cam): they refuse one, and the CLI and the explorer do not offer it.
   */
  readonly takesBackpropModifier: boolean;
  /**
   * True when {@link run} also takes a {@link FunctionModel} (an async scoring function): the
   * perturbation and black-box methods. The others need a TF.js model and refuse one.
   */
  readonly takesFunctionModel: boolean;
  /**
   * An estimate of the model evaluations (rows run through the model: forward, or forward and
   * backward, passes) that {@link run} makes per input sample with `options` (as `run` takes them:
   * text or values), for samples of `sampleShapes` (one per model input, batch axis left out).
   * Undefined when it depends on the model (Score-CAM: the layer's channels) or on a given mask.
   * The CLI prints it before a long run; the explorer can show it beside a method.
   */
  estimateEvaluations(sampleShapes: readonly (readonly number[])[], options?: Readonly<Record<string, unknown>>): number | undefined;
  /**
   * Converts text values of declared options ('50' -> 50, 'true' -> true) and checks them as the
   * method function does, so a command line fails before any work. Returns the converted options
   * (same keys, no defaults added); {@link run} does this first.
   */
  parse(raw: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /**
   * Runs the method on options as {@link parse} takes them (text or values, plus the common ones).
   * A function model is refused unless {@link takesFunctionModel}.
   */
  run(model: AnyModel, input: ModelInput, options?: Readonly<Record<string, unknown>>): Promise<Attribution>;
}

/**
 * Model evaluations per sample for samples of `sampleShapes` and `options` (checked, converted from
 * text, defaults not yet applied); undefined when unknown without the model.
 */
export type EvaluationEstimator = (sampleShapes: readonly (readonly number[])[], options: Readonly<Record<string, unknown>>) => number | undefined;

/** What a registry entry says about its method besides its schema. */
export type MethodDescription = Pick<MethodDefinition, 'name' | 'title' | 'family' | 'summary' | 'mapShape' | 'randomized' | 'needsSpatialLayer'> &
  Partial<Pick<MethodDefinition, 'takesBackpropModifier' | 'takesFunctionModel'>> & {
    /** The method's {@link MethodDefinition.estimateEvaluations}. Default: one evaluation per sample (one gradient). */
    readonly evaluations?: EvaluationEstimator;
  };

/** How {@link defineMethod} treats options its schema does not declare. */
export interface DefineMethodSettings {
  /** Pass them through unchecked (to a wrapped method, which checks them). Default false: refused. */
  readonly passOthers?: boolean;
}

/**
 * Builds a {@link MethodDefinition} from its description, its schema and its typed function: `run`
 * converts text values, checks them like the function does, and calls the function.
 * `takesBackpropModifier` defaults to true, `takesFunctionModel` to false (then `fn` never sees one).
 */
export function defineMethod<S extends OptionSchema, O extends object, M extends AnyModel = ExplainableModel | ModelAdapter>(
  description: MethodDescription,
  schema: S,
  fn: (model: M, input: ModelInput, options: O) => Promise<Attribution>,
  settings: DefineMethodSettings = {},
): MethodDefinition<S> {
  const parse = (raw: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const converted = optionsFromText(schema, raw);
    const checked = settings.passOthers ? declaredOrCommon(schema, converted) : converted;
    resolveOptions(schema, checked, description.name);
    return converted;
  };
  const { evaluations = () => 1, ...described } = description;
  return Object.freeze({
    ...described,
    takesBackpropModifier: description.takesBackpropModifier ?? true,
    takesFunctionModel: description.takesFunctionModel ?? false,
    estimateEvaluations: (sampleShapes: readonly (readonly number[])[], raw: Readonly<Record<string, unknown>> = {}) => evaluations(sampleShapes, parse(raw)),
    schema,
    defaults: schemaDefaults(schema),
    options: optionSpecs(schema),
    parse,
    run: async (model: AnyModel, input: ModelInput, raw: Readonly<Record<string, unknown>> = {}) => {
      if (isFunctionModel(model) && !description.takesFunctionModel) {
        throw new SaliencyError(
          'UNSUPPORTED_MODEL',
          `model: ${description.name} needs a TF.js model (gradients or layers); ${model.name} is a function model, which the perturbation and black-box methods explain`,
          'model',
        );
      }
      return fn(model as M, input, parse(raw) as O);
    },
  });
}

function declaredOrCommon(schema: OptionSchema, options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([name]) => Object.hasOwn(schema, name) || (COMMON_OPTIONS as readonly string[]).includes(name)));
}
