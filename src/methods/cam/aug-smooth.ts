/**
 * pytorch-grad-cam's `aug_smooth` for any CAM method: the method runs on 6 augmented copies of the
 * input (horizontal flip or not, times brightness 0.9, 1 and 1.1, as its default ttach transforms),
 * each map is flipped back, min-max scaled per sample to [0, 1] (its scale_cam_image) and the maps
 * are averaged. Every copy explains the unit its original sample explains.
 */
import * as tf from '@tensorflow/tfjs';
import { openContext } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { NdArray } from '../../core/ndarray.ts';
import { targetForRows } from '../../core/pinned.ts';
import type { Attribution } from '../../core/result.ts';
import type { CamOptions } from './cam-options.ts';

/** The brightness factors of the augmentations (pytorch-grad-cam's `tta.Multiply(factors=[0.9, 1, 1.1])`). */
export const AUG_SMOOTH_FACTORS: readonly number[] = [0.9, 1, 1.1];

type CamFunction<O> = (model: ExplainableModel | ModelAdapter, input: ModelInput, options: O) => Promise<Attribution>;

/**
 * The `augSmooth` run of the CAM method `fn` (which a CAM function calls first thing when its
 * options ask for it): `fn` on the 6 augmented copies with `augSmooth: false`, combined.
 */
export async function augSmoothed<O extends CamOptions & { readonly augSmooth?: boolean }>(
  fn: CamFunction<O>,
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: O,
): Promise<Attribution> {
  const context = openContext(model, input, options);
  try {
    const tensors = context.input.tensors;
    const plain = { ...options, augSmooth: false };
    const base = await fn(model, tensors, plain);
    const rows = Array.from({ length: context.input.batchSize }, (_, i) => i);
    const target = targetForRows(context.target, rows, base.meta.units ? [...base.meta.units] : undefined);
    const flips = tensors.every((t) => t.rank >= 3) ? [false, true] : [false];
    const sums = base.maps.map((m) => new Float64Array(m.data.length));
    let count = 0;
    for (const flip of flips) {
      for (const factor of AUG_SMOOTH_FACTORS) {
        const result = !flip && factor === 1 ? base : await runAugmented(fn, model, tensors, { ...plain, target }, flip, factor);
        result.maps.forEach((map, k) => addScaled(sums[k] as Float64Array, flip ? flipMap(map) : map));
        count++;
      }
    }
    const maps: NdArray[] = base.maps.map((m, k) => ({ data: Float32Array.from(sums[k] as Float64Array, (v) => v / count), shape: m.shape }));
    const extra = { ...base.meta.extra, augSmooth: { flips, factors: AUG_SMOOTH_FACTORS, runs: count } };
    return { maps, map: maps[0] as NdArray, meta: { ...base.meta, extra } };
  } finally {
    context.dispose();
  }
}

async function runAugmented<O>(fn: CamFunction<O>, model: ExplainableModel | ModelAdapter, tensors: readonly tf.Tensor[], options: O, flip: boolean, factor: number): Promise<Attribution> {
  const augmented = tf.tidy(() => tensors.map((t) => tf.mul(flip ? tf.reverse(t, t.rank === 4 ? 2 : 1) : t, factor)));
  try {
    return await fn(model, augmented, options);
  } finally {
    augmented.forEach((t) => t.dispose());
  }
}

/** A map [N, ...spatial] mirrored along its width axis (axis 2 of an image map, axis 1 of a sequence map). */
function flipMap(map: NdArray): NdArray {
  const shape = map.shape;
  const axis = shape.length >= 3 ? 2 : 1;
  const width = shape[axis] ?? 1;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(map.data.length);
  for (let start = 0; start < map.data.length; start += width * inner) {
    for (let w = 0; w < width; w++) {
      out.set(map.data.subarray(start + w * inner, start + (w + 1) * inner), start + (width - 1 - w) * inner);
    }
  }
  return { data: out, shape };
}

/** Adds each sample of `map`, scaled to [0, 1] as pytorch-grad-cam's scale_cam_image does ((v - min) / (max' + 1e-7)). */
function addScaled(sum: Float64Array, map: NdArray): void {
  const size = map.data.length / (map.shape[0] ?? 1);
  for (let start = 0; start < map.data.length; start += size) {
    const sample = map.data.subarray(start, start + size);
    const low = sample.reduce((a, b) => Math.min(a, b), Infinity);
    const high = sample.reduce((a, b) => Math.max(a, b - low), 0);
    sample.forEach((v, i) => (sum[start + i] = (sum[start + i] as number) + (v - low) / (high + 1e-7)));
  }
}
