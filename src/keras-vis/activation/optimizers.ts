/**
 * Update rules of activation maximisation, in plain arithmetic on the input values: Keras's
 * RMSprop and Adam (tf-keras-vis passes Keras optimizers) and keras-vis's own RMSProp.
 */
import { check, checkChoice } from '../../core/errors.ts';

/** One update rule with its state, for one array of values. */
export interface StepRule {
  /** Moves `values` one step against `gradient` (of the loss to minimise), in place. */
  step(values: Float32Array, gradient: Float32Array): void;
}

/** Keras RMSprop (no momentum): ms = rho ms + (1 - rho) g^2; x -= lr g / (sqrt(ms) + epsilon). */
export interface RmspropSpec {
  readonly type: 'rmsprop';
  /** Default 1 (tf-keras-vis). */
  readonly learningRate?: number;
  /** Default 0.999 (tf-keras-vis). */
  readonly rho?: number;
  /** Default 1e-7 (Keras). */
  readonly epsilon?: number;
}

/** Keras Adam: bias-corrected moments; x -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + epsilon). */
export interface AdamSpec {
  readonly type: 'adam';
  /** Default 1: inputs in 0..255 move about this much per step. */
  readonly learningRate?: number;
  /** Default 0.9 (Keras). */
  readonly beta1?: number;
  /** Default 0.999 (Keras). */
  readonly beta2?: number;
  /** Default 1e-7 (Keras). */
  readonly epsilon?: number;
}

/** An optimizer: 'rmsprop' or 'adam' with their defaults, or one with settings. */
export type OptimizerSpec = 'rmsprop' | 'adam' | RmspropSpec | AdamSpec;

/** tf-keras-vis's default optimizer: RMSprop(learning_rate=1.0, rho=0.999). */
export const DEFAULT_OPTIMIZER: RmspropSpec = { type: 'rmsprop', learningRate: 1, rho: 0.999, epsilon: 1e-7 };

function checkRate(name: string, value: number, low: number, high: number): number {
  check(Number.isFinite(value) && value >= low && value <= high, `optimizer.${name}`, `got ${value}; expected a number from ${low} to ${high}`);
  return value;
}

/** A fresh {@link StepRule} for `spec` over `size` values. */
export function createStepRule(spec: OptimizerSpec, size: number): StepRule {
  const settings = typeof spec === 'string' ? { type: spec } : spec;
  const type = checkChoice(settings.type, ['rmsprop', 'adam'], 'optimizer.type');
  if (type === 'rmsprop') {
    const s = settings as RmspropSpec;
    const lr = checkRate('learningRate', s.learningRate ?? 1, 0, Infinity);
    const rho = checkRate('rho', s.rho ?? 0.999, 0, 1);
    const epsilon = checkRate('epsilon', s.epsilon ?? 1e-7, 0, Infinity);
    const ms = new Float64Array(size);
    return {
      step: (values, g) => {
        for (let i = 0; i < size; i++) {
          const gi = g[i] as number;
          ms[i] = rho * (ms[i] as number) + (1 - rho) * gi * gi;
          values[i] = (values[i] as number) - (lr * gi) / (Math.sqrt(ms[i] as number) + epsilon);
        }
      },
    };
  }
  const s = settings as AdamSpec;
  const lr = checkRate('learningRate', s.learningRate ?? 1, 0, Infinity);
  const beta1 = checkRate('beta1', s.beta1 ?? 0.9, 0, 1);
  const beta2 = checkRate('beta2', s.beta2 ?? 0.999, 0, 1);
  const epsilon = checkRate('epsilon', s.epsilon ?? 1e-7, 0, Infinity);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    step: (values, g) => {
      t += 1;
      const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      for (let i = 0; i < size; i++) {
        const gi = g[i] as number;
        m[i] = beta1 * (m[i] as number) + (1 - beta1) * gi;
        v[i] = beta2 * (v[i] as number) + (1 - beta2) * gi * gi;
        values[i] = (values[i] as number) - (alpha * (m[i] as number)) / (Math.sqrt(v[i] as number) + epsilon);
      }
    },
  };
}

/**
 * keras-vis's `_rmsprop`: cache = 0.95 cache + 0.05 g^2; x += -g / sqrt(cache + 1e-7). No learning
 * rate; used on l2-normalised gradients.
 */
export function kerasVisRmsprop(size: number): StepRule {
  const cache = new Float64Array(size);
  return {
    step: (values, g) => {
      for (let i = 0; i < size; i++) {
        const gi = g[i] as number;
        cache[i] = 0.95 * (cache[i] as number) + 0.05 * gi * gi;
        values[i] = (values[i] as number) - gi / Math.sqrt((cache[i] as number) + 1e-7);
      }
    },
  };
}
