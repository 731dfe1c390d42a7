// Derived weights are kept as backend data between calls: the same data each call, no tensor left
// behind, remade for new source data, freed on demand; one byte bound (least recently used go
// first) covers the executor's folded weights and the engine's kernel-level filters alike.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  clearDerivedWeights, derivedFromWeights, derivedKernelData, derivedWeightsSize, setDerivedWeightsLimit, type DerivedDataBackend,
} from '../../src/core/weight-cache.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';

before(async () => {
  tf.env().set('PROD', true);
  await setupBackend({ backend: 'wasm', threads: 1 });
});
after(async () => {
  clearDerivedWeights();
  await tf.setBackend('cpu');
});

for (const backend of ['cpu', 'wasm']) {
  test(`${backend}: one make per source data, a new tensor over the same data per call, freed by clear`, async () => {
    await tf.setBackend(backend);
    clearDerivedWeights();
    const weight = tf.tensor1d([1, -2, 3]);
    const buffers = tf.memory().numDataBuffers;
    const tensors = tf.memory().numTensors;
    let makes = 0;
    const derive = (source: tf.Tensor): tf.Tensor => derivedFromWeights([source], 'double', () => {
      makes++;
      return tf.mul(source, 2);
    });
    const first = derive(weight);
    const second = derive(weight);
    assert.equal(makes, 1);
    assert.notEqual(first, second);
    assert.equal(first.dataId, second.dataId);
    assert.deepEqual(Array.from(await second.data()), [2, -4, 6]);
    tf.dispose([first, second]);
    assert.equal(tf.memory().numTensors, tensors, 'no tensor outlives a call');
    const again = derive(weight);
    assert.deepEqual(Array.from(await again.data()), [2, -4, 6], 'the data survives its tensors');
    again.dispose();

    const replaced = tf.tensor1d([5, 6, 7]);
    const third = derive(replaced);
    assert.equal(makes, 2, 'new source data is derived anew');
    assert.deepEqual(Array.from(await third.data()), [10, 12, 14]);
    tf.dispose([third, replaced]);

    clearDerivedWeights();
    assert.equal(tf.memory().numDataBuffers, buffers, 'clear frees the kept data');
    weight.dispose();
  });
}

test('one byte bound over folded weights and kernel data: the least recently used entries go first', async () => {
  await tf.setBackend('wasm');
  clearDerivedWeights();
  const buffers = tf.memory().numDataBuffers;
  const previous = setDerivedWeightsLimit(3 * 4 * 4);
  try {
    const sources = [1, 2, 3].map((v) => tf.fill([4], v));
    let makes = 0;
    const doubled = (source: tf.Tensor) => {
      const t = derivedFromWeights([source], 'double', () => (makes++, tf.mul(source, 2)));
      const values = Array.from(t.dataSync());
      t.dispose();
      return values;
    };
    sources.forEach(doubled);
    assert.deepEqual(derivedWeightsSize(), { entries: 3, bytes: 48 });
    doubled(sources[0] as tf.Tensor);
    assert.equal(makes, 3, 'a hit makes nothing and makes the entry the most recently used');
    // Kernel-level data shares the bound: it pushes out the least recently used entry (sources[1]).
    const backend = tf.backend() as unknown as DerivedDataBackend & { readSync(dataId: object): unknown };
    const source: tf.TensorInfo = { dataId: (sources[2] as tf.Tensor).dataId, shape: [4], dtype: 'float32' };
    const info = derivedKernelData(backend, source, 'negated',
      () => ({ values: Float32Array.of(-3, -3, -3, -3), shape: [4] }));
    assert.deepEqual(derivedWeightsSize(), { entries: 3, bytes: 48 });
    assert.deepEqual(doubled(sources[1] as tf.Tensor), [4, 4, 4, 4]);
    assert.equal(makes, 4, 'the least recently used entry was evicted and is made anew');
    assert.deepEqual(doubled(sources[0] as tf.Tensor), [2, 2, 2, 2]);
    assert.equal(makes, 4, 'the recently used one was kept');
    assert.deepEqual(Array.from(backend.readSync(info.dataId) as Float32Array), [-3, -3, -3, -3], 'kernel data lives on the backend');
    clearDerivedWeights();
    assert.deepEqual(derivedWeightsSize(), { entries: 0, bytes: 0 });
    tf.dispose(sources);
    assert.equal(tf.memory().numDataBuffers, buffers, 'clear frees the kept data of both kinds');
  } finally {
    setDerivedWeightsLimit(previous);
  }
});
