/** Building a method call from command-line options (shared by `explain` and `batch`). */
import { classTarget, filterTarget, predictedTarget, type Target } from '../core/target.ts';
import { neuronTarget } from '../core/neuron-target.ts';
import type { SoftmaxMode } from '../core/objective.ts';
import type { EngineChoice } from '../core/engine.ts';
import type { GradModifierName } from '../core/modifiers.ts';
import type { MethodDefinition } from '../methods/definition.ts';
import { METHODS } from '../methods/registry.ts';
import { chooseMethod } from './method-choice.ts';
import { UsageError } from './errors.ts';

/** The method-related command-line options. */
export interface MethodArgs {
  readonly method: string;
  readonly layer?: string;
  readonly filter?: number;
  /** Explain this neuron of --layer: its position in the layer output, batch axis left out (neuron attribution). */
  readonly neuron?: readonly number[];
  readonly gradModifier?: GradModifierName;
  readonly backprop?: 'guided' | 'rectified';
  readonly softmax?: SoftmaxMode;
  readonly option?: Readonly<Record<string, string>>;
  /** `--engine`: which engine computes the gradients (default auto). */
  readonly engine?: EngineChoice;
}

/** A method with its options, ready to run for a given class. */
export interface MethodCall {
  readonly definition: MethodDefinition;
  /** Short name for file names and captions, e.g. 'guided' or 'grad-cam'. */
  readonly label: string;
  /** True when the target is a conv filter or a neuron of --layer (then there is no class to choose). */
  readonly filterMode: boolean;
  /**
   * Options for `definition.run`, given the class to explain (default: the predicted class) and, for
   * models with several outputs, the output to read.
   */
  options(target: number | undefined, output?: number): Record<string, unknown>;
}

/**
 * Validates the method options once, at the boundary (before any model is loaded): `--option`
 * values are converted by the method's schema ('50' -> 50) and checked as the method function
 * checks them. Returns the call.
 */
export function methodCall(args: MethodArgs): MethodCall {
  const { definition, backpropModifier, label } = chooseMethod(args.method);
  const accepts = new Set(definition.options.map((o) => o.name));
  if (args.filter !== undefined && args.layer === undefined) {
    throw new UsageError('--filter: needs --layer (the conv layer whose filter is explained)');
  }
  if (args.gradModifier !== undefined && !accepts.has('gradModifier')) {
    throw new UsageError(`--grad-modifier: the method '${definition.name}' has no grad modifier`);
  }
  if (args.neuron !== undefined && (args.layer === undefined || args.filter !== undefined)) {
    throw new UsageError('--neuron: needs --layer (the layer whose neuron is explained) and no --filter');
  }
  const filterMode = args.filter !== undefined || args.neuron !== undefined;
  if (args.layer !== undefined && !filterMode && !accepts.has('layer')) {
    throw new UsageError(`--layer: the method '${definition.name}' takes no layer; give --filter F to explain filter F of that layer`);
  }
  const backprop = args.backprop ?? backpropModifier;
  if (backprop !== undefined && !definition.takesBackpropModifier) {
    const takers = METHODS.filter((m) => m.takesBackpropModifier).map((m) => m.name);
    throw new UsageError(`--backprop: the method '${definition.name}' takes no backprop modifier; methods that do: ${takers.join(', ')}`);
  }
  const fixed: Record<string, unknown> = {
    ...(args.option ?? {}),
    ...(args.gradModifier !== undefined ? { gradModifier: args.gradModifier } : {}),
    ...(args.layer !== undefined && !filterMode ? { layer: args.layer } : {}),
    ...(backprop !== undefined ? { backpropModifier: backprop } : {}),
    ...(args.softmax !== undefined ? { softmax: args.softmax } : {}),
    ...(args.engine !== undefined ? { engine: args.engine } : {}),
  };
  const parsed = definition.parse(fixed);
  const unit = args.neuron !== undefined ? neuronTarget(layerRef(args.layer as string), args.neuron) : undefined;
  const filter: Target | undefined = unit ?? (filterMode ? filterTarget(layerRef(args.layer as string), args.filter as number) : undefined);
  return {
    definition,
    label: args.neuron !== undefined ? `${label}.neuron-${args.neuron.join('-')}` : filterMode ? `${label}.filter-${args.filter}` : label,
    filterMode,
    options: (target, output) => ({ ...parsed, ...targetOption(filter, target, output) }),
  };
}

function targetOption(filter: Target | undefined, target: number | undefined, output: number | undefined): { target?: Target | number } {
  if (filter) return { target: filter };
  if (output !== undefined) return { target: target !== undefined ? classTarget(target, { output }) : predictedTarget({ output }) };
  return target !== undefined ? { target } : {};
}

function layerRef(layer: string): string | number {
  return /^-?\d+$/.test(layer) ? Number(layer) : layer;
}
