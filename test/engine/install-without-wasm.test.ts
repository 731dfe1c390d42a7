// installEngine in a process that never loaded @tensorflow/tfjs-backend-wasm (the package root does
// not load it): a clear error that says what to import, and nothing changed; bad options are refused
// with an error naming the option. Its own process: nothing here may load the wasm backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { installEngine, SaliencyError } from '../../src/index.ts';
import { activeEngine, REFERENCE_ENGINE } from '../../src/core/engine.ts';

test('without the wasm backend loaded, installEngine throws a SaliencyError naming the import and changes nothing', () => {
  assert.deepEqual(tf.getKernelsForBackend('wasm'), []);
  const { conv2d } = tf.fused;
  const relu = tf.getGradient('Relu');
  assert.throws(() => installEngine(), (e: unknown) => e instanceof SaliencyError && /@tensorflow\/tfjs-backend-wasm/.test(e.message));
  assert.equal(tf.fused.conv2d, conv2d);
  assert.equal(tf.getGradient('Relu'), relu);
  assert.deepEqual(tf.getKernelsForBackend('wasm'), []);
  assert.equal(activeEngine(), REFERENCE_ENGINE);
});

test('bad options are refused with an error naming the option', () => {
  assert.throws(() => installEngine({ fastGradients: 'yes' as unknown as boolean }), (e: unknown) =>
    e instanceof SaliencyError && e.argument === 'fastGradients' && /true or false/.test(e.message));
  assert.throws(() => installEngine(null as unknown as object), (e: unknown) => e instanceof SaliencyError && e.argument === 'options');
});
