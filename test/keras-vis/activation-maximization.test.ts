// Activation maximisation: the score rises over the steps, the result respects the input range,
// closed forms on linear models, keras-vis's loop (normalised gradient, RMSProp, best image), seeds.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  deprocessInput,
  filterTarget,
  maximizeActivation,
  SaliencyError,
  visualizeActivation,
  visualizeActivationWithLosses,
  activationMaximization,
  type OptimizationStep,
  type Progress,
} from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks, weightSnapshot } from '../support/tensors.ts';
import { tinyCnn } from '../support/models.ts';
import { linearModel } from '../methods/linear-models.ts';

before(useCpu);

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

describe('maximizeActivation (tf-keras-vis style)', () => {
  const model = tinyCnn();

  test('raises the class score step after step and stays in the input range', async () => {
    // Jitter of 4 pixels would move half of an 8x8 image, so this tiny model is optimised without modifiers.
    const weights = weightSnapshot(model);
    const progress: Progress[] = [];
    const result = await withoutLeaks(() => maximizeActivation(model, { target: 2, steps: 40, inputModifiers: [], onProgress: (p) => progress.push(p) }));
    const scores = result.scoreHistory.map((s) => s[0] as number);
    assert.equal(scores.length, 40);
    const everyFifth = scores.filter((_, i) => i % 5 === 0);
    everyFifth.slice(1).forEach((score, k) => assert.ok(score > (everyFifth[k] as number), `step ${5 * k + 5}: ${everyFifth[k]} -> ${score}`));
    assert.ok((scores[39] as number) > (scores[0] as number) + 1000, `${scores[0]} -> ${scores[39]}`);
    assert.ok((result.scores[0] as number) > (scores[39] as number));
    assert.deepEqual([...result.image.shape], [1, 8, 8, 3]);
    assert.ok(result.image.data.every((v) => v >= 0 && v <= 255));
    assert.deepEqual(progress.map((p) => p.done), Array.from({ length: 40 }, (_, i) => i + 1));
    assert.equal(result.target, 'class 2');
    weightSnapshot(model).forEach((w, i) => assert.deepEqual(w, weights[i]));
  });

  test('the default jitter and rotation are applied before each step, within the range', async () => {
    const plain = await maximizeActivation(model, { target: 2, steps: 3, inputModifiers: [] });
    const modified = await withoutLeaks(() => maximizeActivation(model, { target: 2, steps: 3 }));
    assert.notDeepEqual(modified.image.data, plain.image.data);
    assert.ok(modified.image.data.every((v) => v >= 0 && v <= 255));
  });

  test('maximises a conv filter and is deterministic for a seed', async () => {
    const options = { target: filterTarget('conv_b', 1), steps: 25, inputRange: [0, 1] as const, optimizer: { type: 'adam', learningRate: 0.05 } as const, seed: 4 };
    const a = await maximizeActivation(model, options);
    const b = await maximizeActivation(model, options);
    assert.deepEqual(a.image.data, b.image.data);
    const scores = a.scoreHistory.map((s) => s[0] as number);
    assert.ok(mean(scores.slice(-5)) > mean(scores.slice(0, 5)), `filter scores ${scores[0]} -> ${scores[24]}`);
    assert.ok(a.image.data.every((v) => v >= 0 && v <= 1));
  });

  test('on a linear model the clipped optimum is the corner sign(w) of the range', async () => {
    const w = [0.5, -1, 2, -0.3];
    const linear = linearModel([4], w.map((v) => [v]));
    const result = await maximizeActivation(linear, { target: 0, inputRange: [-1, 1], steps: 60 });
    assert.deepEqual(Array.from(result.image.data), w.map(Math.sign));
    assertClose(result.scores, [w.reduce((s, v) => s + Math.abs(v), 0)]);
  });

  test('refuses a missing target and bad settings', async () => {
    await assert.rejects(maximizeActivation(model, {} as never), /target: activation maximisation needs a target/);
    await assert.rejects(maximizeActivation(model, { target: 1, steps: 0 }), /steps: got 0/);
    await assert.rejects(maximizeActivation(model, { target: 1, inputRange: [1, 0] }), /inputRange: got \[1,0\]/);
    const controller = new AbortController();
    await assert.rejects(
      maximizeActivation(model, { target: 1, steps: 10, signal: controller.signal, onProgress: () => controller.abort() }),
      (error: unknown) => error instanceof SaliencyError && error.code === 'CANCELLED',
    );
  });
});

describe('visualizeActivation (keras-vis)', () => {
  const model = tinyCnn();

  test('returns a deprocessed uint8 image of the step right after the lowest loss', async () => {
    const steps: OptimizationStep[] = [];
    const image = await withoutLeaks(() => visualizeActivation(model, -1, 2, { maxIter: 30, onStep: (s) => steps.push(s) }));
    assert.deepEqual([...image.shape], [8, 8, 3]);
    assert.ok(image.data.every((v) => Number.isInteger(v) && v >= 0 && v <= 255));
    const losses = steps.map((s) => s.losses[0] as number);
    const bestStep = losses.indexOf(Math.min(...losses));
    const expected = deprocessInput(steps[bestStep]?.values[0]?.data ?? []).map(Math.trunc);
    assert.deepEqual(image.data, expected);
    assert.ok((steps[29]?.scores[0] as number) > (steps[0]?.scores[0] as number), 'the class score rises');
    assert.deepEqual(Object.keys(steps[0]?.penalties ?? {}), ['L-6.0 Norm Loss', 'TV(2.0) Loss']);
  });

  test('one step: the l2-normalised loss gradient moved by keras-vis RMSProp, penalties as their formulas', async () => {
    // f(x) = w . x; loss = -f, so the gradient is -w, normalised g = -w / |w|; step = -g / sqrt(0.05 g^2 + 1e-7).
    const w = [3, -4, 0];
    const linear = linearModel([3, 1], w.map((v) => [v]));
    const seed = { data: Float32Array.from([1, 2, 3]), shape: [3, 1] };
    const steps: OptimizationStep[] = [];
    await visualizeActivationWithLosses(linear, [[activationMaximization(-1, 0), 1]], { seedInput: seed, maxIter: 1, onStep: (s) => steps.push(s) });
    const g = w.map((v) => -v / 5);
    assertClose(steps[0]?.values[0]?.data ?? [], g.map((gi, i) => (seed.data[i] as number) - gi / Math.sqrt(0.05 * gi * gi + 1e-7)), { rtol: 1e-6 });
    assertClose(steps[0]?.scores ?? [], [3 - 8]);
    const withPenalties: OptimizationStep[] = [];
    await visualizeActivation(linear, -1, 0, { seedInput: seed, maxIter: 1, onStep: (s) => withPenalties.push(s), outputDtype: 'float32' });
    const penalties = withPenalties[0]?.penalties ?? {};
    assertClose(penalties['L-6.0 Norm Loss'] ?? [], [(10 * (1 + 64 + 729) ** (1 / 6)) / 3], { rtol: 1e-6 });
    assertClose(penalties['TV(2.0) Loss'] ?? [], [(10 * (1 + 1)) / 3], { rtol: 1e-6 });
    assertClose(withPenalties[0]?.losses ?? [], [5 + (10 * 794 ** (1 / 6)) / 3 + 20 / 3], { rtol: 1e-6 });
  });

  test('keeps the batch axis of a batched seed, and is reproducible from its seed', async () => {
    const seedInput = tf.randomUniform([2, 8, 8, 3], 0, 255, 'float32', 1);
    const batch = await visualizeActivation(model, 'probs', [1, 3], { seedInput, maxIter: 3, inputRange: [0, 1] });
    assert.deepEqual([...batch.shape], [2, 8, 8, 3]);
    assert.ok(batch.data.every((v) => v >= 0 && v <= 1) && batch.data.some((v) => !Number.isInteger(v)), 'float32 in [0, 1]');
    seedInput.dispose();
    const a = await visualizeActivation(model, 'conv_a', 0, { maxIter: 3, seed: 7 });
    const b = await visualizeActivation(model, 'conv_a', 0, { maxIter: 3, seed: 7 });
    assert.deepEqual(a.data, b.data);
  });

  test('refuses losses that never read the model', async () => {
    await assert.rejects(visualizeActivation(model, -1, 0, { actMaxWeight: 0 }), /losses: at least one loss must read the model/);
  });
});
