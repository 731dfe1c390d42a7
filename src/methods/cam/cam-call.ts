/**
 * The frame every CAM method shares: opening the call (context and layer), bringing the map to the
 * inputs' size, and the metadata saying which layer was read.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../core/errors.ts';
import { finishAttribution, openContext, type ComputedMaps, type ExplainContext, type MethodMeta } from '../../core/explain.ts';
import { computeGradients, type GradientResult } from '../../core/gradients.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { resolveCamLayer, type CamLayer } from './find-layer.ts';
import type { CamSettings } from './cam-options.ts';
import { resizeMaps, type UpsampleMode } from './upsample.ts';
import { reduceChannels } from './eigen-projection.ts';

/** One opened CAM call. Dispose `context` in `finally`. */
export interface CamCall {
  readonly context: ExplainContext;
  readonly layer: CamLayer;
  readonly upsample: UpsampleMode;
  readonly relu: boolean;
  /** Reduce weighted channels by their first principal component instead of their sum (see {@link channelsToMaps}). */
  readonly eigenSmooth: boolean;
}

/**
 * Opens the context and finds the layer, from checked settings. `resizesOntoInputs` says the
 * method resizes layer maps onto the inputs even with `upsample: 'none'` (Score-CAM's masks).
 */
export function openCamCall(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: CamSettings,
  resizesOntoInputs = false,
): CamCall {
  const { upsample, relu } = options;
  const context = openContext(model, input, options);
  try {
    const inputs = context.input.tensors;
    const rank = inputs.find((t) => t.rank === 3 || t.rank === 4)?.rank ?? 4;
    const layer = resolveCamLayer(context.adapter, options.layer, context.target.layer, rank);
    const layerRank = layer.info.outputShape.length;
    const misfit = inputs.findIndex((t) => t.rank !== layerRank);
    if ((upsample !== 'none' || resizesOntoInputs) && misfit >= 0) {
      throw new SaliencyError(
        'INPUT_SHAPE',
        `input: the map of '${layer.info.path.join('/')}' has ${layerRank - 2} spatial axes but input ${misfit} has ` +
          `shape [${(inputs[misfit] as tf.Tensor).shape.join(', ')}]; maps are resized only onto channels-last inputs ` +
          `of the same rank${resizesOntoInputs ? '' : " (upsample: 'none' skips resizing)"}`,
        'input',
      );
    }
    return { context, layer, upsample, relu, eigenSmooth: options.eigenSmooth === true };
  } catch (error) {
    context.dispose();
    throw error;
  }
}

/**
 * Turns a raw map [N, ...layer spatial] into the result maps: ReLU if asked, then one map per model
 * input at that input's spatial size (or the single map at layer resolution). Call inside tf.tidy.
 */
export function camMaps(call: CamCall, cam: tf.Tensor): tf.Tensor[] {
  const rectified = call.relu ? tf.relu(cam) : cam;
  const mode = call.upsample;
  if (mode === 'none') return [rectified];
  return call.context.input.tensors.map((t) => resizeMaps(rectified, t.shape.slice(1, -1), mode));
}

/**
 * {@link camMaps} of channels-last weighted activations [N, ...layer spatial, C]: summed over channels,
 * or projected on their first principal component with `eigenSmooth`. Call inside tf.tidy.
 */
export function channelsToMaps(call: CamCall, weighted: tf.Tensor): tf.Tensor[] {
  return camMaps(call, reduceChannels(weighted, call.eigenSmooth));
}

/** The gradient of the target at the CAM layer, with the layer's activation and the scores. */
export type LayerGradients = GradientResult & { readonly activation: tf.Tensor; readonly gradient: tf.Tensor };

function camLayerGradients(call: CamCall): LayerGradients {
  const result = computeGradients(call.context, call.context.input.tensors, { wrt: call.layer.info });
  return { ...result, activation: result.activation as tf.Tensor, gradient: result.gradients[0] as tf.Tensor };
}

/** Result tensors of a CAM method (a type alias, so tf.tidy can return it). */
export type CamTensors = { maps: tf.Tensor[]; scores: tf.Tensor1D; units?: tf.Tensor1D };

/** `maps` with the scores (and units) of `result`. */
export function withScores(maps: tf.Tensor[], result: Pick<GradientResult, 'scores' | 'units'>): CamTensors {
  return result.units ? { maps, scores: result.scores, units: result.units } : { maps, scores: result.scores };
}

/** The metadata of a CAM result: `wrt` and `extra.layer` name the layer read. */
export function camMeta(
  call: CamCall,
  method: string,
  details: { readonly gradModifier?: string; readonly wrt?: string; readonly extra?: Readonly<Record<string, unknown>> } = {},
): MethodMeta {
  const path = call.layer.info.path.join('/');
  return {
    method,
    wrt: details.wrt ?? path,
    gradModifier: details.gradModifier ?? 'none',
    extra: {
      layer: path,
      layerOutputShape: [...call.layer.info.outputShape],
      layerChosen: call.layer.automatic ? 'automatically' : 'by the caller',
      upsample: call.upsample,
      relu: call.relu,
      ...(call.eigenSmooth ? { eigenSmooth: true } : {}),
      ...details.extra,
    },
  };
}

/** What {@link runCam} needs. */
export interface CamRun {
  readonly model: ExplainableModel | ModelAdapter;
  readonly input: ModelInput;
  /** The method's checked options (see resolveOptions). */
  readonly options: CamSettings;
  /** Registry name of the method. */
  readonly method: string;
  /** Makes the tensors (kept, not yet downloaded). */
  readonly compute: (call: CamCall) => ComputedMaps | Promise<ComputedMaps>;
  /** Method-specific metadata. Default: none. */
  readonly details?: (call: CamCall) => Parameters<typeof camMeta>[2];
  /** See {@link openCamCall}. Default false. */
  readonly resizesOntoInputs?: boolean;
}

/**
 * Runs one CAM method: opens the call, lets `compute` make the tensors, downloads them into an
 * {@link Attribution} and releases everything, also when `compute` throws.
 */
export async function runCam(run: CamRun): Promise<Attribution> {
  const call = openCamCall(run.model, run.input, run.options, run.resizesOntoInputs ?? false);
  try {
    const computed = await run.compute(call);
    return await finishAttribution(call.context, computed, camMeta(call, run.method, run.details?.(call)));
  } finally {
    call.context.dispose();
  }
}

/**
 * Runs a CAM method whose maps come from the gradient at the layer: `toMaps` receives the gradient
 * and activation (inside tf.tidy) and returns one map per model input (see {@link camMaps}).
 */
export async function runGradientCam(
  run: Omit<CamRun, 'compute' | 'resizesOntoInputs'>,
  toMaps: (gradients: LayerGradients, call: CamCall) => tf.Tensor[],
): Promise<Attribution> {
  return runCam({
    ...run,
    compute: (call) =>
      tf.tidy(() => {
        const gradients = camLayerGradients(call);
        return withScores(toMaps(gradients, call), gradients);
      }),
  });
}
