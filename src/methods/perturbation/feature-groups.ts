/**
 * Feature groups for feature ablation: integer feature ids per input value (a user mask, square
 * patches, or each value on its own), gathered per sample into groups that are removed together.
 * The same id in several model inputs is one feature (Captum).
 */
import { check } from '../../core/errors.ts';
import type { InputValue } from '../../core/input.ts';
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import type { InputData } from './evaluate.ts';
import { expandToBatch, perInput, readValue } from '../../core/read-value.ts';

/** Integer feature ids: per model input (one for a single-input model), see {@link expandToBatch} for the shapes. */
export type FeatureMask = InputValue | readonly InputValue[];

/** The groups of one sample. */
export interface SampleGroups {
  /** The feature id of each group, ascending. */
  readonly ids: readonly number[];
  /** Per model input: the group index of each value. */
  readonly groupOf: readonly Int32Array[];
  /** Per model input: value positions sorted by group, and where each group starts (groups + 1 entries). */
  readonly members: readonly { readonly positions: Int32Array; readonly starts: Int32Array }[];
}

/** How features are defined when no mask is given. */
export interface FeatureDefaults {
  /** Square patches of this many positions per spatial axis (all channels); undefined: each value alone. */
  readonly patchSize?: number;
  /**
   * A grid of this many cells per spatial axis (all channels; position p of an axis of size d is in
   * cell floor(p * cells / d), TF's nearest-neighbour resize): the black-box methods' features.
   * Takes precedence over `patchSize`; samples without a channel axis ([d]) are cut the same way.
   */
  readonly gridCells?: number;
}

/** Resolves the feature ids of every sample and groups them. */
export async function resolveFeatureGroups(inputs: InputData, mask: FeatureMask | undefined, defaults: FeatureDefaults): Promise<SampleGroups[]> {
  const { batchSize, shapes } = inputs;
  let ids: Float32Array[];
  if (mask !== undefined) {
    const masks = perInput(mask, shapes.length, 'featureMask');
    ids = await Promise.all(masks.map(async (m, i) => {
      const name = shapes.length > 1 ? `featureMask[${i}]` : 'featureMask';
      const expanded = expandToBatch(await readValue(m, name), shapes[i] as number[], batchSize, name);
      check(expanded.every(Number.isInteger), name, 'feature ids must be integers');
      return expanded;
    }));
  } else {
    let offset = 0;
    ids = shapes.map((shape) => {
      const local = defaults.gridCells !== undefined ? gridIds(shape, defaults.gridCells) : localIds(shape, defaults.patchSize);
      const out = new Float32Array(batchSize * local.ids.length);
      for (let n = 0; n < batchSize; n++) local.ids.forEach((id, p) => (out[n * local.ids.length + p] = id + offset));
      offset += local.count;
      return out;
    });
  }
  return Array.from({ length: batchSize }, (_, n) => groupSample(shapes.map((s, i) => (ids[i] as Float32Array).subarray(n * sizeOf(s), (n + 1) * sizeOf(s)))));
}

/** How many features a sample of `shape` has: one per value without a patch size, else one per square patch (all channels). */
export function patchCount(shape: readonly number[], patchSize: number | undefined): number {
  if (patchSize === undefined) return sizeOf(shape);
  const spatial = shape.length > 1 ? shape.slice(0, -1) : shape;
  return spatial.reduce((n, d) => n * Math.ceil(d / patchSize), 1);
}

/** Ids of one sample's values: each value its own, or square patches over the spatial axes. */
function localIds(shape: readonly number[], patchSize: number | undefined): { ids: Int32Array; count: number } {
  const size = sizeOf(shape);
  if (patchSize === undefined) return { ids: Int32Array.from({ length: size }, (_, p) => p), count: size };
  return cellIds(shape, (d) => Math.ceil(d / patchSize), (coordinate) => Math.floor(coordinate / patchSize));
}

/** Ids of one sample's values on a grid of `cells` cells per spatial axis (see {@link FeatureDefaults.gridCells}). */
export function gridIds(shape: readonly number[], cells: number): { ids: Int32Array; count: number } {
  return cellIds(shape, () => cells, (coordinate, d) => Math.floor((coordinate * cells) / d));
}

/**
 * Ids of one sample's values from cells over its spatial axes (all channels of a position share
 * one): `cellsOn(d)` cells on an axis of size d, `cellOf(coordinate, d)` the cell of a coordinate;
 * ids are row-major over the cells.
 */
function cellIds(shape: readonly number[], cellsOn: (d: number) => number, cellOf: (coordinate: number, d: number) => number): { ids: Int32Array; count: number } {
  const size = sizeOf(shape);
  const spatial = shape.length > 1 ? shape.slice(0, -1) : shape;
  const channels = size / sizeOf(spatial);
  const cells = spatial.map(cellsOn);
  const ids = new Int32Array(size);
  for (let p = 0; p < size; p++) {
    let rest = Math.floor(p / channels);
    let id = 0;
    let scale = 1;
    for (let axis = spatial.length - 1; axis >= 0; axis--) {
      const d = spatial[axis] as number;
      id += cellOf(rest % d, d) * scale;
      scale *= cells[axis] as number;
      rest = Math.floor(rest / d);
    }
    ids[p] = id;
  }
  return { ids, count: sizeOf(cells) };
}

function groupSample(ids: readonly Float32Array[]): SampleGroups {
  const unique = [...new Set(ids.flatMap((a) => Array.from(a)))].sort((a, b) => a - b);
  const index = new Map(unique.map((id, g) => [id, g]));
  const groupOf = ids.map((a) => Int32Array.from(a, (id) => index.get(id) as number));
  const members = groupOf.map((groups) => {
    const starts = new Int32Array(unique.length + 1);
    groups.forEach((g) => (starts[g + 1] = (starts[g + 1] as number) + 1));
    for (let g = 0; g < unique.length; g++) starts[g + 1] = (starts[g + 1] as number) + (starts[g] as number);
    const next = starts.slice(0, -1);
    const positions = new Int32Array(groups.length);
    groups.forEach((g, p) => (positions[(next[g] as number)++] = p));
    return { positions, starts };
  });
  return { ids: unique, groupOf, members };
}

/** Batch-first maps, one per model input: every value gets its feature's value (`values[sample][feature]`). */
export function spreadToInputs(inputs: InputData, groups: readonly SampleGroups[], values: readonly ArrayLike<number>[]): NdArray[] {
  return inputs.shapes.map((shape, i) => {
    const size = sizeOf(shape);
    const data = new Float32Array(inputs.batchSize * size);
    groups.forEach((sample, n) => {
      const v = values[n] as ArrayLike<number>;
      (sample.groupOf[i] as Int32Array).forEach((g, p) => (data[n * size + p] = v[g] as number));
    });
    return { data, shape: [inputs.batchSize, ...shape] };
  });
}
