/**
 * Ablation-CAM (Desai & Ramaswamy 2020): no gradients. Channel k of a conv layer is set to zero and
 * the drop of the target's score weighs it, `w_k = (y - y_k) / y`; the map is `sum_k w_k A_k`. The
 * ablated activations replace the layer's output (the model runs on copies of the sample), in
 * batches of `batchSize` rows, each pinned to its own sample's class. pytorch-grad-cam sets an
 * ablated channel to 0 when the layer's minimum is 0 (ReLU layers) and to min - 1e7 otherwise; here
 * it is always 0, as in the paper.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { objectiveForRows, unitsOfSamples } from '../../core/pinned.ts';
import { reportProgress, type LongRunningOptions } from '../../core/progress.ts';
import type { Attribution } from '../../core/result.ts';
import { augSmoothed } from './aug-smooth.ts';
import { channelsToMaps, runCam, withScores, type CamCall, type CamTensors } from './cam-call.ts';
import { camSchema, camSmoothSchema, type CamOptions } from './cam-options.ts';
import { capturedActivation } from './captured-activation.ts';
import { defineMethod } from '../definition.ts';
import { refuseBackpropModifier } from '../gradient-free.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';

/** The options of {@link ablationCam}: the CAM options, the smoothing ones and the batch size. */
export const ablationCamSchema = defineSchema({
  ...camSchema,
  ...camSmoothSchema,
  /** Ablated copies evaluated per model call. Default 32 (pytorch-grad-cam's `batch_size`). */
  batchSize: option.integer({ default: 32, min: 1, max: 4096, doc: 'Ablated copies evaluated per model call.' }),
});

/** Options of {@link ablationCam}. */
export interface AblationCamOptions extends CamOptions, LongRunningOptions, SchemaOptions<typeof ablationCamSchema> {}

/**
 * Ablation-CAM maps [N, H, W] (the input's spatial shape; the layer's with `upsample: 'none'`),
 * unnormalised. A sample whose score is 0 gets zero weights. A backpropModifier is refused.
 */
export async function ablationCam(model: ExplainableModel | ModelAdapter, input: ModelInput, options: AblationCamOptions = {}): Promise<Attribution> {
  refuseBackpropModifier(options, 'ablation-cam');
  if (options.augSmooth === true) return augSmoothed(ablationCam, model, input, options);
  const settings = { ...options, ...resolveOptions(ablationCamSchema, options, 'ablation-cam') };
  return runCam({
    model,
    input,
    options: settings,
    method: 'ablation-cam',
    compute: (call) => computeAblationCam(call, { ...options, batchSize: settings.batchSize }),
    details: () => ({ extra: { batchSize: settings.batchSize, ablationValue: 0 } }),
  });
}

async function computeAblationCam(call: CamCall, settings: LongRunningOptions & { batchSize: number }): Promise<CamTensors> {
  const { context } = call;
  const units = await unitsOfSamples(context);
  const first = tf.tidy(() => capturedActivation(call));
  const drops: tf.Tensor1D[] = [];
  try {
    const batch = first.activation.shape[0] as number;
    const channels = first.activation.shape[first.activation.rank - 1] as number;
    for (let start = 0; start < batch * channels; start += settings.batchSize) {
      const rows = Array.from({ length: Math.min(settings.batchSize, batch * channels - start) }, (_, j) => start + j);
      drops.push(tf.tidy(() => ablatedScores(call, first.activation, rows, channels, units)));
      await reportProgress(settings, start + rows.length, batch * channels);
    }
    const maps = tf.tidy(() => {
      const original = tf.reshape(first.scores, [batch, 1]);
      const ablated = tf.reshape(tf.concat(drops), [batch, channels]);
      const weights = tf.divNoNan(tf.sub(original, ablated), original);
      const shaped = tf.reshape(weights, [batch, ...first.activation.shape.slice(1, -1).map(() => 1), channels]);
      return channelsToMaps(call, tf.mul(shaped, first.activation));
    });
    return withScores(maps, first);
  } catch (error) {
    tf.dispose([first.scores, ...(first.units ? [first.units] : [])]);
    throw error;
  } finally {
    drops.forEach((d) => d.dispose());
    first.activation.dispose();
  }
}

/** Scores of rows r = sample * channels + channel: the sample with that channel of the layer set to 0. */
function ablatedScores(call: CamCall, activation: tf.Tensor, rows: readonly number[], channels: number, units: readonly number[] | undefined): tf.Tensor1D {
  const { context } = call;
  const samples = rows.map((r) => Math.floor(r / channels));
  const index = tf.tensor1d(samples, 'int32');
  const keep = tf.sub(1, tf.oneHot(tf.tensor1d(rows.map((r) => r % channels), 'int32'), channels));
  const ablated = tf.mul(tf.gather(activation, index), tf.reshape(keep, [rows.length, ...activation.shape.slice(1, -1).map(() => 1), channels]));
  const objective = objectiveForRows(context, samples, units);
  const inputs = context.input.tensors.map((t) => tf.gather(t, index));
  const run = context.adapter.run(inputs, { ...objective.hooks, replace: new Map([[call.layer.info.layer, ablated]]) });
  return objective.score(run).total;
}

/** Registry entry of {@link ablationCam}. */
export const ablationCamMethod = defineMethod(
  {
    name: 'ablation-cam',
    evaluations: () => undefined,
    title: 'Ablation-CAM',
    family: 'cam',
    summary: "Each channel of a conv layer is zeroed in turn; the relative drop of the class score weighs that channel. No gradients.",
    mapShape: 'spatial',
    randomized: false,
    needsSpatialLayer: true,
    takesBackpropModifier: false,
  },
  ablationCamSchema,
  ablationCam,
);
