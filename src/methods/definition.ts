/** The shape of a registered method: what the registry, the CLI, the explorer and the contract suite use. */
import type { ModelInput } from '../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../core/model.ts';
import type { Attribution } from '../core/result.ts';
import { parseOptions, type OptionSpec } from './options.ts';

/** Families of methods, for grouping in menus. */
export type MethodFamily = 'gradient' | 'cam' | 'perturbation';

/** A method as the registry lists it. */
export interface MethodDefinition {
  /** Registry key, kebab-case: 'saliency', 'integrated-gradients', 'grad-cam' ... */
  readonly name: string;
  /** Display name, e.g. 'Integrated Gradients'. */
  readonly title: string;
  readonly family: MethodFamily;
  /** One sentence on what the map shows. */
  readonly summary: string;
  /** Method-specific options (target, softmax and backpropModifier are common to all and not listed). */
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
  /** Runs the method; `options` are checked against {@link options} (plus the common ones). */
  run(model: ExplainableModel | ModelAdapter, input: ModelInput, options?: Readonly<Record<string, unknown>>): Promise<Attribution>;
}

/** Options common to every method, as the registry passes them through. */
export const COMMON_OPTIONS = ['target', 'softmax', 'backpropModifier', 'onProgress', 'signal'] as const;

/**
 * Builds a {@link MethodDefinition} from its description and its typed function: `run` checks the
 * method-specific options with {@link parseOptions} and passes the common ones through.
 * `takesBackpropModifier` defaults to true.
 */
export function defineMethod<O extends object>(
  description: Omit<MethodDefinition, 'run' | 'takesBackpropModifier'> & { readonly takesBackpropModifier?: boolean },
  fn: (model: ExplainableModel | ModelAdapter, input: ModelInput, options: O) => Promise<Attribution>,
): MethodDefinition {
  return {
    ...description,
    takesBackpropModifier: description.takesBackpropModifier ?? true,
    run: (model, input, raw = {}) => {
      const common: Record<string, unknown> = {};
      const specific: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw)) {
        ((COMMON_OPTIONS as readonly string[]).includes(key) ? common : specific)[key] = value;
      }
      return fn(model, input, { ...common, ...parseOptions(description.options, specific, description.name) } as O);
    },
  };
}
