// Guided Integrated Gradients: PAIR saliency's own test cases (the quadratic (2 x1 + x2)^2, whose
// partial derivatives depend on each other), the reduction to Integrated Gradients with the left
// Riemann rule that the paper states (maxDist 0, or fraction 1), anchors, and completeness on a CNN.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { customTarget, guidedIntegratedGradients, integratedGradients } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';
import { seedWeights, withoutLeaks } from '../support/tensors.ts';
import { linearModel } from './linear-models.ts';

before(useCpu);

/** f(x) = (2 x1 + x2)^2: a linear model read through a squaring target. */
const quadratic = linearModel([2], [[2], [1]]);
const squared = customTarget((a) => tf.square(tf.reshape(a, [-1])), { description: '(2 x1 + x2)^2' });
const x = tf.tensor2d([[3, 3]]);

async function gig(options: Record<string, unknown>): Promise<Float32Array> {
  return (await guidedIntegratedGradients(quadratic, x, { target: squared, steps: 200, ...options })).map.data;
}

describe('Guided IG on PAIR saliency test cases', () => {
  test('maxDist 0 and fraction 1 give Integrated Gradients [54, 27]; unbounded gives [72, 9]', async () => {
    assertClose(await gig({ fraction: 0.1, maxDist: 0 }), [54, 27], { rtol: 0.01 });
    assertClose(await gig({ fraction: 1, maxDist: 0.5 }), [54, 27], { rtol: 0.01 });
    assertClose(await gig({ fraction: 0.1, maxDist: 1 }), [72, 9], { rtol: 0.01 });
  });

  test('bounded: between IG and unbounded, completeness 81', async () => {
    const result = await withoutLeaks(() => guidedIntegratedGradients(quadratic, x, { target: squared, steps: 400, fraction: 0.1, maxDist: 0.2 }));
    const [a, b] = result.map.data as unknown as [number, number];
    assert.ok(a > 55 && a < 71 && b > 10 && b < 26, `${a}, ${b}`);
    assert.ok(Math.abs(a + b - 81) < 0.5);
    assert.ok(Math.abs((result.meta.extra?.['delta'] as number[])[0] as number) < 0.5);
  });

  test('anchors: one per step pins the path to the straight line (IG); none leaves it unbounded', async () => {
    const straight = await gig({ steps: 50, fraction: 0.1, maxDist: 1, anchors: 49 });
    const ig = await integratedGradients(quadratic, x, { target: squared, steps: 50, quadrature: 'riemann-left' });
    assertClose(straight, ig.map.data, { atol: 1e-3 });
    const anchored = await gig({ fraction: 0.1, maxDist: 1, anchors: 3 });
    assert.ok((anchored[0] as number) > 54.5 && (anchored[0] as number) < 71.5, String(anchored[0]));
    await assert.rejects(gig({ steps: 3, anchors: 3 }), /steps: 3 is fewer than the 4 segments/);
  });
});

describe('Guided IG on a CNN', () => {
  const model = tinyCnn();
  const images = tinyImages(2);

  test('fraction 1 equals Integrated Gradients with the left Riemann rule and the same steps', async () => {
    const guided = await withoutLeaks(() => guidedIntegratedGradients(model, images, { target: 2, steps: 16, fraction: 1 }));
    const ig = await integratedGradients(model, images, { target: 2, steps: 16, quadrature: 'riemann-left' });
    assertClose(guided.map.data, ig.map.data, { atol: 2e-5, rtol: 1e-3 });
  });

  test('completeness on a smooth (tanh) CNN: f(x) - f(0) - sum(a) shrinks like 1/steps; batch = per sample', async () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'tanh' }).apply(input);
    const out = tf.layers.dense({ units: 3 }).apply(tf.layers.flatten().apply(conv)) as tf.SymbolicTensor;
    const smooth = tf.model({ inputs: input, outputs: out });
    seedWeights(smooth, 3, 0.6);
    const coarse = await guidedIntegratedGradients(smooth, images, { steps: 16 });
    const result = await guidedIntegratedGradients(smooth, images, { steps: 32 });
    const deltas = [coarse, result].map((r) => r.meta.extra?.['delta'] as number[]);
    deltas[1]?.forEach((d, n) => assert.ok(Math.abs(d) < 0.6 * Math.abs(deltas[0]?.[n] as number), `delta ${d} vs ${deltas[0]?.[n]} at 16 steps`));
    const scores = result.meta.scores;
    const base = result.meta.extra?.['baselineScores'] as number[];
    (result.meta.extra?.['delta'] as number[]).forEach((d, n) => assert.ok(Math.abs(d) < 0.03 * Math.abs((scores[n] as number) - (base[n] as number)), `delta ${d}`));
    const one = tf.slice(images, [1], [1]);
    const alone = await guidedIntegratedGradients(smooth, one, { steps: 32 });
    one.dispose();
    assertClose(alone.map.data, result.map.data.slice(192), { atol: 1e-6 });
  });
});
