/**
 * Score-CAM (Wang et al. 2020) and Faster-ScoreCAM: no gradients. Each activation channel, resized
 * and scaled to [0, 1), masks the input; the target's score on the masked input (its softmax
 * probability by default) weights the channel; the map is `sum_k weight_k A_k`. The masked inputs
 * are evaluated in batches of `batchSize`, each row pinned to its own sample's class.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../core/errors.ts';
import type { ExplainContext } from '../../core/explain.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { objectiveForRows, unitsOfSamples } from '../../core/pinned.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { maskedInputs, selectChannels } from './activation-masks.ts';
import { camMaps, channelsToMaps, runCam, withScores, type CamCall, type CamTensors } from './cam-call.ts';
import { augSmoothed } from './aug-smooth.ts';
import { capturedActivation } from './captured-activation.ts';
import { camSchema, camSmoothSchema, type CamOptions } from './cam-options.ts';
import { defineMethod } from '../definition.ts';
import { refuseBackpropModifier } from '../gradient-free.ts';
import { runForward } from '../../core/forward.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';

/** How the score of a masked input becomes a channel weight: its softmax probability, or the score as the target gives it. */
export type ScoreActivation = 'softmax' | 'none';
/** Every valid {@link ScoreActivation}. */
export const SCORE_ACTIVATIONS: readonly ScoreActivation[] = ['softmax', 'none'];
/** The options of {@link scoreCam}, declared once (see methods/schema.ts): the CAM options and its own. */
export const scoreCamSchema = defineSchema({
  ...camSchema,
  ...camSmoothSchema,
  /** Masked inputs evaluated per model call. Default 32 (tf-keras-vis `batch_size`). */
  batchSize: option.integer({ default: 32, min: 1, max: 4096, doc: 'Masked inputs evaluated per model call.' }),
  /** Faster-ScoreCAM: per sample, use only the `maxN` channels of largest spatial std. Default: every channel. */
  maxN: option.integer({ min: 1, max: 100000, doc: 'Faster-ScoreCAM: only the maxN channels of largest spatial spread (default: all).' }),
  /**
   * 'softmax' (default): for classification targets read at a model output, the weight is the
   * softmax probability of the class computed from the logits (the paper, tf-keras-vis); other
   * targets use their score. 'none': the target's score as the `softmax` option gives it.
   */
  scoreActivation: option.choice(SCORE_ACTIVATIONS, { default: 'softmax', doc: 'Weight channels by the softmax probability of the class, or by the raw score.' }),
});

/** Options of {@link scoreCam}. */
export interface ScoreCamOptions extends CamOptions, LongRunningOptions, SchemaOptions<typeof scoreCamSchema> {}

/**
 * Score-CAM maps [N, H, W] (the input's spatial shape; the layer's with `upsample: 'none'`),
 * unnormalised. Masks are resized with `upsample`'s interpolation (bilinear when it is 'none').
 * Unlike tf-keras-vis, Faster-ScoreCAM picks channels per sample, so a batch gives the same maps as
 * its samples alone. A backpropModifier is refused: Score-CAM takes no gradients.
 */
export async function scoreCam(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: ScoreCamOptions = {},
): Promise<Attribution> {
  refuseBackpropModifier(options, 'score-cam');
  if (options.augSmooth === true) return augSmoothed(scoreCam, model, input, options);
  const settings = { ...options, ...resolveOptions(scoreCamSchema, options, 'score-cam') };
  const { batchSize, maxN, scoreActivation } = settings;
  let softmaxUsed = false;
  return runCam({
    model,
    input,
    options: settings,
    method: 'score-cam',
    resizesOntoInputs: true,
    compute: async (call) => {
      softmaxUsed = scoreActivation === 'softmax' && call.context.target.classification && call.context.target.layer === undefined;
      return computeScoreCam(call, { ...options, batchSize, maxN, softmax: softmaxUsed });
    },
    details: () => ({ extra: { scoreActivation: softmaxUsed ? 'softmax' : 'none', batchSize, maxN: maxN ?? null } }),
  });
}

async function computeScoreCam(
  call: CamCall,
  settings: LongRunningOptions & { batchSize: number; maxN: number | undefined; softmax: boolean },
): Promise<CamTensors> {
  const { context } = call;
  const units = await unitsOfSamples(context);
  const first = tf.tidy(() => {
    const { activation, ...scored } = capturedActivation(call);
    const channels = activation.shape[activation.rank - 1] as number;
    check(settings.maxN === undefined || settings.maxN <= channels, 'maxN', `${settings.maxN} exceeds the ${channels} channels of '${call.layer.info.path.join('/')}'; use 1 to ${channels}`);
    return { maps: selectChannels(activation, settings.maxN), ...scored };
  });
  const weights: tf.Tensor1D[] = [];
  try {
    const [batch, kept] = first.maps.shape as [number, number];
    const flat = tf.reshape(first.maps, [batch * kept, ...first.maps.shape.slice(2)]);
    try {
      for (let start = 0; start < batch * kept; start += settings.batchSize) {
        const count = Math.min(settings.batchSize, batch * kept - start);
        const rows = Array.from({ length: count }, (_, j) => Math.floor((start + j) / kept));
        weights.push(tf.tidy(() => scoreMaskedRows(call, flat, rows, start, units, settings.softmax)));
        await reportProgress(settings, start + count, batch * kept);
      }
    } finally {
      flat.dispose();
    }
    const maps = tf.tidy(() => {
      const channelWeights = tf.reshape(tf.concat(weights), [batch, kept, ...first.maps.shape.slice(2).map(() => 1)]);
      const weighted = tf.mul(channelWeights, first.maps);
      return call.eigenSmooth ? channelsToMaps(call, tf.transpose(weighted, [0, ...weighted.shape.slice(2).map((_, i) => i + 2), 1])) : camMaps(call, tf.sum(weighted, 1));
    });
    return withScores(maps, first);
  } catch (error) {
    tf.dispose([first.scores, ...(first.units ? [first.units] : [])]);
    throw error;
  } finally {
    weights.forEach((w) => w.dispose());
    first.maps.dispose();
  }
}

function scoreMaskedRows(
  call: CamCall,
  maps: tf.Tensor,
  rows: readonly number[],
  start: number,
  units: readonly number[] | undefined,
  softmax: boolean,
): tf.Tensor1D {
  const { context } = call;
  const mode = call.upsample === 'none' ? 'bilinear' : call.upsample;
  const masked = context.input.tensors.map((t) => maskedInputs(t, maps, rows, start, mode));
  const objective = objectiveForRows(softmax ? withLogits(context) : context, rows, units);
  const run = runForward(context, masked, objective.hooks);
  const read = softmax ? { ...run, outputs: run.outputs.map((o) => (o.rank === 2 ? tf.softmax(o) : o)) } : run;
  return objective.score(read).total;
}

/** The context with its final softmax removed, so that the softmax applied to the scores sees logits. */
function withLogits(context: ExplainContext): ExplainContext {
  return { ...context, meta: { ...context.meta, softmax: { ...context.meta.softmax, mode: 'remove' } } };
}

/** Registry entry of {@link scoreCam}. */
export const scoreCamMethod = defineMethod(
  {
    name: 'score-cam',
    evaluations: () => undefined,
    title: 'Score-CAM',
    family: 'cam',
    summary: 'Each channel of a conv layer masks the input; the class score of the masked input weights that channel. No gradients.',
    mapShape: 'spatial',
    randomized: false,
    needsSpatialLayer: true,
    takesBackpropModifier: false,
  },
  scoreCamSchema,
  scoreCam,
);
