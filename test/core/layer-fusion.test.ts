// Conv -> BatchNorm -> ReLU chains run as one folded convolution: the same outputs, input gradients
// (plain and guided), Grad-CAM and layer gradients as the layer-by-layer run, on cpu and on the wasm engine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradCam, saliency, type Attribution } from '../../src/index.ts';
import { runGraph } from '../../src/core/executor.ts';
import { asContainer } from '../../src/core/internals.ts';
import { activeChains, setLayerFusion } from '../../src/core/layer-fusion.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { relativeError } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';
import { affineFreeModel, dilatedConvModel, fusionCaseModel, fusionInput, maskedInputModel, nestedMobileNet } from './fusion-models.ts';

const BACKENDS = ['cpu', 'wasm'] as const;
const TOLERANCE = 1e-5;

before(async () => {
  tf.env().set('PROD', true);
  await setupBackend({ backend: 'wasm', threads: 1 });
});
after(async () => {
  setLayerFusion(true);
  await tf.setBackend('cpu');
});

function chainNames(model: tf.LayersModel | tf.layers.Layer): string[] {
  const container = asContainer(model);
  assert.ok(container);
  return [...activeChains(container, {}).values()]
    .map((chain) => `${chain.calls.map((call) => call.layer.name).join('>')}:${chain.activation}`)
    .sort();
}

/** `compute` with fusion on and off: the values and the number of FusedBatchNorm kernels each ran. */
async function fusedAndUnfused(compute: () => tf.Tensor): Promise<{ fused: Float32Array; unfused: Float32Array; norms: [number, number] }> {
  const once = async (on: boolean): Promise<[Float32Array, number]> => {
    const previous = setLayerFusion(on);
    try {
      const profile = await tf.profile(() => tf.tidy(compute));
      const result = profile.result as tf.Tensor;
      const values = new Float32Array(await result.data());
      result.dispose();
      return [values, profile.kernels.filter((k) => k.name === 'FusedBatchNorm').length];
    } finally {
      setLayerFusion(previous);
    }
  };
  const [fused, fusedNorms] = await once(true);
  const [unfused, unfusedNorms] = await once(false);
  return { fused, unfused, norms: [fusedNorms, unfusedNorms] };
}

/** Runs an async map computation with fusion on and off. */
async function mapsFusedAndUnfused(compute: () => Promise<Attribution>): Promise<{ fused: Float32Array; unfused: Float32Array }> {
  const fused = (await withoutLeaks(compute)).map.data;
  const previous = setLayerFusion(false);
  try {
    return { fused, unfused: (await compute()).map.data };
  } finally {
    setLayerFusion(previous);
  }
}

function inputOf(model: tf.LayersModel, batch = 2): tf.Tensor {
  return fusionInput([batch, ...(model.inputs[0]?.shape.slice(1) as number[])]);
}

describe('fusion plan', () => {
  test('fuses conv/depthwise -> BN [-> ReLU/ReLU6], not a conv read twice, not a BN after a pool', () => {
    const model = fusionCaseModel();
    assert.deepEqual(chainNames(model), [
      'conv_a>bn_a>relu6_a:relu6',
      'conv_c>bn_c:linear',
      'dw_b>bn_b>relu_b:relu',
    ]);
    model.dispose();
  });

  test('plans each nested model on its own; a model first in a Sequential is part of its graph', () => {
    const mobileNetChains = [
      'conv1>conv1_bn>conv1_relu:relu6',
      'conv_dw_1>conv_dw_1_bn>conv_dw_1_relu:relu6',
      'conv_pw_1>conv_pw_1_bn>conv_pw_1_relu:relu6',
    ];
    const inline = nestedMobileNet('sequential');
    assert.deepEqual(chainNames(inline), mobileNetChains);
    const wrapped = nestedMobileNet('functional');
    assert.deepEqual(chainNames(wrapped), []);
    assert.deepEqual(chainNames(wrapped.getLayer('mobilenet')), mobileNetChains);
    inline.dispose();
    wrapped.dispose();
  });

  test('a hooked layer keeps its chain unfused; a changed setting or a grown model is seen', () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, name: 'conv' }));
    model.add(tf.layers.batchNormalization({ name: 'bn' }));
    const container = asContainer(model);
    assert.ok(container);
    const conv = model.layers[0] as tf.layers.Layer;
    assert.deepEqual(chainNames(model), ['conv>bn:linear']);
    assert.equal(activeChains(container, { capture: new Set([conv]) }).size, 0);
    assert.equal(activeChains(container, { linear: new Set([model.layers[1] as tf.layers.Layer]) }).size, 0);
    model.add(tf.layers.reLU({ maxValue: 6, name: 'relu' }));
    assert.deepEqual(chainNames(model), ['conv>bn>relu:relu6']);
    (model.layers[2] as unknown as { maxValue: number }).maxValue = 4;
    assert.deepEqual(chainNames(model), []);
    model.dispose();
  });

  test('setLayerFusion(false) turns fusion off and returns the previous setting', () => {
    const model = nestedMobileNet();
    assert.equal(setLayerFusion(false), true);
    assert.deepEqual(chainNames(model), []);
    assert.equal(setLayerFusion(true), false);
    assert.equal(chainNames(model).length, 3);
    model.dispose();
  });
});

for (const backend of BACKENDS) {
  describe(`fused equals unfused on ${backend}`, () => {
    before(async () => {
      await tf.setBackend(backend);
    });

    test('model outputs (the FusedBatchNorm kernels of fused chains are gone; a masked input keeps its chain unfused)', async () => {
      const cases = [
        [fusionCaseModel, [2, 5]],
        [() => nestedMobileNet('sequential'), [0, 3]],
        [() => nestedMobileNet('functional'), [0, 3]],
        [dilatedConvModel, [0, 1]],
        [() => affineFreeModel(false), [0, 1]],
        [maskedInputModel, [1, 1]],
      ] as const;
      for (const [make, norms] of cases) {
        const model = make();
        const x = inputOf(model);
        const { fused, unfused, norms: counted } = await fusedAndUnfused(() => runGraph(model, [x]).outputs[0] as tf.Tensor);
        assert.ok(relativeError(fused, unfused) < TOLERANCE, `${model.name}: ${relativeError(fused, unfused)}`);
        assert.deepEqual(counted, norms, `${model.name}: FusedBatchNorm kernels (fused, unfused)`);
        x.dispose();
        model.dispose();
      }
    });

    test('input gradients, plain, guided and rectified', async () => {
      const models = [fusionCaseModel, () => nestedMobileNet('sequential'), () => nestedMobileNet('functional')];
      // Stock TF.js has no gradient for dilated convolutions; the engine has.
      if (backend === 'wasm') models.push(dilatedConvModel);
      for (const make of models) {
        const model = make();
        const x = inputOf(model);
        for (const backpropModifier of [null, 'guided', 'rectified'] as const) {
          const { fused, unfused } = await mapsFusedAndUnfused(() => saliency(model, x, { target: 1, backpropModifier }));
          const error = relativeError(fused, unfused);
          assert.ok(error < TOLERANCE, `${model.name} ${backpropModifier}: ${error}`);
          assert.ok(unfused.some((v) => v !== 0), `${model.name} ${backpropModifier}: an all-zero map tests nothing`);
        }
        x.dispose();
        model.dispose();
      }
    });

    test('a BN without beta and gamma: fused input gradients equal the unfused ones with beta = 0, gamma = 1', async () => {
      const bare = affineFreeModel(false);
      const unit = affineFreeModel(true);
      const x = inputOf(bare);
      const fused = (await withoutLeaks(() => saliency(bare, x, { target: 1, backpropModifier: 'guided' }))).map.data;
      const previous = setLayerFusion(false);
      try {
        const unfused = (await saliency(unit, x, { target: 1, backpropModifier: 'guided' })).map.data;
        assert.ok(relativeError(fused, unfused) < TOLERANCE, `${relativeError(fused, unfused)}`);
        assert.ok(unfused.some((v) => v !== 0));
      } finally {
        setLayerFusion(previous);
      }
      x.dispose();
      bare.dispose();
      unit.dispose();
    });

    test('Grad-CAM on a chained conv, BN or ReLU layer, and on a layer after fused chains', async () => {
      const cases: [() => tf.LayersModel, string][] = [
        [fusionCaseModel, 'conv_a'],
        [fusionCaseModel, 'bn_a'],
        [fusionCaseModel, 'relu_b'],
        [fusionCaseModel, 'add_d'],
        [() => nestedMobileNet('sequential'), 'mobilenet/conv_dw_1'],
        [() => nestedMobileNet('functional'), 'mobilenet/conv_pw_1_relu'],
        [() => nestedMobileNet('functional'), 'mobilenet/conv_dw_1_bn'],
      ];
      for (const [make, layer] of cases) {
        const model = make();
        const x = inputOf(model);
        const { fused, unfused } = await mapsFusedAndUnfused(() => gradCam(model, x, { layer, target: 2, relu: false, upsample: 'none' }));
        assert.ok(relativeError(fused, unfused) < TOLERANCE, `${layer}: ${relativeError(fused, unfused)}`);
        x.dispose();
        model.dispose();
      }
    });

    test('gradients with respect to a layer after fused chains (record / reuse)', async () => {
      const model = fusionCaseModel();
      const x = inputOf(model);
      const { fused, unfused } = await mapsFusedAndUnfused(() => saliency(model, x, { target: 0, wrt: 'add_c' }));
      assert.ok(relativeError(fused, unfused) < TOLERANCE, `${relativeError(fused, unfused)}`);
      x.dispose();
      model.dispose();
    });

    test('new weights (setWeights) are folded anew', async () => {
      const model = nestedMobileNet('functional');
      const x = inputOf(model);
      const output = () => runGraph(model, [x]).outputs[0] as tf.Tensor;
      const before = await fusedAndUnfused(output);
      const weights = model.getWeights().map((w) => tf.mul(w, w.shape.length === 4 ? -1.5 : 1.2));
      model.setWeights(weights);
      tf.dispose(weights);
      const after = await fusedAndUnfused(output);
      assert.ok(relativeError(after.fused, after.unfused) < TOLERANCE, `${relativeError(after.fused, after.unfused)}`);
      assert.ok(relativeError(after.fused, before.fused) > 0.01, 'the outputs did change');
      x.dispose();
      model.dispose();
    });

    test('a captured conv layer reads its stock output', async () => {
      const model = fusionCaseModel();
      const conv = model.getLayer('conv_a');
      const x = inputOf(model);
      const captured = () => runGraph(model, [x], { capture: new Set([conv]) }).captured.get(conv) as tf.Tensor;
      const { fused, unfused, norms } = await fusedAndUnfused(captured);
      assert.deepEqual(fused, unfused);
      assert.deepEqual(norms, [3, 5], 'only the captured chain runs unfused');
      x.dispose();
      model.dispose();
    });
  });
}
