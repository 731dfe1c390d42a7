/**
 * The sanity check's randomised model (Adebayo et al. 2018): a second copy of a bundled model whose
 * every weight is re-drawn, seeded, from a normal distribution with the spread of the trained
 * weight it replaces (so activations keep their scale, the learned structure is gone).
 */
import * as tf from '@tensorflow/tfjs';
import type { BundledModelName } from '../models/lib/bundled.ts';
import { openBundledModel, type BundledModel } from './bundled-models.ts';

/** Seed of the re-drawn weights. */
export const RANDOMISED_SEED = 7;

/** A freshly loaded copy of bundled model `name` with re-drawn weights (dispose it). */
export async function openRandomisedModel(name: BundledModelName): Promise<BundledModel> {
  const bundle = await openBundledModel(name);
  bundle.model.layers.forEach((layer, l) => {
    const drawn = tf.tidy(() =>
      layer.getWeights().map((weight, w) => {
        const { variance } = tf.moments(weight);
        const spread = Math.sqrt(variance.dataSync()[0] as number) || 0.05;
        return tf.randomNormal(weight.shape, 0, spread, 'float32', RANDOMISED_SEED + 101 * l + w);
      }),
    );
    if (drawn.length > 0) layer.setWeights(drawn);
    tf.dispose(drawn);
  });
  return bundle;
}
