// Inside graph models: a tf.GraphModel's op nodes form a layer table (topological order, shapes from
// one probe run), and Grad-CAM, the other CAM methods (Guided Grad-CAM too), layer gradients and layer targets give the
// same maps on the converted graph as on the layers model with the same weights.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { adaptModel, filterTarget, getMethod, gradCam, saliency } from '../../src/index.ts';
import { disposeModel } from '../../src/io/dispose-model.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';

const FIXTURES = new URL('../fixtures/models/tiny-cnn/', import.meta.url).pathname;
const CLOSE = { atol: 1e-6, rtol: 1e-4 };

describe('graph models: inner layers', () => {
  let graph: tf.GraphModel;
  let layers: tf.LayersModel;
  let input: tf.Tensor;
  let scratch: string;

  before(async () => {
    await useCpu();
    graph = (await loadModel(`${FIXTURES}graph/model.json`)).model as tf.GraphModel;
    layers = (await loadModel(`${FIXTURES}layers/model.json`)).model as tf.LayersModel;
    input = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 7);
    scratch = mkdtempSync(join(tmpdir(), 'graph-inner-'));
  });
  after(() => {
    input.dispose();
    disposeModel(graph);
    layers.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the node table lists op nodes in topological order with their output shapes', () => {
    const table = adaptModel(graph).layers();
    const rows = table.map((row) => `${row.name} ${row.className} [${row.outputShape.map((d) => d ?? 'N').join(',')}]`);
    assert.deepEqual(rows, [
      'conv2d/Conv2D Conv2D [N,8,8,4]',
      'conv2d/BiasAdd BiasAdd [N,8,8,4]',
      'conv2d/Relu Relu [N,8,8,4]',
      'batch_normalization/FusedBatchNormV3 FusedBatchNormV3 [N,8,8,4]',
      'conv2d_1/Conv2D Conv2D [N,8,8,4]',
      'conv2d_1/BiasAdd BiasAdd [N,8,8,4]',
      'add/add AddV2 [N,8,8,4]',
      'max_pooling2d/MaxPool MaxPool [N,4,4,4]',
      'flatten/Reshape Reshape [N,64]',
      'dense/MatMul MatMul [N,3]',
      'dense/BiasAdd BiasAdd [N,3]',
      'dense/Softmax Softmax [N,3]',
      'Identity Identity [N,3]',
    ]);
    const adapter = adaptModel(graph);
    assert.equal(adapter.layer('conv2d').name, 'conv2d/Relu', 'a Keras layer scope finds its last node');
    assert.equal(adapter.layer('add/add:0').name, 'add/add');
    assert.equal(adapter.layer(-1).name, 'Identity');
    assert.throws(() => adapter.layer('conv9'), /layer: no node 'conv9' in the graph model; nodes are: conv2d\/Conv2D, conv2d\/BiasAdd/);
  });

  test('Grad-CAM on the graph equals Grad-CAM on the layers model, chosen automatically or named', async () => {
    const auto = await withoutLeaks(() => gradCam(graph, input, { target: 2, softmax: 'keep' }));
    const reference = await gradCam(layers, input, { target: 2, softmax: 'keep' });
    assert.equal(auto.meta.extra?.['layer'], 'max_pooling2d/MaxPool');
    assert.equal(reference.meta.extra?.['layer'], 'max_pooling2d');
    assertClose(auto.map.data, reference.map.data, CLOSE);
    assert.ok(reference.map.data.some((v) => v > 0), 'the reference map is not all zero');
    for (const [node, layer] of [['conv2d/Relu', 'conv2d'], ['add', 'add'], ['batch_normalization/FusedBatchNormV3', 'batch_normalization']]) {
      const fromGraph = await gradCam(graph, input, { target: 2, softmax: 'keep', layer: node });
      const fromLayers = await gradCam(layers, input, { target: 2, softmax: 'keep', layer });
      assertClose(fromGraph.map.data, fromLayers.map.data, { ...CLOSE, message: `${node} vs ${layer}` });
    }
  });

  test('the other CAM methods, layer gradients and layer targets agree too', async () => {
    // Score-CAM weighs by the raw score: on a graph model a final softmax cannot be removed, so its
    // default softmax over the scores would be applied to probabilities there and to logits on the layers model
    for (const name of ['grad-cam-plus-plus', 'layer-cam', 'score-cam', 'guided-grad-cam']) {
      const method = getMethod(name);
      const options = { target: 0, softmax: 'keep', layer: 'add', ...(name === 'score-cam' ? { scoreActivation: 'none' } : {}) };
      const fromGraph = await withoutLeaks(() => method.run(graph, input, options));
      const fromLayers = await method.run(layers, input, options);
      assertClose(fromGraph.map.data, fromLayers.map.data, { ...CLOSE, message: name });
    }
    const wrtGraph = await saliency(graph, input, { target: 1, softmax: 'keep', wrt: 'conv2d_1/BiasAdd' });
    const wrtLayers = await saliency(layers, input, { target: 1, softmax: 'keep', wrt: 'conv2d_1' });
    assert.deepEqual(wrtGraph.map.shape, [2, 8, 8, 4]);
    assertClose(wrtGraph.map.data, wrtLayers.map.data, CLOSE);
    const filterGraph = await saliency(graph, input, { target: filterTarget('conv2d', 3) });
    const filterLayers = await saliency(layers, input, { target: filterTarget('conv2d', 3) });
    assertClose(filterGraph.map.data, filterLayers.map.data, CLOSE);
  });

  test('a graph whose batch is fixed to 1 gives the same Grad-CAM', async () => {
    const dir = join(scratch, 'batch-1');
    cpSync(join(FIXTURES, 'graph'), dir, { recursive: true });
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    json.modelTopology.node[0].attr.shape.shape.dim[0].size = '1';
    json.signature.inputs['image:0'].tensorShape.dim[0].size = '1';
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const fixed = (await loadModel(dir)).model as tf.GraphModel;
    try {
      assert.equal(adaptModel(fixed).layers()[0]?.outputShape[0], 1);
      const result = await withoutLeaks(() => gradCam(fixed, input, { target: 1, softmax: 'keep', layer: 'add' }));
      const reference = await gradCam(layers, input, { target: 1, softmax: 'keep', layer: 'add' });
      assertClose(result.map.data, reference.map.data, CLOSE);
    } finally {
      disposeModel(fixed);
    }
  });
});
