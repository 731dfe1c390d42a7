/**
 * Occlusion (Zeiler & Fergus 2014), with Captum's semantics: slide a window over each model input,
 * fill it with the baseline, and give every value the mean score drop f(x) - f(x occluded) over the
 * windows that cover it. As in Captum, ceil((d - window) / stride) + 1 windows per axis reach the far
 * edge (the last one cut there) and a stride larger than the window is refused, so every value is
 * covered.
 */
import type { ModelInput } from '../../core/input.ts';
import type { AnyModel } from '../../core/function-model.ts';
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, resolveOptions, type SchemaOptions } from '../schema.ts';
import { explainByPerturbation, perturbationSchema, type PerturbationOptions } from './explain-by-perturbation.ts';
import { AUTO, autoStride, autoWindow } from './auto-sizes.ts';
import { extentOption, forEachInBox, type Extent, resolveStride, resolveWindow, windowBox, windowCounts, type Box } from './sliding-windows.ts';

/** The options of {@link occlusion}, declared once (see methods/schema.ts): its window and those of every perturbation method. */
export const occlusionSchema = defineSchema({
  /**
   * The window's extent: a number covers that many positions on every axis but the channel axis
   * (covered whole), clamped to the input; a list gives the leading axes (the rest whole).
   * Default 'auto': round(shorter spatial side / 8), at least 1 (28 on 224x224, 4 on 28x28; PAIR's
   * fixed 15 with stride 1 took 44,000 evaluations on 224x224).
   */
  window: extentOption("Window size on each spatial axis (all channels); clamped to the input. 'auto': 1/8 of the shorter side."),
  /**
   * Step between windows: a number for every axis, or a list for the leading axes (the rest 1); at
   * most the window on axes it does not cover whole. Default 'auto': half the window on each axis,
   * rounded, at least 1 (Captum's and PAIR's 1 costs one evaluation per position).
   */
  stride: extentOption("Step between window positions. 'auto': half the window."),
  ...perturbationSchema,
});

/** Options of {@link occlusion}. */
export interface OcclusionOptions extends PerturbationOptions, SchemaOptions<typeof occlusionSchema> {}

interface InputWindows {
  readonly shape: readonly number[];
  readonly counts: readonly number[];
  readonly window: readonly number[];
  readonly stride: readonly number[];
  readonly total: number;
}

/**
 * Occlusion maps, one per model input in the input's shape: each input is occluded on its own
 * (the others kept), windows scored `perturbationsPerEval` at a time. Deterministic.
 */
export async function occlusion(model: AnyModel, input: ModelInput, options: OcclusionOptions = {}): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(occlusionSchema, options, 'occlusion') };
  return explainByPerturbation(model, input, settings, 'occlusion', (_, inputs) => {
    const grids = occlusionGrids(inputs.shapes, settings);
    const locate = (index: number): { input: number; box: Box } => {
      let rest = index;
      let i = 0;
      while (rest >= (grids[i] as InputWindows).total) rest -= (grids[i++] as InputWindows).total;
      const grid = grids[i] as InputWindows;
      return { input: i, box: windowBox(rest, grid.counts, grid.window, grid.stride, grid.shape) };
    };
    const perSample = grids.reduce((sum, g) => sum + g.total, 0);
    return {
      set: {
        count: () => perSample,
        apply: (_sample, index, rows, baselines) => {
          const { input: i, box } = locate(index);
          const row = rows[i] as Float32Array;
          const base = baselines[i] as Float32Array;
          forEachInBox(grids[i]?.shape ?? [], box, (p) => (row[p] = base[p] as number));
        },
      },
      combine: (scores) => grids.map((grid, i) => meanDrops(grid, i, scores.original, scores.perturbed, locate)),
      extra: { window: grids.map((g) => g.window), stride: grids.map((g) => g.stride) },
    };
  });
}

/** The windows of each model input whose samples have `shapes`, from resolved window and stride options. */
function occlusionGrids(shapes: readonly (readonly number[])[], settings: { readonly window: Extent; readonly stride: Extent }): InputWindows[] {
  return shapes.map((shape, i) => {
    const name = (what: string): string => (shapes.length > 1 ? `${what} (input ${i})` : what);
    const window = resolveWindow(settings.window === AUTO ? autoWindow(shape) : settings.window, shape, name('window'));
    const stride = resolveStride(settings.stride === AUTO ? autoStride(window) : settings.stride, shape, window, name('stride'));
    const counts = windowCounts(shape, window, stride);
    return { shape, counts, window, stride, total: sizeOf(counts) };
  });
}

/** Model evaluations occlusion makes per sample of `sampleShapes` (one per model input) with `options`: one per window, plus the original. */
export function occlusionEvaluations(sampleShapes: readonly (readonly number[])[], options: OcclusionOptions = {}): number {
  const settings = resolveOptions(occlusionSchema, options, 'occlusion');
  return occlusionGrids(sampleShapes, settings).reduce((n, g) => n + g.total, 1);
}

function meanDrops(
  grid: InputWindows,
  input: number,
  original: Float32Array,
  perturbed: readonly Float32Array[],
  locate: (index: number) => { input: number; box: Box },
): NdArray {
  const size = sizeOf(grid.shape);
  const out = new Float32Array(original.length * size);
  const covered = new Float32Array(size);
  const first = perturbed[0]?.length ?? 0;
  const windows = Array.from({ length: first }, (_, k) => locate(k)).map((w, k) => ({ ...w, k })).filter((w) => w.input === input);
  for (const w of windows) forEachInBox(grid.shape, w.box, (p) => (covered[p] = (covered[p] as number) + 1));
  original.forEach((score, n) => {
    const sum = new Float64Array(size);
    const scores = perturbed[n] as Float32Array;
    for (const w of windows) {
      const drop = score - (scores[w.k] as number);
      forEachInBox(grid.shape, w.box, (p) => (sum[p] = (sum[p] as number) + drop));
    }
    for (let p = 0; p < size; p++) out[n * size + p] = (covered[p] as number) > 0 ? (sum[p] as number) / (covered[p] as number) : 0;
  });
  return { data: out, shape: [original.length, ...grid.shape] };
}

/** Registry entry of {@link occlusion}. */
export const occlusionMethod = defineMethod(
  {
    name: 'occlusion',
    evaluations: (shapes, options) => occlusionEvaluations(shapes, options),
    title: 'Occlusion',
    family: 'perturbation',
    summary: 'How much the score drops when a sliding window over each position is filled with the baseline.',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
    takesFunctionModel: true,
  },
  occlusionSchema,
  occlusion,
);
