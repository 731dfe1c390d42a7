/**
 * Size-aware defaults of the perturbation methods ('auto'), resolved from the shape of one sample so
 * that a 224x224 image costs a few hundred model evaluations, not tens of thousands: occlusion's
 * window (1/8 of the shorter spatial side) and stride (half the window), feature ablation's
 * patches (1/16 of the shorter side on images of more than 1024 values; each value alone below).
 */

/** The text and value that asks for a size-aware default. */
export const AUTO = 'auto';

/** Samples of at most this many values keep one feature per value under feature ablation's 'auto' (Captum's default). */
export const AUTO_EACH_VALUE_LIMIT = 1024;

/** The spatial axes of a sample: all but the last (channel) axis, or its only axis. */
function spatialAxes(shape: readonly number[]): readonly number[] {
  return shape.length > 1 ? shape.slice(0, -1) : shape;
}

/** Occlusion's 'auto' window: round(shorter spatial side / 8), at least 1 (28 on 224x224, 4 on 28x28). */
export function autoWindow(shape: readonly number[]): number {
  const sides = spatialAxes(shape);
  return Math.max(1, Math.round(Math.min(...sides) / 8));
}

/** Occlusion's 'auto' stride on each axis: half the window there, rounded, at least 1 (windows overlap by half). */
export function autoStride(window: readonly number[]): number[] {
  return window.map((w) => Math.max(1, Math.round(w / 2)));
}

/**
 * Feature ablation's 'auto' patch size: undefined (each value its own feature) for samples of at most
 * {@link AUTO_EACH_VALUE_LIMIT} values or without two spatial axes, else round(shorter spatial
 * side / 16), at least 1 (14 on 224x224: 256 patches).
 */
export function autoPatchSize(shape: readonly number[]): number | undefined {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size <= AUTO_EACH_VALUE_LIMIT || shape.length < 3) return undefined;
  return Math.max(1, Math.round(Math.min(...spatialAxes(shape)) / 16));
}
