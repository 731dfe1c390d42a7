// Faithfulness and randomisation of the panels' maps for the current image, in the worker: per
// method its deletion and insertion curves (Petsiuk et al. 2018; class probability as the most
// relevant pixels are removed / put back) and the MPRT strip (Adebayo et al. 2018; similarity to the
// trained model's map as layers are randomised from the top, on a private copy of the model).
import * as tf from '@tensorflow/tfjs';
import { evaluate, getMethod, isFunctionModel, type MetricResult } from 'tfjs-saliency';
import { probabilityModel } from '../onnx/probability-model.ts';
import type { ExplainTarget, MethodCall, MethodMeasures } from '../protocol.ts';
import { explainTarget } from './explain-target.ts';
import type { LoadedModel } from './load-model.ts';
import { methodOptions } from './methods.ts';

function curve(result: MetricResult): MethodMeasures['deletion'] {
  const first = result.curves?.[0];
  return { x: [...(first?.x ?? [])], y: [...(first?.y ?? [])], score: result.scores[0] ?? Number.NaN };
}

/**
 * Measures the maps of `calls` on `input` ([height, width, channels]) for `target`, with `steps`
 * steps per curve; reports progress as a fraction and stops when `signal` aborts. MPRT needs a
 * layers model (a graph model has no layers to randomise): for others it is left out with a note.
 */
export async function measureMaps(
  loaded: LoadedModel,
  input: { readonly data: Float32Array; readonly shape: readonly number[] },
  target: ExplainTarget,
  calls: readonly MethodCall[],
  steps: number,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<MethodMeasures[]> {
  const batch = { data: input.data, shape: [1, ...input.shape] };
  const spec = explainTarget(target);
  // Probabilities as Petsiuk et al.; a class-versus-class difference is a logit difference.
  const scoring = { target: spec, signal, ...(target.versus === undefined ? { softmax: 'keep' as const } : {}) };
  const layers = loaded.model instanceof tf.LayersModel;
  // A function model's logits have no softmax to keep: the curves read it through one.
  const scored = isFunctionModel(loaded.model) && target.versus === undefined ? probabilityModel(loaded.model) : loaded.model;
  const measures: MethodMeasures[] = [];
  for (const [i, call] of calls.entries()) {
    const options = methodOptions(call);
    const attribution = await getMethod(call.method).run(loaded.model, batch, { ...options, target: spec, signal });
    const deletion = await evaluate(scored, batch, attribution, 'deletion', { ...scoring, steps });
    const insertion = await evaluate(scored, batch, attribution, 'insertion', { ...scoring, steps });
    onProgress((i + 0.5) / calls.length);
    const mprt = layers ? await evaluate(loaded.model, batch, { explainer: { method: call.method, options } }, 'model-parameter-randomisation', { target: spec, signal }) : undefined;
    measures.push({
      method: call.method,
      deletion: curve(deletion),
      insertion: curve(insertion),
      mprt: mprt?.perLayer ? { layers: mprt.perLayer.map((l) => l.layer), similarity: mprt.perLayer.map((l) => l.similarity[0] ?? Number.NaN) } : undefined,
      notes: [...deletion.meta.warnings, ...(mprt?.meta.warnings ?? []), ...(layers ? [] : ['MPRT needs a layers model: left out'])],
    });
    onProgress((i + 1) / calls.length);
  }
  return measures;
}
