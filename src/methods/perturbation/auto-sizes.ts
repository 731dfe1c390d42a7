/**
 * Size-aware defaults of the perturbation methods ('auto'), resolved from the shape of one sample so
 * that a 224x224 image costs a few hundred model evaluations, not tens of thousands: occlusion's
 * window (1/8 of the shorter spatial side) and stride (half the window), feature ablation's
 * patches (1/16 of the shorter side on images of more than 1024 values; each value alone below), and
 * the counts of the sampling methods (RISE's masks, Sobol's designs), which keep their reference
 * defaults up to {@link REFERENCE_POSITIONS} spatial positions (64x64) and shrink with the positions
 * above, since a convolutional model's cost per evaluation grows with them. Shape-only rules: the same
 * call gives the same map on every machine (the time estimate, core of `estimateRun`, says the rest).
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

/** Spatial positions (64x64) up to which the sampling counts keep their reference defaults (MNIST's 28x28 and below included). */
export const REFERENCE_POSITIONS = 4096;

/** The spatial positions of the largest sample of `shapes`: the product of its spatial axes (see spatialAxes). */
export function spatialPositions(shapes: readonly (readonly number[])[]): number {
  return Math.max(1, ...shapes.map((shape) => spatialAxes(shape).reduce((a, b) => a * b, 1)));
}

/**
 * A sampling count that keeps `reference` up to {@link REFERENCE_POSITIONS} positions and above them
 * scales as reference x 4096 / positions (a constant cost on a model whose cost per evaluation grows
 * with the positions), never below `floor`.
 */
export function scaledCount(reference: number, floor: number, positions: number): number {
  return positions <= REFERENCE_POSITIONS ? reference : Math.max(floor, Math.round((reference * REFERENCE_POSITIONS) / positions));
}

/** RISE's 'auto' masks: 4000 (Xplique's) up to 64x64 positions, else max(500, round(4000 x 4096 / positions)): 500 on 224x224, 1000 on 128x128. */
export function autoRiseMasks(shapes: readonly (readonly number[])[]): number {
  return scaledCount(4000, 500, spatialPositions(shapes));
}

/** Sobol's 'auto' designs: 32 (Xplique's) up to 64x64 positions, else 16 (1041 evaluations on the 8x8 grid instead of 2081). */
export function autoSobolDesigns(shapes: readonly (readonly number[])[]): number {
  return spatialPositions(shapes) <= REFERENCE_POSITIONS ? 32 : 16;
}

/** `value`, or `auto(of)` for 'auto' (`of`: what the automatic count depends on, e.g. the feature count or the sample shapes). */
export function resolveCount<A>(value: number | typeof AUTO, of: A, auto: (of: A) => number): number {
  return value === AUTO ? auto(of) : value;
}
