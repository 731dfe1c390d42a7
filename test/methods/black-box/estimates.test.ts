// Costs before long runs: each black-box method's registry estimate equals the evaluations its run
// made (plus the original); estimateRun's count equals the rows a counting function model scores,
// and the CLI's watch prints the evaluations and their time before the first progress tick.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { estimateRun, functionModel, getMethod, isForwardOnly } from '../../../src/index.ts';
import { formatDuration, watchLongRun } from '../../../src/cli/long-run.ts';
import { useCpu } from '../../support/backend.ts';
import { linearFunction } from './function-models.ts';

before(useCpu);

describe('black-box cost estimates', () => {
  const shape = [6, 6, 2];
  const model = linearFunction(Array.from({ length: 72 }, (_, i) => Math.cos(i)));
  const flat = { data: Float32Array.from({ length: 72 }, (_, i) => Math.sin(i)), shape: [72] };
  for (const [method, options] of [
    ['kernel-shap', { gridSize: 3 }],
    ['lime', { samples: 40 }],
    ['shapley-sampling', { gridSize: 2 }],
    ['sobol', { gridSize: 3, designs: 8 }],
    ['hsic', { designs: 40 }],
  ] as const) {
    test(`${method} ${JSON.stringify(options)}: the estimate is what the run made`, async () => {
      const definition = getMethod(method);
      const result = await definition.run(model, flat, { target: 0, ...options });
      const made = (result.meta.extra?.['evaluations'] as number[])[0] as number;
      assert.equal(definition.estimateEvaluations([[72]], options), made + 1);
      assert.ok((definition.estimateEvaluations([shape], options) as number) >= 1);
    });
  }

  test('estimateRun: its evaluations are the rows a counting function model then scores, and its probe costs one chunk', async () => {
    const rows: number[] = [];
    const counting = functionModel({
      inputShape: [12, 12, 1],
      outputSize: 2,
      predict: async ([x], count) => {
        rows.push(count);
        return Float32Array.from({ length: 2 * count }, (_, k) => ((x as Float32Array)[Math.floor(k / 2) * 144 + 7] as number) * (k % 2 ? 2 : 1));
      },
    });
    const image = { data: Float32Array.from({ length: 2 * 144 }, (_, i) => Math.cos(i)), shape: [2, 12, 12, 1] };
    for (const [method, options] of [
      ['rise', { masks: '40', perturbationsPerEval: '16' }],
      ['kernel-shap', { gridSize: 3 }],
      ['occlusion', {}],
      ['sobol', { gridSize: 2, designs: 4 }],
    ] as const) {
      rows.length = 0;
      const estimate = await estimateRun(method, counting, image, { target: 1, ...options });
      assert.deepEqual(rows, [2, estimate.probeRows], `${method}: the probe scores the batch once (untimed), then one chunk`);
      rows.length = 0;
      await getMethod(method).run(counting, image, { target: 1, ...options });
      const scored = rows.reduce((a, b) => a + b, 0);
      assert.equal(estimate.evaluations, scored, `${method}: estimated ${estimate.evaluations}, scored ${scored}`);
      assert.equal(estimate.evaluationsPerSample, scored / 2);
      assert.ok(estimate.forwardOnly && estimate.secondsPerEvaluation > 0 && estimate.seconds === scored * estimate.secondsPerEvaluation);
    }
    assert.equal((await estimateRun('rise', counting, image, { masks: 40, perturbationsPerEval: 16 })).probeRows, 16);
    assert.equal((await estimateRun('rise', counting, image, { masks: 3 })).probeRows, 8, 'at most the evaluations');
  });

  test('gradient methods: the probe is a forward pass times the gradient factor; model-dependent counts are undefined', async () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, activation: 'relu' }), tf.layers.flatten(), tf.layers.dense({ units: 3 })] });
    const x = tf.ones([1, 6, 6, 1]);
    const before = tf.memory().numTensors;
    const ig = await estimateRun('integrated-gradients', model, x, { steps: 20 });
    assert.deepEqual([ig.evaluations, ig.forwardOnly, ig.probeRows], [22, false, 22]);
    const cam = await estimateRun('score-cam', model, x, {});
    assert.deepEqual([cam.evaluations, cam.seconds, cam.forwardOnly], [undefined, undefined, true]);
    const forwardOnly = (name: string) => isForwardOnly(getMethod(name));
    assert.deepEqual(['guided-grad-cam', 'grad-cam', 'eigen-cam', 'ablation-cam', 'occlusion', 'lrp'].map(forwardOnly), [false, false, true, true, true, false], 'Guided Grad-CAM takes gradients');
    assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
    await assert.rejects(estimateRun('rise', model, x, { masks: 0 }), /masks/);
    x.dispose();
    model.dispose();
  });

  test('the CLI watch prints the evaluations and their time before the first progress tick', async () => {
    const events: string[] = [];
    const stream = { isTTY: false, write: (text: string) => events.push(`progress ${text.trim()}`) > 0 } as unknown as NodeJS.WriteStream;
    const image = { data: Float32Array.from({ length: 72 }, (_, i) => Math.sin(i)), shape: [1, 72] };
    const options = { target: 0, gridSize: 3, samples: 60, perturbationsPerEval: 20 };
    const definition = getMethod('kernel-shap');
    const watch = await watchLongRun(definition, { model, input: image, sampleShapes: [[72]], samples: 1, totalSamples: 2 }, options, (line) => events.push(`print ${line}`), stream);
    await definition.run(model, image, { ...options, onProgress: watch.onProgress });
    watch.stop();
    assert.match(events[0] as string, /^print kernel-shap: about 122 model evaluations \(61 per sample\), ~\d+ s \([\d.e+-]+ ms each, timed on 20\)$/);
    assert.deepEqual(events.slice(1).map((e) => e.split(' steps')[0]), ['progress 20/60', 'progress 40/60', 'progress 60/60'], 'every tick after the estimate');
    assert.deepEqual([formatDuration(42), formatDuration(210), formatDuration(7200)], ['42 s', '3.5 min', '2.0 h']);
  });
});
