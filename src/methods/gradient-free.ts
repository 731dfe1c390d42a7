/**
 * Methods that take no gradients (the perturbation methods and Score-CAM) refuse a backprop modifier:
 * it changes only how gradients flow back through the ReLUs, so it would have nothing to act on, and
 * silently ignoring it would report a rule that was never applied.
 */
import { SaliencyError } from '../core/errors.ts';
import type { ExplainOptions } from '../core/explain.ts';

/**
 * The registered methods that take a `backpropModifier` (the registry marks them with
 * `takesBackpropModifier`). Guided Backprop, Deconvnet and Guided Grad-CAM fix their own rule.
 */
export const BACKPROP_MODIFIER_METHODS = [
  'saliency',
  'input-x-gradient',
  'integrated-gradients',
  'gradient-shap',
  'blur-ig',
  'smoothgrad',
  'smoothgrad-sq',
  'vargrad',
  'grad-cam',
  'grad-cam-plus-plus',
  'layer-cam',
  'xrai',
  'hires-cam',
  'xgrad-cam',
  'guided-ig',
] as const;

/** Throws an INVALID_ARGUMENT error naming `backpropModifier` unless it is unset (undefined or null). */
export function refuseBackpropModifier(options: Pick<ExplainOptions, 'backpropModifier'>, method: string): void {
  const modifier = options.backpropModifier;
  if (modifier === undefined || modifier === null) return;
  const given = typeof modifier === 'function' ? 'a function' : `'${String(modifier)}'`;
  throw new SaliencyError(
    'INVALID_ARGUMENT',
    `backpropModifier: ${method} uses no gradients, so a backprop modifier (got ${given}) has nothing to act on; ` +
      `leave it unset. Methods that take one: ${BACKPROP_MODIFIER_METHODS.join(', ')}`,
    'backpropModifier',
  );
}
