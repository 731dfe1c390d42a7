/**
 * The one-run path of the ONNX engine's gradient programs: a target linear in what it reads (a
 * class, per-sample classes, a filter) runs forward and backward as ONE ORT run with the seed taken
 * at zeros; the predicted class is one run too (its seed chosen inside the graph by ArgMax); any
 * other target (custom) runs the forward session, the TF.js seed
 * pass and the gradient session. Both give the same maps and scores as TF.js, counted by session runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { installActiveEngine } from '../../../src/core/engine.ts';
import { computeGradients } from '../../../src/core/gradients.ts';
import { adaptModel } from '../../../src/core/model.ts';
import { resolveObjective } from '../../../src/core/objective.ts';
import { classTarget, customTarget, filterTarget, perSampleTarget, predictedTarget, type Target } from '../../../src/core/target.ts';
import { createOnnxEngine } from '../../../src/engines/onnx/engine.ts';
import { loadOrtRuntime } from '../../../src/engines/onnx/node/ort-runtime.ts';
import type { OnnxRuntime } from '../../../src/engines/onnx/runtime.ts';
import { relativeError, seededInput } from './support.ts';

/** A runtime that counts session runs by kind (a run fetching gradients, or a forward run). */
function countingRuntime(base: OnnxRuntime, runs: { gradient: number; forward: number }): OnnxRuntime {
  return {
    name: base.name,
    createSession(model, options) {
      const session = base.createSession(model, options);
      return {
        run(feeds, outputs) {
          runs[outputs.some((o) => o.startsWith('grad')) ? 'gradient' : 'forward']++;
          return session.run(feeds, outputs);
        },
        release: () => session.release(),
      };
    },
  };
}

function tinyCnn(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), name: 'conv' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  return m;
}

test('linear targets and the predicted class take one ORT run, custom ones two; maps and scores equal TF.js on both paths', async (t) => {
  const load = await loadOrtRuntime();
  if (!load.runtime) return t.skip(load.reason);
  await tf.setBackend('cpu');
  const model = tinyCnn();
  const adapter = adaptModel(model);
  const x = seededInput([2, 8, 8, 2]);
  const runs = { gradient: 0, forward: 0 };
  const engine = createOnnxEngine(countingRuntime(load.runtime, runs));
  const remove = installActiveEngine(engine);
  try {
    const logit1 = (a: tf.Tensor) => tf.reshape(tf.slice(a, [0, 1], [-1, 1]), [-1]);
    const cases: [string, Target, { gradient: number; forward: number }][] = [
      ['class 1', classTarget(1), { gradient: 1, forward: 0 }],
      ['per-sample classes', perSampleTarget([2, 0]), { gradient: 1, forward: 0 }],
      ['filter 3 of conv', filterTarget('conv', 3), { gradient: 1, forward: 0 }],
      ['custom class-1 logit', customTarget(logit1, { classification: true }), { gradient: 1, forward: 1 }],
      ['custom squared logit', customTarget((a) => tf.square(logit1(a)), { classification: true }), { gradient: 1, forward: 1 }],
      ['predicted class', predictedTarget(), { gradient: 1, forward: 0 }],
    ];
    const results = new Map<string, { map: Float32Array; scores: Float32Array }>();
    for (const [label, target, expected] of cases) {
      const objective = resolveObjective(adapter, [{ target }], 2);
      const compute = (choice: 'onnx' | 'tfjs') => {
        const context = { adapter, objective, backprop: null, engine: { choice, notes: [] } };
        return tf.tidy(() => {
          const g = computeGradients(context, [x]);
          return { map: (g.gradients[0] as tf.Tensor).dataSync() as Float32Array, scores: g.scores.dataSync() as Float32Array };
        });
      };
      const reference = compute('tfjs');
      runs.gradient = runs.forward = 0;
      const before = tf.memory().numTensors;
      const got = compute('onnx');
      assert.equal(tf.memory().numTensors, before, `${label}: no tensor leaked`);
      assert.deepEqual(runs, expected, `${label}: session runs`);
      assert.ok(relativeError(got.map, reference.map) <= 1e-5, `${label}: map ${relativeError(got.map, reference.map)}`);
      assert.ok(relativeError(got.scores, reference.scores) <= 1e-5, `${label}: scores`);
      assert.ok(reference.map.some((v) => v !== 0), `${label}: a nonzero map`);
      results.set(label, got);
    }
    // the same score by both paths: identical maps and scores up to float rounding
    const one = results.get('class 1');
    const two = results.get('custom class-1 logit');
    assert.ok(one && two && relativeError(one.map, two.map) <= 1e-6 && relativeError(one.scores, two.scores) <= 1e-6, 'one run = two runs');
  } finally {
    remove();
    engine.release();
    tf.dispose(x);
    model.dispose();
  }
});
