/**
 * XRAI (Kapishnikov et al. 2019, PAIR saliency's xrai.py): Integrated Gradients from a black and a
 * white baseline, averaged and reduced to one value per pixel (the maximum over channels), then
 * ranked over multi-scale Felzenszwalb regions by attribution density (see xrai-rank.ts). The map
 * gives each pixel the gain of the region that covered it, so the top-ranked regions are the
 * brightest: "which parts of the image, as whole regions, carry the evidence".
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../core/errors.ts';
import type { ExplainOptions } from '../../core/explain.ts';
import { prepareOwnedInput, type ModelInput } from '../../core/input.ts';
import { adaptModel, type ExplainableModel, type ModelAdapter } from '../../core/model.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { integratedGradients } from '../gradient/integrated-gradients.ts';
import { pathSchema } from '../gradient/path-schema.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { rankRegions } from './xrai-rank.ts';
import { xraiSegments, XRAI_SCALES } from './xrai-segments.ts';

/** The options of {@link xrai}, declared once (see methods/schema.ts); defaults are PAIR's unless said. */
export const xraiSchema = defineSchema({
  /** Integrated Gradients points per baseline. Default 50 (PAIR: 100, here halved for a 224x224 image in seconds). */
  steps: option.integer({ default: 50, min: 1, max: 1000, doc: 'Integrated Gradients points per baseline.' }),
  /** 'black-white': IG from the sample's minimum and from its maximum, averaged (PAIR's); 'zeros': from 0. Default 'black-white'. */
  baseline: option.choice(['black-white', 'zeros'], { default: 'black-white', doc: 'Integrated Gradients baselines: the image minimum and maximum (averaged), or zeros.' }),
  /** 'full' ranks with overlaps taken into account; 'fast' ranks the masks once. Default 'full'. */
  algorithm: option.choice(['full', 'fast'], { default: 'full', doc: "Region ranking: 'full' (overlap-aware) or 'fast'." }),
  /** Stop adding regions once this fraction of the image is covered ('full'). Default 1. */
  areaThreshold: option.number({ default: 1, min: 0, max: 1, step: 0.05, doc: 'Fraction of the image the ranked regions cover.' }),
  /** Regions adding fewer new pixels than this are dropped. Default 50. */
  minPixelDiff: option.integer({ default: 50, min: 1, max: 1_000_000, doc: 'Smallest number of new pixels a region must add.' }),
  /** Radius (pixels) of the disk every segment is dilated by. Default 5. */
  dilationRadius: option.integer({ default: 5, min: 0, max: 64, doc: 'Dilation of every segment (pixels).' }),
  /** Side the image is resized to for segmenting; 0 segments at the input's own size. Default 224. */
  segmentationSize: option.integer({ default: 224, min: 0, max: 1024, doc: 'Side the image is resized to for segmenting (0: none).' }),
  ...pathSchema,
});

/** Options of {@link xrai}. */
export interface XraiOptions extends ExplainOptions, LongRunningOptions, SchemaOptions<typeof xraiSchema> {}

/** Per-sample baselines [N, ...sample] filled with each sample's minimum or maximum. */
function extremeBaseline(x: tf.Tensor, kind: 'min' | 'max'): tf.Tensor {
  return tf.tidy(() => {
    const axes = x.shape.slice(1).map((_, i) => i + 1);
    const value = kind === 'min' ? tf.min(x, axes, true) : tf.max(x, axes, true);
    return tf.mul(tf.onesLike(x), value);
  });
}

/** Sample `s`'s attribution per pixel: the mean over the baselines' IG maps, then the maximum over channels (PAIR's order). */
function pixelAttribution(results: readonly Attribution[], s: number, pixels: number, channels: number): Float64Array {
  const out = new Float64Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let best = -Infinity;
    for (let c = 0; c < channels; c++) {
      const at = (s * pixels + p) * channels + c;
      let sum = 0;
      for (const r of results) sum += r.map.data[at] as number;
      best = Math.max(best, sum / results.length);
    }
    out[p] = best;
  }
  return out;
}

/**
 * XRAI maps [N, H, W] for a single-input image model ([N, H, W, C] inputs). meta.extra holds
 * `regions` (per sample: how many regions were ranked), `steps`, `baseline`, `algorithm` and
 * `segmentation`; meta.scores are the explained scores. Gradients are taken as by
 * {@link integratedGradients}, so `target`, `softmax` and `backpropModifier` mean the same.
 */
export async function xrai(model: ExplainableModel | ModelAdapter, input: ModelInput, options: XraiOptions = {}): Promise<Attribution> {
  const settings = resolveOptions(xraiSchema, options, 'xrai');
  const adapter = adaptModel(model);
  const { prepared, owned } = prepareOwnedInput(adapter, input, options);
  const baselines: tf.Tensor[] = [];
  try {
    const x = prepared.tensors[0] as tf.Tensor;
    if (prepared.tensors.length !== 1 || x.rank !== 4) {
      throw new SaliencyError('INPUT_SHAPE', `input: XRAI segments images; it needs a single-input model with [batch, height, width, channels] input, got ${prepared.tensors.length} input(s) of shape [${x.shape.join(', ')}]`, 'input');
    }
    const [n, height, width, channels] = x.shape as [number, number, number, number];
    if (settings.baseline === 'black-white') baselines.push(extremeBaseline(x, 'min'), extremeBaseline(x, 'max'));
    const runs = settings.baseline === 'black-white' ? baselines : ['zeros' as const];
    const common = { target: options.target, softmax: options.softmax, backpropModifier: options.backpropModifier, allowNonFinite: options.allowNonFinite, engine: options.engine };
    const total = runs.length * settings.steps * n + n;
    const results: Attribution[] = [];
    for (const baseline of runs) {
      const offset = results.length * settings.steps * n;
      const onProgress = (p: { done: number; total: number }): void => options.onProgress?.({ done: offset + (p.done / p.total) * settings.steps * n, total });
      results.push(await integratedGradients(adapter, x, { ...common, baseline, steps: settings.steps, internalBatchSize: settings.internalBatchSize, onProgress, ...(options.signal ? { signal: options.signal } : {}) }));
    }
    const pixels = height * width;
    const map = new Float32Array(n * pixels);
    const images = await x.data();
    const regionCounts: number[] = [];
    for (let s = 0; s < n; s++) {
      const attribution = pixelAttribution(results, s, pixels, channels);
      const image = { data: Float64Array.from(images.subarray(s * pixels * channels, (s + 1) * pixels * channels)), height, width, channels };
      const masks = xraiSegments(image, { segmentationSize: settings.segmentationSize, dilationRadius: settings.dilationRadius });
      const ranking = rankRegions(attribution, masks, settings);
      map.set(ranking.map, s * pixels);
      regionCounts.push(ranking.regions.length);
      await reportProgress(options, runs.length * settings.steps * n + s + 1, total);
    }
    const first = results[0] as Attribution;
    const result = { data: map, shape: [n, height, width] };
    return {
      maps: [result],
      map: result,
      meta: {
        ...first.meta,
        method: 'xrai',
        warnings: [...new Set(results.flatMap((r) => r.meta.warnings))],
        extra: {
          regions: regionCounts,
          steps: settings.steps,
          baseline: settings.baseline,
          algorithm: settings.algorithm,
          segmentation: `felzenszwalb scales ${XRAI_SCALES.join(', ')} at ${settings.segmentationSize || 'input size'}, dilated by ${settings.dilationRadius}`,
          ...Object.fromEntries(Object.entries(first.meta.extra ?? {}).filter(([key]) => key === 'modelBatchSize' || key === 'modelBatchNote')),
        },
      },
    };
  } finally {
    baselines.forEach((t) => t.dispose());
    owned.forEach((t) => t.dispose());
  }
}

/** Registry entry of {@link xrai}. */
export const xraiMethod = defineMethod(
  {
    name: 'xrai',
    evaluations: (_, options) => {
      const s = resolveOptions(xraiSchema, options, 'xrai');
      return (s.baseline === 'black-white' ? 2 : 1) * (s.steps + 2);
    },
    title: 'XRAI',
    family: 'gradient',
    summary: 'Integrated Gradients summed over multi-scale image regions, regions ranked by attribution density: which whole regions carry the evidence.',
    mapShape: 'spatial',
    randomized: false,
    needsSpatialLayer: false,
  },
  xraiSchema,
  xrai,
);
