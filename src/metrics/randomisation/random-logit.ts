/**
 * Random logit (Sixt et al. 2020, as Quantus computes it): the similarity between a sample's map for
 * its class and its map for another class drawn at random. A class-sensitive map differs; lower is
 * better. The other class is drawn from `seed` and the sample's own class, so a batch equals its
 * samples run alone.
 */
import { SaliencyError } from '../../core/errors.ts';
import { seededUniform } from '../../core/random.ts';
import { defineSchema, option } from '../../methods/schema.ts';
import { defineMetric } from '../definition.ts';
import { pixelRelevance } from '../layout.ts';
import { batchSizeOption, seedOption } from '../options.ts';
import { classCount } from '../scoring.ts';
import { mapSimilarity, similarityOption } from './similarity.ts';

/** Random logit's options: similarity 'ssim' (Quantus's), absolute false, seed 0, batchSize 64. */
export const randomLogitSchema = defineSchema({
  /** How the two maps are compared. Default 'ssim'. */
  similarity: similarityOption('ssim'),
  /** Compare absolute maps. Default false (Quantus's). */
  absolute: option.boolean({ default: false, doc: 'Compare the absolute values of the maps.' }),
  /** Seed of the other classes. Default 0. */
  seed: seedOption('Seed of the randomly drawn other class.'),
  /** Samples explained per call of the explainer. Default 64. */
  batchSize: batchSizeOption,
});

/** The other class for a sample of class `unit` among `classes`: uniform over the classes but `unit`. */
export function otherClass(seed: number, unit: number, classes: number): number {
  const draw = Math.floor(seededUniform(seed, `random-logit:${unit}`)() * (classes - 1));
  return draw >= unit ? draw + 1 : draw;
}

/** Random logit: similarity of the map for the class and for a random other class (lower is better). */
export const randomLogitMetric = defineMetric(
  {
    name: 'random-logit',
    title: 'Random logit',
    family: 'randomisation',
    summary: "Similarity between a sample's map for its class and its map for a randomly drawn other class: a class-sensitive map differs (lower is better).",
    reference: 'Sixt, Granz, Landgraf 2020, When Explanations Lie: Why Many Modified BP Attributions Fail',
    higherIsBetter: false,
    needsExplainer: true,
    randomized: true,
  },
  randomLogitSchema,
  async (context, options) => {
    const { layout, inputs } = context;
    const model = context.model as NonNullable<typeof context.model>;
    const classes = classCount(model);
    const original = pixelRelevance(await context.maps(), layout, inputs.batchSize);
    const units = await context.units();
    if (!units) throw new SaliencyError('INVALID_ARGUMENT', "target: 'random-logit' needs a class per sample (a class index, per-sample classes, or the predicted class)", 'target');
    const others = units.map((u) => otherClass(options.seed, u, classes));
    const scores: number[] = [];
    for (let start = 0; start < inputs.batchSize; start += options.batchSize) {
      const rows = Array.from({ length: Math.min(options.batchSize, inputs.batchSize - start) }, (_, r) => start + r);
      const values = (inputs.values[0] as Float32Array).subarray(start * layout.size, (start + rows.length) * layout.size);
      const maps = pixelRelevance(await context.explain(model, values, rows, rows.map((s) => others[s] as number)), layout, rows.length);
      rows.forEach((s, r) => scores.push(mapSimilarity(original[s] as Float32Array, maps[r] as Float32Array, layout, options.similarity, options.absolute)));
      context.count(rows.length);
      await context.progress(start + rows.length, inputs.batchSize);
    }
    return { scores, extra: { otherClasses: others } };
  },
);
