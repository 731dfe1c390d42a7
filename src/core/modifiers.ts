/**
 * Gradient modifiers (applied to a computed gradient) and backprop modifiers (which change how
 * gradients flow back through rectifiers while one computation runs), as in keras-vis.
 */
import * as tf from '@tensorflow/tfjs';
import { checkChoice } from './errors.ts';
import type { RuleUse } from './rule-use.ts';

/** The named grad modifiers of keras-vis. */
export const GRAD_MODIFIERS = ['absolute', 'negate', 'invert', 'relu', 'small_values', 'none'] as const;
/** A named grad modifier: see {@link applyGradModifier} for each formula. */
export type GradModifierName = (typeof GRAD_MODIFIERS)[number];
/** A grad modifier: a name, `null` (= 'none'), or any function tensor -> tensor. */
export type GradModifier = GradModifierName | null | ((gradient: tf.Tensor) => tf.Tensor);

/** keras-vis's epsilon in `invert` and `small_values`. */
export const GRAD_MODIFIER_EPSILON = 1e-7;

/**
 * Applies a grad modifier: absolute |g|; negate -g; invert 1/(g + 1e-7); relu max(g, 0);
 * small_values |1/(g + 1e-7)|; none g. Never modifies `gradient` in place.
 */
export function applyGradModifier(gradient: tf.Tensor, modifier: GradModifier): tf.Tensor {
  if (typeof modifier === 'function') return modifier(gradient);
  const name = modifier === null ? 'none' : checkChoice(modifier, GRAD_MODIFIERS, 'gradModifier');
  switch (name) {
    case 'absolute':
      return tf.abs(gradient);
    case 'negate':
      return tf.neg(gradient);
    case 'invert':
      return tf.reciprocal(tf.add(gradient, GRAD_MODIFIER_EPSILON));
    case 'relu':
      return tf.relu(gradient);
    case 'small_values':
      return tf.abs(tf.reciprocal(tf.add(gradient, GRAD_MODIFIER_EPSILON)));
    case 'none':
      return gradient;
  }
}

/** The named backprop modifiers; 'relu' and 'deconv' are aliases of 'rectified'. */
export const BACKPROP_MODIFIERS = ['guided', 'rectified', 'relu', 'deconv'] as const;
/** A named backprop modifier. */
export type BackpropModifierName = (typeof BACKPROP_MODIFIERS)[number];
/**
 * A backprop modifier: a name, `null` for plain gradients, or a function model -> model whose result is
 * used instead of the model (it must not change the model it is given).
 */
export type BackpropModifier = BackpropModifierName | null | ((model: tf.LayersModel) => tf.LayersModel);

/** The canonical rule of a named backprop modifier. */
export function backpropRule(name: BackpropModifierName): 'guided' | 'rectified' {
  const valid = checkChoice(name, BACKPROP_MODIFIERS, 'backpropModifier');
  return valid === 'guided' ? 'guided' : 'rectified';
}

type Rule = 'guided' | 'rectified';

function positive(t: tf.Tensor): tf.Tensor {
  return tf.step(t);
}

/**
 * The gradient of a rectifier kernel under `rule`: dy·[dy > 0] times the kernel's forward gate for
 * that rule (see {@link RECTIFIER_GATES}).
 */
function rectifierGradient(kernelName: 'Relu' | 'Relu6', rule: Rule, use: RuleUse | undefined): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      if (use) use.rectifiers++;
      const gradient = dy as tf.Tensor;
      const [x] = saved as tf.Tensor[];
      return {
        x: () => {
          const passed = tf.mul(gradient, positive(gradient));
          const gate = RECTIFIER_GATES[kernelName][rule];
          return gate ? tf.mul(passed, gate(x as tf.Tensor)) : passed;
        },
      };
    },
  };
}

/**
 * Forward gates kept by each rule: guided keeps [x > 0] (and ReLU6's cap [x <= 6]); rectified keeps
 * only ReLU6's cap, so a Relu6 kernel and tfjs-layers' `min(6, relu(x))` give the same maps.
 */
const RECTIFIER_GATES: Record<'Relu' | 'Relu6', Record<Rule, ((x: tf.Tensor) => tf.Tensor) | undefined>> = {
  Relu: { guided: positive, rectified: undefined },
  Relu6: {
    guided: (x) => tf.mul(positive(x), capGate(x)),
    rectified: capGate,
  },
};

function capGate(x: tf.Tensor): tf.Tensor {
  return tf.cast(tf.lessEqual(x, 6), 'float32');
}

/**
 * Runs `fn` with the gradients of every Relu and Relu6 op replaced by the rule:
 * guided `dx = dy·[dy > 0]·[x > 0]` or rectified (deconvnet) `dx = dy·[dy > 0]`; Relu6 keeps its
 * cap `[x <= 6]` under both. LeakyRelu, Elu, sigmoid, tanh and softmax keep their
 * gradients. `use`, when given, counts the passes and the rectifier gradients replaced. The
 * registered gradients are restored when `fn` returns or throws; `fn` must be
 * synchronous (TF.js gradients are), so no other computation can observe the swap.
 */
export function withRectifierRule<T>(rule: Rule, fn: () => T, use?: RuleUse): T {
  const saved = (['Relu', 'Relu6'] as const).map((kernel) => tf.getGradient(kernel));
  try {
    tf.registerGradient(rectifierGradient('Relu', rule, use));
    tf.registerGradient(rectifierGradient('Relu6', rule, use));
    if (use) use.passes++;
    const result = fn();
    if (result instanceof Promise) throw new Error('withRectifierRule: fn must be synchronous');
    return result;
  } finally {
    saved.forEach((config, i) => {
      const kernel = i === 0 ? 'Relu' : 'Relu6';
      if (config) tf.registerGradient(config);
      else tf.unregisterGradient(kernel);
    });
  }
}

/** Checks a grad modifier at the boundary: a valid name ('none' for null or undefined) or a function. */
export function checkGradModifier(modifier: GradModifier | undefined): GradModifierName | ((gradient: tf.Tensor) => tf.Tensor) {
  if (modifier === undefined || modifier === null) return 'none';
  return typeof modifier === 'function' ? modifier : checkChoice(modifier, GRAD_MODIFIERS, 'gradModifier');
}
