// The contract every registered metric keeps (DESIGN.md principle 10): one finite-or-NaN score per
// sample, a batch equals its samples evaluated one by one, seeded determinism, no tensor leaks, the
// user's model unchanged, options that declare defaults, progress and cancellation for model runs.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { METRICS, getMethod, getMetric, metricNames, type Attribution, type AttributionSource, type MetricDefinition } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';
import { weightSnapshot } from '../support/tensors.ts';

/** Small settings so every metric runs in well under a second on the 8 x 8 model. */
const FAST: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  deletion: { steps: 8 },
  insertion: { steps: 8, blurSigma: 1 },
  'faithfulness-correlation': { runs: 6, subsetSize: 8 },
  road: { steps: 3 },
  monotonicity: { steps: 8 },
  'max-sensitivity': { samples: 2 },
  'avg-sensitivity': { samples: 2 },
  'local-lipschitz-estimate': { samples: 2 },
  'non-sensitivity': { patch: 4 },
};

function optionsOf(metric: MetricDefinition): Record<string, unknown> {
  return {
    ...FAST[metric.name],
    ...(metric.needsRegion ? { region: { x: 1, y: 2, width: 4, height: 3 } } : {}),
    ...(metric.randomized ? { seed: 5 } : {}),
    target: 2,
  };
}

function sameScores(actual: readonly number[], expected: readonly number[], message: string): void {
  assert.equal(actual.length, expected.length, message);
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    assert.ok(Number.isNaN(a) ? Number.isNaN(e) : Math.abs(a - e) <= 1e-4 * (1 + Math.abs(e)), `${message}: sample ${i} ${a} vs ${e}`);
  });
}

before(useCpu);

describe('metric contract', () => {
  const model = tinyCnn();
  const images = tinyImages(3);
  let maps: Attribution;

  before(async () => {
    maps = await getMethod('saliency').run(model, images, { target: 2 });
  });

  const sourceOf = (metric: MetricDefinition, batch: Attribution): AttributionSource => (metric.needsExplainer ? { explainer: { method: 'saliency' } } : batch);

  test('every metric is registered once, with a reference and options that declare their defaults', () => {
    assert.equal(new Set(metricNames()).size, METRICS.length);
    for (const metric of METRICS) {
      assert.equal(getMetric(metric.name), metric);
      assert.ok(metric.reference.length > 10 && metric.summary.length > 10, metric.name);
      for (const option of metric.options) assert.ok(option.description.length > 0 && 'default' in option, `${metric.name}.${option.name}`);
      assert.equal('seed' in metric.schema, metric.randomized, `${metric.name}: randomised metrics take a seed`);
    }
  });

  for (const metric of METRICS) {
    describe(metric.name, () => {
      const options = optionsOf(metric);
      let batch: readonly number[];

      test('one score per sample, no leaks, the model unchanged, seeded determinism', async () => {
        const weights = weightSnapshot(model);
        const before = tf.memory().numTensors;
        const result = await metric.run(metric.needsModel ? model : null, images, sourceOf(metric, maps), options);
        assert.equal(tf.memory().numTensors, before, 'leaked tensors');
        weightSnapshot(model).forEach((w, i) => assert.deepEqual(w, weights[i], `weight ${i} changed`));
        assert.equal(result.metric, metric.name);
        assert.equal(result.higherIsBetter, metric.higherIsBetter);
        assert.equal(result.scores.length, 3);
        assert.ok(result.scores.some(Number.isFinite), `scores ${result.scores.join(', ')}`);
        assert.equal(result.curves !== undefined, metric.produces === 'curves');
        assert.equal(result.perLayer !== undefined, metric.produces === 'layers');
        if (metric.needsModel) assert.ok(result.meta.evaluations >= 1);
        batch = result.scores;
        const again = await metric.run(metric.needsModel ? model : null, images, sourceOf(metric, maps), options);
        assert.deepEqual(again.scores, batch, 'the same options give the same scores');
      });

      test('a batch equals its samples evaluated one by one', async () => {
        for (let i = 0; i < 3; i++) {
          const single = tf.slice(images, [i, 0, 0, 0], [1, -1, -1, -1]);
          const one = await getMethod('saliency').run(model, single, { target: 2 });
          const alone = await metric.run(metric.needsModel ? model : null, single, sourceOf(metric, one), options);
          single.dispose();
          sameScores(alone.scores, [batch[i] as number], `sample ${i}`);
        }
      });

      if (metric.needsModel) {
        test('reports progress and honours an aborted signal', async () => {
          const seen: number[] = [];
          await metric.run(model, images, sourceOf(metric, maps), { ...options, onProgress: (p: { done: number; total: number }) => seen.push(p.done / p.total) });
          assert.ok(seen.length > 0 && seen.at(-1) === 1, `progress ${seen.join(', ')}`);
          assert.ok(seen.every((v, i) => i === 0 || v >= (seen[i - 1] as number)), `progress never goes back: ${seen.join(', ')}`);
          const controller = new AbortController();
          controller.abort();
          const before = tf.memory().numTensors;
          await assert.rejects(metric.run(model, images, sourceOf(metric, maps), { ...options, signal: controller.signal }), { code: 'CANCELLED' });
          assert.equal(tf.memory().numTensors, before);
        });
      }
    });
  }

  test('cleanup', () => {
    images.dispose();
    model.dispose();
  });
});
