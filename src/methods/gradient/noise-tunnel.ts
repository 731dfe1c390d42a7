/**
 * The noise tunnel (Captum NoiseTunnel, PAIR GetSmoothedMask) around any method: the method's maps
 * on `samples` noisy copies x + e, e ~ N(0, sigma^2), reduced per element to their mean
 * ('smoothgrad'), mean of squares ('smoothgrad_sq') or variance ('vargrad'). Method names are
 * resolved by the lookup the caller hands in, so this file never imports the registry that lists
 * the tunnel: the public noiseTunnel (noise-tunnel-api.ts) hands it the registry's getMethod.
 */
import { checkChoice } from '../../core/errors.ts';
import { openContext, zeroMapWarnings, type ExplainOptions } from '../../core/explain.ts';
import { downloadInputs, type ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';
import type { Attribution, AttributionMeta } from '../../core/result.ts';
import { innerRunner, type InnerMethod, type MethodLookup } from './inner-method.ts';
import { integerOption, numberOption } from './option-values.ts';
import { scoreSamples, targetForRows } from '../../core/pinned.ts';
import { RunningMoments } from './running-moments.ts';
import { noisyRows, valueRange } from './noisy-copies.ts';

/** How the noisy maps are reduced: mean, mean of squares, or variance (Captum's names). */
export const NOISE_TUNNEL_TYPES = ['smoothgrad', 'smoothgrad_sq', 'vargrad'] as const;
export type NoiseTunnelType = (typeof NOISE_TUNNEL_TYPES)[number];
/** 'range': sigma is a fraction of each sample's max - min (per model input); 'absolute': sigma as given. */
export const NOISE_SCALES = ['range', 'absolute'] as const;
export type NoiseScale = (typeof NOISE_SCALES)[number];

/** Default inner method. */
export const DEFAULT_NOISE_TUNNEL_METHOD = 'saliency';
/** Default reduction. */
export const DEFAULT_NOISE_TUNNEL_TYPE: NoiseTunnelType = 'smoothgrad';
/** Default number of noisy copies per sample. */
export const DEFAULT_NOISE_SAMPLES = 25;
/** Default noise level: 0.15 of each sample's value range (PAIR's). */
export const DEFAULT_NOISE_SIGMA = 0.15;
/** Default noise scale. */
export const DEFAULT_NOISE_SCALE: NoiseScale = 'range';
/** Default noisy copies per call of the inner method. */
export const DEFAULT_SAMPLES_BATCH_SIZE = 5;
/** Default seed. */
export const DEFAULT_NOISE_SEED = 0;

/** Options of {@link noiseTunnel}. */
export interface NoiseTunnelOptions extends ExplainOptions, LongRunningOptions {
  /** The method wrapped. Default 'saliency'. */
  readonly method?: InnerMethod;
  /** Options of the inner method (target, softmax and backpropModifier are passed from here). Default {}. */
  readonly methodOptions?: Readonly<Record<string, unknown>>;
  /** The reduction. Default 'smoothgrad'. */
  readonly type?: NoiseTunnelType;
  /** Noisy copies per sample. Default 25. */
  readonly samples?: number;
  /** Noise standard deviation, absolute or a fraction of the value range (see noiseScale). Default 0.15. */
  readonly sigma?: number;
  /** How sigma is read. Default 'range'. */
  readonly noiseScale?: NoiseScale;
  /** Noisy copies per inner call (each call holds this many x batch rows). Default 5. */
  readonly samplesBatchSize?: number;
  /** Seed of the noise; copy j of every sample gets the same standard normal draws. Default 0. */
  readonly seed?: number;
}

/**
 * The inner method's maps averaged over noisy copies of each sample (or their squares or
 * variance). meta.extra: inner method, type, samples, sigmas (per input, per sample), seed.
 * Each copy is explained for the unit its original sample explains. A method given by name is
 * found by `lookup` (the registry's getMethod; the public noiseTunnel passes it).
 */
export async function runNoiseTunnel(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: NoiseTunnelOptions,
  lookup: MethodLookup,
): Promise<Attribution> {
  const type = checkChoice(options.type ?? DEFAULT_NOISE_TUNNEL_TYPE, NOISE_TUNNEL_TYPES, 'type');
  const scale = checkChoice(options.noiseScale ?? DEFAULT_NOISE_SCALE, NOISE_SCALES, 'noiseScale');
  const samples = integerOption(options.samples, DEFAULT_NOISE_SAMPLES, 'samples');
  const sigma = numberOption(options.sigma, DEFAULT_NOISE_SIGMA, 'sigma');
  const perCall = Math.min(samples, integerOption(options.samplesBatchSize, DEFAULT_SAMPLES_BATCH_SIZE, 'samplesBatchSize'));
  const seed = integerOption(options.seed, DEFAULT_NOISE_SEED, 'seed', Number.MIN_SAFE_INTEGER);
  const run = innerRunner(model, options.method ?? DEFAULT_NOISE_TUNNEL_METHOD, lookup);
  const context = openContext(model, input, { ...(options.target !== undefined ? { target: options.target } : {}), ...(options.softmax ? { softmax: options.softmax } : {}) });
  let values: NdArray[];
  let scores: Awaited<ReturnType<typeof scoreSamples>>;
  try {
    values = await downloadInputs(context.input);
    scores = await scoreSamples(context);
  } finally {
    context.dispose();
  }
  const batch = context.input.batchSize;
  const sigmas = values.map((v) => Array.from({ length: batch }, (_, i) => sigma * (scale === 'range' ? valueRange(v, i) : 1)));
  let moments: RunningMoments[] | undefined;
  let first: Attribution | undefined;
  for (let start = 0; start < samples; start += perCall) {
    const copies = Math.min(perCall, samples - start);
    const sampleOfRow = Array.from({ length: batch * copies }, (_, r) => Math.floor(r / copies));
    const noisy = values.map((v, k) => noisyRows(v, sigmas[k] as number[], seed, k, start, copies));
    const result = await run(noisy.length === 1 ? (noisy[0] as NdArray) : noisy, {
      ...options.methodOptions,
      target: targetForRows(context.target, sampleOfRow, scores.units),
      ...(options.softmax ? { softmax: options.softmax } : {}),
      ...(options.backpropModifier !== undefined ? { backpropModifier: options.backpropModifier } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    first ??= result;
    moments ??= result.maps.map((m) => new RunningMoments(batch, sizeOf(m.shape.slice(1))));
    result.maps.forEach((map, m) => {
      const size = (moments?.[m] as RunningMoments).size;
      sampleOfRow.forEach((i, r) => moments?.[m]?.add(i, map.data.subarray(r * size, (r + 1) * size)));
    });
    await reportProgress(options, start + copies, samples);
  }
  const maps = (first as Attribution).maps.map((m, k) => {
    const moment = (moments as RunningMoments[])[k] as RunningMoments;
    const data = type === 'smoothgrad' ? moment.mean() : type === 'smoothgrad_sq' ? moment.meanOfSquares() : moment.variance();
    return { data, shape: [batch, ...m.shape.slice(1)] };
  });
  const inner = (first as Attribution).meta;
  const meta: AttributionMeta = {
    ...inner,
    target: context.meta.target,
    method: type.replace('_', '-'),
    warnings: zeroMapWarnings(maps),
    scores: scores.scores,
    ...(scores.units ? { units: scores.units } : {}),
    extra: { inner: inner.method, innerExtra: inner.extra, type, samples, sigmas, noiseScale: scale, seed },
  };
  return { maps, map: maps[0] as NdArray, meta };
}
