/**
 * What perturbation metrics put in place of removed features: a constant, each sample's per-channel
 * mean, or a Gaussian blur of the sample (Petsiuk et al. 2018's insertion canvas), declared once as
 * the `baseline` option of every metric that removes features.
 */
import { gaussianBlurMatrix } from '../methods/gradient/gaussian-blur.ts';
import { rejectOption } from '../methods/options.ts';
import { option, type OptionDeclaration } from '../methods/schema.ts';
import type { InputData } from '../methods/perturbation/evaluate.ts';
import type { PixelLayout } from './layout.ts';

/** A metric baseline: a constant value, 'mean' (each sample's per-channel mean) or 'blur' (a Gaussian blur of the sample). */
export type MetricBaseline = number | 'mean' | 'blur';

/** The `baseline` option with default `fallback`. */
export function baselineOption<D extends MetricBaseline>(fallback: D, doc: string): OptionDeclaration<MetricBaseline, true> {
  return option.custom<MetricBaseline, D>({
    doc,
    default: fallback,
    form: { kind: 'string' },
    fromText: (text) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text),
    check: (value, name) =>
      (typeof value === 'number' && Number.isFinite(value)) || value === 'mean' || value === 'blur'
        ? (value as MetricBaseline)
        : rejectOption(name, value, "a finite number, 'mean' or 'blur'"),
  });
}

/** The `blurSigma` option: the standard deviation, in pixels, of the 'blur' baseline. Default 5 (Petsiuk et al.'s kernel). */
export const blurSigmaOption = option.number({ default: 5, min: 0.1, max: 100, doc: "Standard deviation in pixels of the 'blur' baseline's Gaussian." });

/** Per sample, the baseline values of the first input (one sample's size each). */
export function baselineSamples(inputs: InputData, layout: PixelLayout, baseline: MetricBaseline, blurSigma: number): Float32Array[] {
  const values = inputs.values[0] as Float32Array;
  return Array.from({ length: inputs.batchSize }, (_, s) => {
    const sample = values.subarray(s * layout.size, (s + 1) * layout.size);
    if (typeof baseline === 'number') return new Float32Array(layout.size).fill(baseline);
    return baseline === 'mean' ? channelMeans(sample, layout) : blurSample(sample, layout, blurSigma);
  });
}

function channelMeans(sample: Float32Array, layout: PixelLayout): Float32Array {
  const sums = new Float64Array(layout.channels);
  sample.forEach((v, i) => (sums[i % layout.channels] += v));
  return Float32Array.from({ length: layout.size }, (_, i) => (sums[i % layout.channels] as number) / layout.pixels);
}

/** A Gaussian blur over the pixel grid, channel by channel (scipy.ndimage.gaussian_filter, zeros outside). */
export function blurSample(sample: Float32Array, layout: PixelLayout, sigma: number): Float32Array {
  const { height, width, channels } = layout;
  const across = gaussianBlurMatrix(width, sigma);
  const down = height > 1 ? gaussianBlurMatrix(height, sigma) : undefined;
  const rows = new Float64Array(layout.size);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let j = 0; j < width; j++) sum += (across[x * width + j] as number) * (sample[(y * width + j) * channels + c] as number);
        rows[(y * width + x) * channels + c] = sum;
      }
    }
  }
  if (!down) return Float32Array.from(rows);
  const out = new Float32Array(layout.size);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let i = 0; i < height; i++) sum += (down[y * height + i] as number) * (rows[(i * width + x) * channels + c] as number);
        out[(y * width + x) * channels + c] = sum;
      }
    }
  }
  return out;
}
