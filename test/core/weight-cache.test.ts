// Derived weights are kept as backend data between calls: the same data each call, no tensor left
// behind, remade for new source data, freed on demand.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { clearDerivedWeights, derivedFromWeights } from '../../src/core/weight-cache.ts';
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
