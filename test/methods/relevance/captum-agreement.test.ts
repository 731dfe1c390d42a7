// Agreement with Captum on the same weights: the fixture holds Captum's DeepLift, DeepLiftShap and
// LRP (EpsilonRule) maps for a small CNN (no ReLU next to the max pooling: see the script on
// Captum's delta there), written by scripts/captum-relevance-check.py (Debian's
// python3-torch running Captum's public source). The second test reruns that script when torch and
// a Captum snapshot are at hand (CAPTUM_SRC) and checks the committed fixture is what it writes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { deepLift, deepLiftShap, lrp } from '../../../src/index.ts';
import { assertClose } from '../../support/assert-close.ts';

interface Array_ {
  readonly shape: number[];
  readonly data: number[];
}
interface Fixture {
  readonly target: number;
  readonly weights: Record<string, { kernel: Array_; bias: Array_ }>;
  readonly inputs: Array_;
  readonly baseline: Array_;
  readonly distribution: Array_;
  readonly expected: Record<'deepLift' | 'deepLiftShap' | 'lrpEpsilon', Array_>;
}

const FIXTURE = new URL('../../fixtures/captum-relevance.json', import.meta.url);
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
const tensor = (a: Array_) => tf.tensor(a.data, a.shape);

function model(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  const a = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv_a' }).apply(input);
  const b = tf.layers.conv2d({ filters: 6, kernelSize: 3, name: 'conv_b' }).apply(a);
  const pooled = tf.layers.maxPooling2d({ poolSize: 2 }).apply(b);
  const out = tf.layers.dense({ units: 5, activation: 'softmax', name: 'probs' }).apply(tf.layers.flatten().apply(pooled)) as tf.SymbolicTensor;
  const built = tf.model({ inputs: input, outputs: out });
  for (const [name, w] of Object.entries(fixture.weights)) built.getLayer(name).setWeights([tensor(w.kernel), tensor(w.bias)]);
  return built;
}

describe('agreement with Captum (committed fixture)', () => {
  test('DeepLift, DeepLiftShap and LRP epsilon match Captum on the same weights', async () => {
    const net = model();
    const x = tensor(fixture.inputs);
    const baseline = tensor(fixture.baseline);
    const baselines = tensor(fixture.distribution);
    const target = fixture.target;
    const lifted = await deepLift(net, x, { target, baseline });
    assertClose(lifted.map.data, fixture.expected.deepLift.data, { atol: 2e-5, rtol: 1e-3, message: 'DeepLift' });
    const shap = await deepLiftShap(net, x, { target, baselines });
    assertClose(shap.map.data, fixture.expected.deepLiftShap.data, { atol: 2e-5, rtol: 1e-3, message: 'DeepLiftShap' });
    const relevance = await lrp(net, x, { target, composite: 'epsilon', epsilon: 1e-9 });
    assertClose(relevance.map.data, fixture.expected.lrpEpsilon.data, { atol: 2e-5, rtol: 1e-3, message: 'LRP epsilon' });
    tf.dispose([x, baseline, baselines]);
    net.dispose();
  });
});

const captum = process.env['CAPTUM_SRC'];
const torchMissing = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0;
const skip = torchMissing
  ? 'python3-torch is not installed'
  : !captum || !existsSync(join(captum, 'captum'))
    ? 'no Captum snapshot: set CAPTUM_SRC to a folder holding captum/ (see scripts/captum-relevance-check.py)'
    : false;

describe('the fixture is what the script writes', () => {
  test('regenerated values equal the committed ones', { skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'captum-'));
    try {
      const out = join(dir, 'fixture.json');
      execFileSync('/usr/bin/python3', ['scripts/captum-relevance-check.py', '--captum', captum as string, '--out', out], { stdio: 'ignore' });
      const fresh = JSON.parse(readFileSync(out, 'utf8')) as Fixture;
      for (const key of Object.keys(fixture.expected) as (keyof Fixture['expected'])[]) {
        assertClose(fresh.expected[key].data, fixture.expected[key].data, { atol: 1e-8, message: key });
      }
      assert.deepEqual(fresh.weights, fixture.weights);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
