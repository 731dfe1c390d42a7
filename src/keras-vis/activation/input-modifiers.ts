/**
 * Input modifiers of activation maximisation: random transformations applied to the optimised
 * input before each step (they accumulate, as in both keras-vis and tf-keras-vis), which make the
 * result robust to small shifts and rotations.
 */
import { check } from '../../core/errors.ts';
import { randomInteger, type RandomSource } from '../../core/random.ts';
import { remapAxes, rollMap, rotateImages, scipyWrapShiftMap } from './remap-axes.ts';

/** A random transformation of the optimised input. */
export interface InputModifier {
  /** Name for messages. */
  readonly name: string;
  /** Whether it applies to an input of this shape (batch axis first); others are left alone. */
  appliesTo(shape: readonly number[]): boolean;
  /** The modified batch (row-major, `shape`), drawing randomness from `random` only. */
  modify(values: Float32Array, shape: readonly number[], random: RandomSource): Float32Array;
}

const hasSpatialAxes = (shape: readonly number[]): boolean => shape.length >= 3;

/**
 * tf-keras-vis `Jitter(jitter)`: rolls the batch on every spatial axis by a random whole number of
 * positions in [-jitter, jitter - 1] (NumPy's randint excludes the upper end). Default 8 (its
 * constructor; ActivationMaximization uses 4).
 */
export function jitter(pixels = 8): InputModifier {
  check(Number.isInteger(pixels) && pixels >= 0, 'jitter', `got ${pixels}; expected a non-negative integer`);
  return {
    name: `Jitter(${pixels})`,
    appliesTo: hasSpatialAxes,
    modify: (values, shape, random) => {
      const maps = shape.map((size, axis) => (axis === 0 || axis === shape.length - 1 || pixels === 0 ? undefined : rollMap(size, randomInteger(random, -pixels, pixels - 1))));
      return remapAxes(values, shape, maps);
    },
  };
}

/**
 * tf-keras-vis `Rotate2D(degree)`: rotates each image [N, H, W, C] by a random angle in
 * [-degree, degree], bilinear with reflected edges. Default 3 (its constructor; ActivationMaximization uses 1).
 */
export function rotate2D(degree = 3): InputModifier {
  check(Number.isFinite(degree) && degree >= 0, 'degree', `got ${degree}; expected a non-negative number`);
  return {
    name: `Rotate2D(${degree})`,
    appliesTo: (shape) => shape.length === 4,
    modify: (values, shape, random) => rotateImages(values, shape, (random() * 2 - 1) * degree),
  };
}

/**
 * keras-vis `Jitter(jitter)`: shifts by a random offset in [-v, v] per spatial axis, where v is
 * `jitter` pixels, or trunc(jitter * size) when jitter < 1; one value, or one per spatial axis.
 * Like keras-vis it uses SciPy's 'wrap' shift, which repeats one value at the seam. Default 0.05.
 */
export function kerasVisJitter(amount: number | readonly number[] = 0.05): InputModifier {
  const amounts = typeof amount === 'number' ? [amount] : [...amount];
  check(amounts.length > 0 && amounts.every((v) => Number.isFinite(v) && v >= 0), 'jitter', `got ${JSON.stringify(amount)}; expected non-negative numbers`);
  return {
    name: `Jitter(${amounts.join(', ')})`,
    appliesTo: (shape) => hasSpatialAxes(shape) && (amounts.length === 1 || amounts.length === shape.length - 2),
    modify: (values, shape, random) => {
      const maps = shape.map((size, axis) => {
        if (axis === 0 || axis === shape.length - 1) return undefined;
        const value = (amounts.length === 1 ? amounts[0] : amounts[axis - 1]) as number;
        const limit = value < 1 ? Math.trunc(value * size) : Math.trunc(value);
        return scipyWrapShiftMap(size, randomInteger(random, -limit, limit));
      });
      return remapAxes(values, shape, maps);
    },
  };
}
