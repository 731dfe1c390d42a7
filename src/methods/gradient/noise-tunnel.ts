/**
 * The noise tunnel (Captum NoiseTunnel, PAIR GetSmoothedMask) around any method: the method's maps
 * on `samples` noisy copies x + e, e ~ N(0, sigma^2), reduced per element to their mean
 * ('smoothgrad'), mean of squares ('smoothgrad_sq') or variance ('vargrad'). Method names are
 * resolved by the lookup the caller hands in, so this file never imports the registry that lists
 * the tunnel: the public noiseTunnel (noise-tunnel-api.ts) hands it the registry's getMethod.
 */
import { modelBatchExtra, openContext, zeroMapWarnings, ZERO_MAP_WARNING, type ExplainOptions } from '../../core/explain.ts';
import { downloadInputs, type ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';
import type { Attribution, AttributionMeta } from '../../core/result.ts';
import { standardNormals } from '../../core/random.ts';
import { innerRunner, type InnerMethod, type MethodLookup } from './inner-method.ts';
import { rejectOption } from '../options.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { scoreSamples, targetForRows } from '../../core/pinned.ts';
import { RunningMoments } from './running-moments.ts';
import { noisyRows, valueRange } from './noisy-copies.ts';

/** How the noisy maps are reduced: mean, mean of squares, or variance (Captum's names). */
export const NOISE_TUNNEL_TYPES = ['smoothgrad', 'smoothgrad_sq', 'vargrad'] as const;
/** One of {@link NOISE_TUNNEL_TYPES}: how the noisy maps are reduced. */
export type NoiseTunnelType = (typeof NOISE_TUNNEL_TYPES)[number];
/** 'range': sigma is a fraction of each sample's max - min (per model input); 'absolute': sigma as given. */
export const NOISE_SCALES = ['range', 'absolute'] as const;
/** One of {@link NOISE_SCALES}: what sigma is relative to. */
export type NoiseScale = (typeof NOISE_SCALES)[number];

const INNER_METHODS = 'a registered method name, a registry entry or an attribution function';

/** The options of {@link noiseTunnel}, declared once (see methods/schema.ts). */
export const noiseTunnelSchema = defineSchema({
  /** The method wrapped: a registered name ('saliency', 'integrated-gradients' ...), a registry entry or a typed function. Default 'saliency'. */
  method: option.custom<InnerMethod, 'saliency'>({
    doc: 'The registered method run on the noisy copies; its options may be given too.',
    default: 'saliency',
    form: { kind: 'string' },
    check: (value, name) => {
      const ok = (typeof value === 'string' && value.length > 0) || typeof value === 'function' || (typeof value === 'object' && value !== null && typeof (value as { run?: unknown }).run === 'function');
      return ok ? (value as InnerMethod) : rejectOption(name, value, INNER_METHODS);
    },
  }),
  /** Options of the inner method (target, softmax and backpropModifier are passed from here). Default {}. */
  methodOptions: option.custom<Readonly<Record<string, unknown>>, Readonly<Record<string, unknown>>>({
    doc: 'Options of the inner method.',
    default: Object.freeze({}),
    check: (value, name) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Readonly<Record<string, unknown>>) : rejectOption(name, value, 'an object of options')),
  }),
  /** The reduction: mean ('smoothgrad'), mean of squares ('smoothgrad_sq') or variance ('vargrad'). Default 'smoothgrad'. */
  type: option.choice(NOISE_TUNNEL_TYPES, { default: 'smoothgrad', doc: 'How the noisy maps are reduced.' }),
  /** Noisy copies per sample. Default 25. */
  samples: option.integer({ default: 25, min: 1, max: 1000, doc: 'Noisy copies per sample.' }),
  /** Noise standard deviation, absolute or a fraction of the value range (see noiseScale). Default 0.15 (PAIR's). */
  sigma: option.number({ default: 0.15, min: 0, max: 10, step: 0.01, doc: 'Noise standard deviation (a fraction of the value range, or absolute).' }),
  /** How sigma is read. Default 'range'. */
  noiseScale: option.choice(NOISE_SCALES, { default: 'range', doc: "'range': sigma times each sample's max - min; 'absolute': sigma as given." }),
  /** Noisy copies per inner call (each call holds this many x batch rows). Default 5. */
  samplesBatchSize: option.integer({ default: 5, min: 1, max: 1000, doc: 'Noisy copies per call of the inner method (bounds memory).' }),
  /** Seed of the noise; copy j of every sample gets the same standard normal draws. Default 0. */
  seed: option.integer({ default: 0, doc: 'Seed of the noise.' }),
});

/** Options of {@link noiseTunnel}. */
export interface NoiseTunnelOptions extends ExplainOptions, LongRunningOptions, SchemaOptions<typeof noiseTunnelSchema> {}

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
  const settings = resolveOptions(noiseTunnelSchema, options, 'noise-tunnel');
  const { type, noiseScale: scale, samples, sigma, seed } = settings;
  const perCall = Math.min(samples, settings.samplesBatchSize);
  const run = innerRunner(model, settings.method, lookup);
  const context = openContext(model, input, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.softmax ? { softmax: options.softmax } : {}),
    ...(options.engine !== undefined ? { engine: options.engine } : {}),
  });
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
      ...settings.methodOptions,
      target: targetForRows(context.target, sampleOfRow, scores.units),
      ...(options.softmax ? { softmax: options.softmax } : {}),
      ...(options.backpropModifier !== undefined ? { backpropModifier: options.backpropModifier } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.engine !== undefined ? { engine: options.engine } : {}),
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
    // The inner runs' warnings (a rule that changed nothing, a model explained as it is), but zero maps re-checked on the mean.
    warnings: [...inner.warnings.filter((w) => !w.startsWith(ZERO_MAP_WARNING)), ...zeroMapWarnings(maps)],
    scores: scores.scores,
    ...(scores.units ? { units: scores.units } : {}),
    extra: { ...modelBatchExtra(context.adapter), inner: inner.method, innerExtra: inner.extra, type, samples, sigmas, noiseScale: scale, seed },
  };
  return { maps, map: maps[0] as NdArray, meta };
}
