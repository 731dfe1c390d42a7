/**
 * ROAD, RemOve And Debias (Rong et al. 2022), most relevant first: for fractions 1/(steps+1) ..
 * steps/(steps+1) of the pixels, the most relevant ones are removed by noisy linear imputation
 * (noisy-imputation.ts) and the target score is read. The score is the mean over those points: a
 * faithful map makes the score fall fast (lower is better). Quantus reports accuracy at each
 * fraction; the target score keeps one sample's curve informative.
 */
import { standardNormals } from '../../core/random.ts';
import { defineSchema, option } from '../../methods/schema.ts';
import { defineMetric } from '../definition.ts';
import { orderByRelevance, samplesOf } from '../layout.ts';
import { batchSizeOption, seedOption } from '../options.ts';
import { scoreRowsInChunks } from '../rows.ts';
import { imputeNoisyLinear } from './noisy-imputation.ts';

/** ROAD's options: steps 9 (10 % .. 90 %), noise 0.01 (Rong et al.'s), seed 0, batchSize 64. */
export const roadSchema = defineSchema({
  /** Removal fractions k / (steps + 1), k = 1..steps. Default 9: 10 %, 20 %, .. 90 %. */
  steps: option.integer({ default: 9, min: 1, max: 1000, doc: 'Removal fractions k / (steps + 1) for k = 1..steps (9: 10 % to 90 %).' }),
  /** Standard deviation of the noise added to imputed values. Default 0.01. */
  noise: option.number({ default: 0.01, min: 0, max: 100, doc: 'Standard deviation of the Gaussian noise added to imputed values.' }),
  /** Seed of the noise. Default 0. */
  seed: seedOption('Seed of the imputation noise.'),
  /** Rows per model call. Default 64. */
  batchSize: batchSizeOption,
});

/** ROAD (MoRF): the mean target score after removing the most relevant pixels by noisy linear imputation (lower is better). */
export const roadMetric = defineMetric(
  {
    name: 'road',
    title: 'ROAD (most relevant first)',
    family: 'faithfulness',
    summary: 'Mean target score as growing shares of the most relevant pixels are removed by noisy linear imputation, which leaks no shape of the removed region (lower is better).',
    reference: 'Rong, Leemann, Borisov, Kasneci, Kasneci 2022, A Consistent and Efficient Evaluation Strategy for Attribution Methods',
    higherIsBetter: false,
    randomized: true,
    produces: 'curves',
  },
  roadSchema,
  async (context, options) => {
    const { layout, inputs } = context;
    const fractions = Array.from({ length: options.steps }, (_, k) => (k + 1) / (options.steps + 1));
    const pixels = await context.pixelMaps();
    const orders = pixels.map((p) => orderByRelevance(p));
    const samples = samplesOf(inputs.values[0] as Float32Array, layout, inputs.batchSize);
    const scores = await scoreRowsInChunks(
      context,
      samples.map(() => fractions.length),
      (sample, k, row) => {
        row.set(samples[sample] as Float32Array);
        const removed = (orders[sample] as Int32Array).subarray(0, Math.round((fractions[k] as number) * layout.pixels));
        const noise = standardNormals(options.seed, `road:${k}`, removed.length * layout.channels);
        imputeNoisyLinear(row, layout.height, layout.width, layout.channels, removed, noise, options.noise);
      },
      options.batchSize,
    );
    return {
      scores: scores.map((y) => y.reduce((a, b) => a + b, 0) / y.length),
      curves: scores.map((y) => ({ x: fractions, y: Array.from(y) })),
    };
  },
);
