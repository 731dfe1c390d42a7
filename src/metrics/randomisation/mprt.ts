/**
 * The model parameter randomisation test (Adebayo et al. 2018, "Sanity Checks for Saliency Maps"):
 * the layers of a private copy of the model are randomised one by one from the output down
 * ('cascading': each step keeps the layers above randomised; 'independent': one layer at a time)
 * and each sample's map on the randomised copy is compared with its map on the trained model. A map
 * that depends on what the model learned decorrelates; the score is the mean similarity over the
 * layers (Quantus's return_average_correlation), lower is better. Weights are randomised by a seeded
 * shuffle of each weight tensor's values (Quantus's TF backend permutes along the first axis only).
 */
import { defineSchema, option } from '../../methods/schema.ts';
import { defineMetric } from '../definition.ts';
import { pixelRelevance } from '../layout.ts';
import { batchSizeOption, seedOption } from '../options.ts';
import type { LayerSimilarity } from '../result.ts';
import { explainRowsInChunks } from '../rows.ts';
import { cloneLayersModel, layerWeights, layersModelOf, randomiseLayer, restoreLayer, weightedLayers } from './clone-model.ts';
import { mapSimilarity, similarityOption } from './similarity.ts';

/** MPRT's options: mode 'cascading', order 'top-down', similarity 'spearman', absolute true, seed 0, batchSize 64. */
export const mprtSchema = defineSchema({
  /** 'cascading' keeps the layers above randomised (the paper's main test); 'independent' randomises one layer at a time. Default 'cascading'. */
  mode: option.choice(['cascading', 'independent'], { default: 'cascading', doc: "'cascading': randomise layers cumulatively; 'independent': one layer at a time." }),
  /** Which end randomisation starts from. Default 'top-down' (the paper's). */
  order: option.choice(['top-down', 'bottom-up'], { default: 'top-down', doc: 'Randomise from the output layer down (the paper) or from the input up.' }),
  /** How maps are compared. Default 'spearman'. */
  similarity: similarityOption('spearman'),
  /** Compare absolute maps (the paper's). Default true. */
  absolute: option.boolean({ default: true, doc: 'Compare the absolute values of the maps (Adebayo et al.).' }),
  /** Seed of the weight shuffles. Default 0. */
  seed: seedOption('Seed of the weight shuffles.'),
  /** Samples explained per call of the explainer. Default 64. */
  batchSize: batchSizeOption,
});

/** MPRT: mean similarity of maps on the trained model and on layer-by-layer randomised copies (lower is better). */
export const mprtMetric = defineMetric(
  {
    name: 'model-parameter-randomisation',
    title: 'Model parameter randomisation (MPRT)',
    family: 'randomisation',
    summary: 'Similarity of the maps of the trained model and of copies whose layers are randomised from the top down: a map that reflects what the model learned decorrelates (lower is better).',
    reference: 'Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim 2018, Sanity Checks for Saliency Maps',
    higherIsBetter: false,
    needsExplainer: true,
    randomized: true,
    produces: 'layers',
  },
  mprtSchema,
  async (context, options) => {
    const { layout, inputs } = context;
    const trained = layersModelOf(context.model, 'model-parameter-randomisation');
    const original = pixelRelevance(await context.maps(), layout, inputs.batchSize);
    const units = await context.units();
    const copy = await cloneLayersModel(trained);
    try {
      const layers = weightedLayers(copy, options.order);
      const perLayer: LayerSimilarity[] = [];
      let previous: { layer: (typeof layers)[number]; saved: ReturnType<typeof layerWeights> } | undefined;
      for (const [index, layer] of layers.entries()) {
        if (options.mode === 'independent' && previous) restoreLayer(previous.layer, previous.saved);
        previous = { layer, saved: layerWeights(layer) };
        randomiseLayer(layer, options.seed);
        const similarity = new Array<number>(inputs.batchSize).fill(Number.NaN);
        const samples = inputs.values[0] as Float32Array;
        await explainRowsInChunks(
          context,
          copy,
          original.map(() => 1),
          (sample, _k, row) => row.set(samples.subarray(sample * layout.size, (sample + 1) * layout.size)),
          options.batchSize,
          (sample, _k, map) => {
            const [relevance] = pixelRelevance({ data: map, shape: [1, ...mapShape(map.length, layout)] }, layout, 1);
            similarity[sample] = mapSimilarity(original[sample] as Float32Array, relevance as Float32Array, layout, options.similarity, options.absolute);
          },
          { done: index * inputs.batchSize, total: layers.length * inputs.batchSize },
        );
        perLayer.push({ layer: layer.name, similarity });
      }
      const scores = original.map((_, s) => meanOfFinite(perLayer.map((l) => l.similarity[s] as number)));
      const undefinedAt = perLayer.filter((l) => l.similarity.some((v) => Number.isNaN(v))).map((l) => l.layer);
      return {
        scores,
        perLayer,
        extra: { layers: perLayer.map((l) => l.layer), units: units ?? null },
        ...(undefinedAt.length ? { warnings: [`the similarity is undefined (a constant map) after randomising ${undefinedAt.join(', ')}; the score averages the other layers`] } : {}),
      };
    } finally {
      copy.dispose();
    }
  },
);

/** The per-sample map shape for `size` values: the input's sample shape, or its pixel grid. */
function mapShape(size: number, layout: { readonly size: number; readonly sampleShape: readonly number[]; readonly pixels: number }): number[] {
  return size === layout.size ? [...layout.sampleShape] : size === layout.pixels ? [layout.pixels] : [size];
}

/** The mean of the finite values (NaN when there are none). */
export function meanOfFinite(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
}
