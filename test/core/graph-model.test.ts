// A tf.GraphModel (tfjs-converter format) is explained at its outputs, and gives the same gradients as
// the layers model with the same weights.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { saliency, filterTarget } from '../../src/index.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';

const FIXTURES = new URL('../fixtures/models/tiny-cnn/', import.meta.url).pathname;

before(useCpu);

test('graph model saliency equals layers model saliency; layer targets name graph nodes (graph-inner-layers.test.ts)', async () => {
  const expected = JSON.parse(readFileSync(`${FIXTURES}expected.json`, 'utf8')) as { input: { shape: number[]; values: number[] } };
  const input = tf.tensor(expected.input.values, expected.input.shape);
  const graph = await loadModel(`${FIXTURES}graph/model.json`);
  const layers = await loadModel(`${FIXTURES}layers/model.json`);
  assert.ok(graph.model instanceof tf.GraphModel);
  const before = tf.memory().numTensors;
  const fromGraph = await saliency(graph.model, input, { target: 1, softmax: 'keep' });
  assert.equal(tf.memory().numTensors, before);
  const fromLayers = await saliency(layers.model, input, { target: 1, softmax: 'keep' });
  assertClose(fromGraph.map.data, fromLayers.map.data, { atol: 1e-6, rtol: 1e-4 });
  const byDefault = await saliency(graph.model, input, { target: 1 });
  assert.match(byDefault.meta.warnings.join(), /GraphModel is explained at its output as it is/);
  await assert.rejects(saliency(graph.model, input, { target: 5 }), /class 5 is out of range; valid classes are 0 to 2/);
  await assert.rejects(saliency(graph.model, input, { target: filterTarget('conv9', 0) }), /target.layer: no node 'conv9' in the graph model; nodes are: conv2d\/Conv2D/);
});
