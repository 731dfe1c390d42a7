/**
 * Local Lipschitz estimate (Alvarez-Melis and Jaakkola 2018, as Quantus computes it): over noisy
 * copies x + d, d ~ N(0, sigma^2) per value, the largest ratio ||a(x) - a(x + d)|| / ||d||. Lower
 * is better. Defaults: 10 copies, sigma 0.1 (Quantus's sigma; it draws 200 copies).
 */
import { standardNormals } from '../../core/random.ts';
import { defineMetric } from '../definition.ts';
import { distance, noisyExplanations, norm, robustnessSchema } from './sensitivity.ts';

/** Local Lipschitz estimate's options: samples 10, spread (sigma) 0.1, seed 0, batchSize 64. */
export const localLipschitzSchema = robustnessSchema({ default: 0.1, doc: 'Standard deviation of the Gaussian noise added to every input value.' }, 10);

/** Local Lipschitz estimate: the largest ||a(x) - a(x + d)|| / ||d|| over Gaussian noise d (lower is better). */
export const localLipschitzMetric = defineMetric(
  {
    name: 'local-lipschitz-estimate',
    title: 'Local Lipschitz estimate',
    family: 'robustness',
    summary: 'The largest ratio of the change of the map to the size of the input noise, ||a(x) - a(x + d)|| / ||d|| (lower is better).',
    reference: 'Alvarez-Melis, Jaakkola 2018, On the Robustness of Interpretability Methods',
    higherIsBetter: false,
    needsExplainer: true,
    randomized: true,
  },
  localLipschitzSchema,
  async (context, options) => {
    const size = context.layout.size;
    const noise = (k: number): Float32Array => standardNormals(options.seed, `lipschitz:${k}`, size).map((v) => v * options.spread);
    const ratios = await noisyExplanations(context, options.samples, options.batchSize, noise, (a, b, d) => {
      const step = norm(d);
      return step === 0 ? 0 : distance(a, b) / step;
    });
    return { scores: ratios.map((values) => values.reduce((m, v) => Math.max(m, v), -Infinity)) };
  },
);
