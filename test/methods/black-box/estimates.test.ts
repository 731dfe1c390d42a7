// Costs before long runs: each black-box method's registry estimate equals the evaluations its run
// made (plus the original), and the CLI's long-run watch prints the evaluations first and, after the
// first chunk, a time estimate from that chunk's rate.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { getMethod } from '../../../src/index.ts';
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

  test('the watch prints the evaluations, then the time the first chunk projects', async () => {
    const lines: string[] = [];
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    const watch = watchLongRun(getMethod('sobol'), [[224, 224, 3]], {}, 1, (line) => lines.push(line), stream);
    assert.deepEqual(lines, ['sobol: about 1041 model evaluations']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    watch.onProgress({ done: 32, total: 2080 });
    watch.onProgress({ done: 64, total: 2080 });
    watch.stop();
    assert.equal(lines.length, 2);
    assert.match(lines[1] as string, /^sobol: about \d+ s \(32 of 2080 steps took 0 s\)$/);
    assert.deepEqual([formatDuration(42), formatDuration(210), formatDuration(7200)], ['42 s', '3.5 min', '2.0 h']);
  });
});
