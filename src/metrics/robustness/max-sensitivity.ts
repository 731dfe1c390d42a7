/**
 * Max-sensitivity and avg-sensitivity (Yeh et al. 2019, as Quantus computes them): over noisy
 * copies x + d, d uniform in [-r, r] per value, the largest (or mean) relative change of the map,
 * ||a(x) - a(x + d)|| / ||a(x)||. 0 for a map that does not move (a linear model's gradient); lower
 * is better. Defaults follow Captum (10 copies, r = 0.02); Quantus uses 200 copies and r = 0.2.
 */
import { seededUniform } from '../../core/random.ts';
import { defineMetric, type MetricDescription } from '../definition.ts';
import { distance, noisyExplanations, norm, robustnessSchema } from './sensitivity.ts';

/** The options of max- and avg-sensitivity: samples 10, spread (radius r) 0.02, seed 0, batchSize 64. */
export const sensitivitySchema = robustnessSchema({ default: 0.02, doc: 'Radius r of the uniform noise in [-r, r] added to every input value.' }, 10);

function sensitivityMetric(description: Pick<MetricDescription, 'name' | 'title' | 'summary'>, reduce: (values: Float64Array) => number) {
  return defineMetric(
    {
      ...description,
      family: 'robustness',
      reference: 'Yeh, Hsieh, Suggala, Inouye, Ravikumar 2019, On the (In)fidelity and Sensitivity of Explanations',
      higherIsBetter: false,
      needsExplainer: true,
      randomized: true,
    },
    sensitivitySchema,
    async (context, options) => {
      const size = context.layout.size;
      const noise = (k: number): Float32Array => {
        const random = seededUniform(options.seed, `sensitivity:${k}`);
        return Float32Array.from({ length: size }, () => (2 * random() - 1) * options.spread);
      };
      const changes = await noisyExplanations(context, options.samples, options.batchSize, noise, (a, b) => {
        const scale = norm(a);
        return scale === 0 ? (distance(a, b) === 0 ? 0 : Infinity) : distance(a, b) / scale;
      });
      return { scores: changes.map(reduce) };
    },
  );
}

/** Max-sensitivity: the largest relative change of the map under small uniform noise (lower is better). */
export const maxSensitivityMetric = sensitivityMetric(
  { name: 'max-sensitivity', title: 'Max-sensitivity', summary: 'The largest relative change of the map, ||a(x) - a(x + d)|| / ||a(x)||, over small uniform noise d (lower is better).' },
  (values) => values.reduce((m, v) => Math.max(m, v), -Infinity),
);

/** Avg-sensitivity: the mean relative change of the map under small uniform noise (lower is better). */
export const avgSensitivityMetric = sensitivityMetric(
  { name: 'avg-sensitivity', title: 'Avg-sensitivity', summary: 'The mean relative change of the map, ||a(x) - a(x + d)|| / ||a(x)||, over small uniform noise d (lower is better).' },
  (values) => values.reduce((a, b) => a + b, 0) / values.length,
);
