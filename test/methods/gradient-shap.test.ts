import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradientShap, gradientShapMethod, integratedGradients } from '../../src/index.ts';
import { assertClose } from '../support/assert-close.ts';
import { useCpu } from '../support/backend.ts';
import { seededValues, withoutLeaks } from '../support/tensors.ts';
import { linearImageModel, smoothClassifier } from './gradient-support/models.ts';

before(useCpu);

describe('gradientShap', () => {
  const shape = [10, 10, 2] as const;
  const weights = seededValues(200, 5);
  const linear = linearImageModel(shape, weights, 0.4);
  const data = seededValues(400, 6);
  const x = tf.tensor4d(data, [2, ...shape]);
  const offsets = (map: Float32Array) => Array.from(map, (a, i) => a / (weights[i % 200] as number) - (data[i] as number));

  test('on a linear model without noise: a = (x - b) w for the default zero baseline', async () => {
    const result = await withoutLeaks(() => gradientShap(linear, x, { target: 0, samples: 3 }));
    assertClose(result.map.data, Array.from(data, (v, i) => v * (weights[i % 200] as number)), { atol: 1e-6 });
    assert.deepEqual(result.meta.extra, { samples: 3, stdev: 0, seed: 0, baselineCount: 1 });
  });

  test('baselines are drawn from the distribution: a = (x - mean of the drawn baselines) w', async () => {
    const baselines = { data: new Float32Array(400).fill(0).fill(2, 200), shape: [2, ...shape] };
    const result = await withoutLeaks(() => gradientShap(linear, x, { target: 0, baselines, samples: 8, seed: 3 }));
    const offset = offsets(result.map.data);
    const drawnTwos = -(offset[0] as number) / 2 * 8;
    assert.ok(Math.abs(drawnTwos - Math.round(drawnTwos)) < 1e-3 && drawnTwos > 0 && drawnTwos < 8, `draws of the baseline 2: ${drawnTwos}`);
    assertClose(offset, offset.map(() => offset[0] as number), { atol: 1e-4 });
  });

  test('input noise: the same draws for every sample, averaging to N(0, stdev^2 / samples) per value', async () => {
    const result = await withoutLeaks(() => gradientShap(linear, x, { target: 0, samples: 4, stdev: 0.5, seed: 11 }));
    const offset = offsets(result.map.data);
    assertClose(offset.slice(0, 200), offset.slice(200), { atol: 1e-4 });
    const mean = offset.slice(0, 200).reduce((a, b) => a + b, 0) / 200;
    const std = Math.sqrt(offset.slice(0, 200).reduce((s, v) => s + (v - mean) ** 2, 0) / 199);
    assert.ok(Math.abs(mean) < 0.06 && Math.abs(std - 0.25) < 0.04, `mean ${mean}, std ${std} (expected 0, 0.25)`);
    const other = await gradientShap(linear, x, { target: 0, samples: 4, stdev: 0.5, seed: 12 });
    assert.notDeepEqual(Array.from(other.map.data), Array.from(result.map.data));
  });

  test('expected completeness on a smooth model: sum(a) -> f(x) - f(0) with many draws', async () => {
    const model = smoothClassifier(6);
    const input = tf.tensor2d(seededValues(12, 9), [2, 6]);
    const result = await withoutLeaks(() => gradientShap(model, input, { samples: 400, internalBatchSize: 400 }));
    const ig = await integratedGradients(model, input);
    const baselineScores = (ig.meta.extra as { baselineScores: number[] }).baselineScores;
    assert.deepEqual(ig.meta.units, result.meta.units);
    for (let i = 0; i < 2; i++) {
      const sum = result.map.data.slice(i * 6, i * 6 + 6).reduce((a, b) => a + b, 0);
      const change = (result.meta.scores[i] as number) - (baselineScores[i] as number);
      assert.ok(Math.abs(sum - change) < 0.05 * Math.abs(change) + 0.01, `sample ${i}: sum ${sum} vs f(x) - f(0) ${change}`);
    }
    input.dispose();
  });

  test('options are checked and the registry entry runs', async () => {
    await assert.rejects(gradientShap(linear, x, { samples: 0 }), /samples: got 0; expected an integer from 1 to 1000/);
    await assert.rejects(gradientShap(linear, x, { stdev: -1 }), /stdev: got -1; expected a number from 0 to 10/);
    await assert.rejects(gradientShap(linear, x, { baselines: { data: new Float32Array(3), shape: [3] } }), /baselines: expected shape \[10,10,2\]/);
    const result = await gradientShapMethod.run(linear, x, { samples: '2', seed: '4', target: 0 });
    assert.deepEqual(result.meta.extra, { samples: 2, stdev: 0, seed: 4, baselineCount: 1 });
  });
});
