// computeGradients reads the adapter, the objective and the backprop rule from the call's context:
// checked against the closed forms of a one-hidden-layer ReLU network under each rule.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { openContext } from '../../src/core/explain.ts';
import { computeGradients } from '../../src/core/gradients.ts';
import { resolveObjective } from '../../src/core/objective.ts';
import { classTarget } from '../../src/core/target.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';

before(useCpu);

// x (3) -> relu(W1 x) (4) -> W2 h (2). No biases, so the closed forms are plain sums.
const W1 = [
  [1, -1, 0.5, 2],
  [-0.5, 1, 1, -1],
  [0.25, 0.5, -2, 1],
];
const W2 = [
  [1, -2],
  [1.5, 0.5],
  [2, 1],
  [-0.5, -1],
];
const X = [1, 0.5, -0.25];

function reluNetwork(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [3], useBias: false }),
      tf.layers.reLU(),
      tf.layers.dense({ units: 2, useBias: false }),
    ],
  });
  model.setWeights([tf.tensor2d(W1), tf.tensor2d(W2)]);
  return model;
}

/** d logit_c / dx with the ReLU passing back dy * gate(pre-activation, dy) per hidden unit. */
function closedForm(c: number, gate: (pre: number, dy: number) => boolean): number[] {
  const pre = [0, 1, 2, 3].map((j) => X.reduce((s, x, i) => s + x * (W1[i]?.[j] as number), 0));
  const back = pre.map((p, j) => {
    const dy = W2[j]?.[c] as number;
    return gate(p, dy) ? dy : 0;
  });
  return X.map((_, i) => back.reduce((s, b, j) => s + b * (W1[i]?.[j] as number), 0));
}

const RULES = {
  plain: (pre: number) => pre > 0,
  guided: (pre: number, dy: number) => pre > 0 && dy > 0,
  rectified: (_pre: number, dy: number) => dy > 0,
} as const;

describe('computeGradients(context, inputs, request)', () => {
  for (const [name, gate] of Object.entries(RULES)) {
    test(`applies the context's backprop rule (${name}) without being told`, async () => {
      const model = reluNetwork();
      const modifier = name === 'plain' ? null : (name as 'guided' | 'rectified');
      const gradient = await withoutLeaks(async () => {
        const context = openContext(model, { data: Float32Array.from(X), shape: [1, 3] }, { target: 0, backpropModifier: modifier });
        try {
          const result = tf.tidy(() => computeGradients(context, context.input.tensors).gradients[0] as tf.Tensor);
          const values = Array.from(await result.data());
          result.dispose();
          return values;
        } finally {
          context.dispose();
        }
      });
      const expected = closedForm(0, gate);
      assertClose(gradient, expected);
      assert.ok(expected.some((v) => v !== 0), 'an all-zero closed form tests nothing');
      model.dispose();
    });
  }

  test('the rules differ on this network (the test above can fail)', () => {
    const forms = Object.values(RULES).map((gate) => closedForm(0, gate).join());
    assert.equal(new Set(forms).size, forms.length);
  });

  test("request.objective replaces the context's objective; request.wrt takes the gradient at a layer", async () => {
    const model = reluNetwork();
    await withoutLeaks(async () => {
      const context = openContext(model, { data: Float32Array.from(X), shape: [1, 3] }, { target: 0 });
      try {
        const objective = resolveObjective(context.adapter, [{ target: classTarget(1) }], 1, 'remove');
        const [other, atLayer] = tf.tidy(() => [
          computeGradients(context, context.input.tensors, { objective }).gradients[0] as tf.Tensor,
          computeGradients(context, context.input.tensors, { wrt: context.adapter.layer(1, 'wrt') }).gradients[0] as tf.Tensor,
        ]);
        assertClose(Array.from(await other.data()), closedForm(1, RULES.plain));
        // d logit_0 / d relu output = W2[:, 0].
        assertClose(Array.from(await atLayer.data()), W2.map((row) => row[0] as number));
        tf.dispose([other, atLayer]);
      } finally {
        context.dispose();
      }
    });
    model.dispose();
  });
});
