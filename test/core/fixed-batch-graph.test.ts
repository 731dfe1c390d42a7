// Graph models whose inputs fix the batch size ([1, 224, 224, 3] in AutoML exports) refused every
// internal batch of another size ("must be [1,8,8,3], but was [50,8,8,3]"): every model call is now
// run in batches of exactly that size, and every registered method that a graph model supports gives
// the maps of the same graph with a free batch, saying so in meta.extra.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { METHODS, saliency } from '../../src/index.ts';
import { disposeModel } from '../../src/io/dispose-model.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';

const FIXTURES = new URL('../fixtures/models/tiny-cnn/', import.meta.url).pathname;

/**
 * Small counts so that batch-1 runs stay quick (each still runs the model on many more rows than a
 * fixed batch holds, so the calls are split with a remainder); every method's batch options left at
 * their defaults.
 */
const SMALL: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  rise: { masks: 40 },
  xrai: { steps: 4, segmentationSize: 0 },
  sobol: { designs: 8, gridSize: 4 },
  hsic: { designs: 40, gridSize: 4 },
  'kernel-shap': { samples: 40, gridSize: 4 },
  lime: { samples: 40, gridSize: 4 },
  'guided-ig': { steps: 20 },
  'blur-ig': { steps: 20 },
  'integrated-gradients': { steps: 20 },
};

describe('graph models with a fixed batch size', () => {
  let scratch: string;
  const models = new Map<number | 'free', tf.GraphModel>();
  let input: tf.Tensor;

  /** The fixture graph model with its input's batch fixed to `batch`. */
  async function fixedGraph(batch: number): Promise<tf.GraphModel> {
    const dir = join(scratch, `batch-${batch}`);
    cpSync(join(FIXTURES, 'graph'), dir, { recursive: true });
    const path = join(dir, 'model.json');
    const json = JSON.parse(readFileSync(path, 'utf8'));
    json.modelTopology.node[0].attr.shape.shape.dim[0].size = String(batch);
    json.signature.inputs['image:0'].tensorShape.dim[0].size = String(batch);
    writeFileSync(path, JSON.stringify(json));
    return (await loadModel(dir)).model as tf.GraphModel;
  }

  before(async () => {
    await useCpu();
    scratch = mkdtempSync(join(tmpdir(), 'fixed-batch-'));
    models.set('free', (await loadModel(join(FIXTURES, 'graph'))).model as tf.GraphModel);
    for (const batch of [1, 3]) models.set(batch, await fixedGraph(batch));
    input = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 5);
  });
  after(() => {
    models.forEach((m) => disposeModel(m));
    input.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the fixed model refuses other batch sizes when called directly (the wall this removes)', () => {
    const model = models.get(1) as tf.GraphModel;
    assert.throws(() => tf.tidy(() => model.execute(input)), /must be \[1,8,8,3\], but was \[2,8,8,3\]/);
  });

  /** Methods that cannot split their calls into fixed batches, and the error that says why. */
  const REFUSALS: Readonly<Record<string, RegExp>> = {
    'deep-lift': /input with its reference in one call \(2 rows\); this model takes exactly 1 row/,
    'deep-lift-shap': /input with its reference in one call \(2 rows\); this model takes exactly 1 row/,
    lrp: /LRP needs a tf\.LayersModel/,
  };

  for (const method of METHODS.filter((m) => !m.needsSpatialLayer && REFUSALS[m.name] !== undefined)) {
    test(`${method.name}: a fixed batch of 1 is refused with a clear error and no leak`, async () => {
      const before = tf.memory().numTensors;
      await assert.rejects(method.run(models.get(1) as tf.GraphModel, input, { target: 1 }), REFUSALS[method.name] as RegExp);
      assert.equal(tf.memory().numTensors, before);
    });
  }

  for (const method of METHODS.filter((m) => !m.needsSpatialLayer && REFUSALS[m.name] === undefined)) {
    test(`${method.name}: same maps as with a free batch, for fixed batches of 1 and 3, a batch of 2 samples`, async () => {
      const options = { target: 1, ...(method.randomized ? { seed: 3 } : {}), ...SMALL[method.name] };
      const expected = await method.run(models.get('free') as tf.GraphModel, input, options);
      assert.equal(expected.meta.extra?.['modelBatchSize'], undefined);
      for (const batch of [1, 3]) {
        const result = await withoutLeaks(() => method.run(models.get(batch) as tf.GraphModel, input, options));
        assertClose(result.map.data, expected.map.data, { atol: 1e-5, rtol: 1e-4, message: `${method.name}, batch ${batch}` });
        assert.deepEqual(result.meta.scores, expected.meta.scores);
        assert.equal(result.meta.extra?.['modelBatchSize'], batch);
        assert.match(String(result.meta.extra?.['modelBatchNote']), new RegExp(`exactly ${batch} row`));
      }
    });
  }

  test('a single sample without the batch axis', async () => {
    const one = tf.tidy(() => tf.squeeze(tf.slice(input, 0, 1), [0]));
    const result = await saliency(models.get(1) as tf.GraphModel, one, { target: 0 });
    assert.deepEqual([...result.map.shape], [1, 8, 8, 3]);
    one.dispose();
  });
});
