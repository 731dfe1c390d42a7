/**
 * RISE masks (Petsiuk et al. 2018): a random binary grid of gridSize cells per spatial axis, each
 * cell kept with probability p, upsampled linearly to (gridSize + 1) cells of ceil(size / gridSize)
 * values and cropped at a random shift, so masks are smooth and not aligned to the cell borders.
 */
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import { seededRandom, type RandomSource } from '../../core/random.ts';
import { defineSchema, option } from '../schema.ts';
import { axisSampling, resampleAxis } from './linear-resize.ts';

/** How RISE masks are drawn, declared once (see methods/schema.ts): RISE's schema spreads it and {@link riseMasks} checks with it. */
export const riseMaskSchema = defineSchema({
  /** Cells of the random grid on each spatial axis. Default 7 (Xplique; the paper's 7x7). */
  gridSize: option.integer({ default: 7, min: 1, max: 64, doc: 'Cells of the random grid on each spatial axis.' }),
  /** Probability that a cell is kept (p). Default 0.5 (the paper's). */
  keepProbability: option.number({ default: 0.5, min: 0.01, max: 1, step: 0.05, doc: 'Probability that a grid cell is kept.' }),
});

/** How RISE masks are drawn. */
export interface RiseMaskSettings {
  /** Cells of the random grid on each spatial axis. */
  readonly gridSize: number;
  /** Probability that a cell is kept. */
  readonly keepProbability: number;
}

/** One drawn mask before upsampling: its cells (1 kept, 0 removed) and its shift per axis. */
export interface MaskDraw {
  readonly cells: Uint8Array;
  readonly shift: readonly number[];
}


/** Draws the cells and shift of one mask over a spatial grid of `shape`. */
export function drawMask(shape: readonly number[], settings: RiseMaskSettings, random: RandomSource): MaskDraw {
  const cells = new Uint8Array(settings.gridSize ** shape.length);
  for (let i = 0; i < cells.length; i++) cells[i] = random() < settings.keepProbability ? 1 : 0;
  const shift = shape.map((size) => Math.floor(random() * Math.ceil(size / settings.gridSize)));
  return { cells, shift };
}

/** The smooth mask of `draw` over a spatial grid of `shape`, values in [0, 1]. */
export function upsampleMask(draw: MaskDraw, shape: readonly number[], gridSize: number): Float64Array {
  let values: Float64Array = Float64Array.from(draw.cells);
  const current = shape.map(() => gridSize);
  shape.forEach((size, axis) => {
    const upsampled = (gridSize + 1) * Math.ceil(size / gridSize);
    values = resampleAxis(values, current, axis, axisSampling(gridSize, upsampled, draw.shift[axis] as number, size));
    current[axis] = size;
  });
  return values;
}

/**
 * The `count` masks RISE draws for a single-input model whose samples have spatial shape `shape`
 * (the input's shape without batch and channel axes), as [count, ...shape]: the masks
 * {@link rise} uses for the same seed and settings.
 */
export function riseMasks(shape: readonly number[], count: number, settings: RiseMaskSettings & { readonly seed: number }): NdArray {
  riseMaskSchema.gridSize.check(settings.gridSize, 'gridSize');
  riseMaskSchema.keepProbability.check(settings.keepProbability, 'keepProbability');
  const random = seededRandom(settings.seed);
  const size = sizeOf(shape);
  const data = new Float32Array(count * size);
  for (let k = 0; k < count; k++) data.set(upsampleMask(drawMask(shape, settings, random), shape, settings.gridSize), k * size);
  return { data, shape: [count, ...shape] };
}
