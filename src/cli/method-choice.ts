/**
 * `--method` values: every registered method, plus keras-vis's names for the saliency variants
 * (vanilla, guided, rectified), which are plain saliency with a backprop modifier.
 */
import { METHODS, getMethod } from '../methods/registry.ts';
import type { MethodDefinition } from '../methods/definition.ts';
import { UsageError } from './errors.ts';

const KERAS_VIS_NAMES: Readonly<Record<string, { method: string; backpropModifier?: 'guided' | 'rectified' }>> = {
  vanilla: { method: 'saliency' },
  guided: { method: 'saliency', backpropModifier: 'guided' },
  rectified: { method: 'saliency', backpropModifier: 'rectified' },
};

/** Every name `--method` accepts. */
export function methodNames(): string[] {
  return [...Object.keys(KERAS_VIS_NAMES), ...METHODS.map((m) => m.name)];
}

/** The method a `--method` value names, with the backprop modifier a keras-vis name implies. */
export function chooseMethod(name: string): { definition: MethodDefinition; backpropModifier?: 'guided' | 'rectified'; label: string } {
  const alias = Object.hasOwn(KERAS_VIS_NAMES, name) ? KERAS_VIS_NAMES[name] : undefined;
  if (alias) return { definition: getMethod(alias.method), ...(alias.backpropModifier ? { backpropModifier: alias.backpropModifier } : {}), label: name };
  if (!METHODS.some((m) => m.name === name)) {
    throw new UsageError(`--method: '${name}' is not a method; choose one of ${methodNames().join(', ')}`);
  }
  return { definition: getMethod(name), label: name };
}
