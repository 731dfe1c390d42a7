/** Running a registered method on demo samples and cutting its result into one 2-D map per sample. */
import * as tf from '@tensorflow/tfjs';
import { reduceChannels, sampleOf, type AttributionMeta, type ChannelReduction, type MethodDefinition, type ModelAdapter, type NdArray } from '../src/index.ts';
import type { DemoSample } from './bundled-models.ts';

/** A method's maps for a batch of samples. */
export interface ExplainedSamples {
  /** One 2-D map per sample (channels reduced). */
  readonly maps: readonly NdArray[];
  readonly meta: AttributionMeta;
  /** Wall-clock seconds the method took. */
  readonly seconds: number;
}

/** The samples as one input batch [N, height, width, channels] (the caller disposes it). */
export function samplesBatch(samples: readonly DemoSample[]): tf.Tensor4D {
  const first = samples[0];
  if (!first) throw new RangeError('samples: expected at least one sample');
  const size = first.pixels.length;
  const values = new Float32Array(samples.length * size);
  samples.forEach((sample, i) => values.set(sample.pixels, i * size));
  return tf.tensor4d(values, [samples.length, ...first.shape]);
}

/** The 2-D map of each sample of a batch-first map: as it is, or with its channel axis reduced by `reduction`. */
export function mapsPerSample(map: NdArray, reduction: ChannelReduction): NdArray[] {
  return Array.from({ length: map.shape[0] as number }, (_, i) => {
    const sample = sampleOf(map, i);
    return sample.shape.length === 3 ? reduceChannels(sample, reduction) : sample;
  });
}

/**
 * Runs `definition` on `samples` with `options` and returns one 2-D map per sample, channels
 * reduced by `reduction` (default 'max-abs', keras-vis's max of |g| over channels).
 */
export async function explainSamples(
  definition: MethodDefinition,
  adapter: ModelAdapter,
  samples: readonly DemoSample[],
  options: Readonly<Record<string, unknown>>,
  reduction: ChannelReduction = 'max-abs',
): Promise<ExplainedSamples> {
  const input = samplesBatch(samples);
  const started = performance.now();
  try {
    const attribution = await definition.run(adapter, input, options);
    return { maps: mapsPerSample(attribution.map, reduction), meta: attribution.meta, seconds: (performance.now() - started) / 1000 };
  } finally {
    input.dispose();
  }
}

/** The model's output rows for `samples` (one array of output values per sample). */
export async function outputsOf(adapter: ModelAdapter, samples: readonly DemoSample[]): Promise<number[][]> {
  const output = tf.tidy(() => {
    const result = adapter.run([samplesBatch(samples)]).outputs[0] as tf.Tensor;
    return result.reshape([samples.length, -1]);
  });
  try {
    const values = await output.data();
    const width = output.shape[1] as number;
    return samples.map((_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));
  } finally {
    output.dispose();
  }
}
