// `explain` announces the model evaluations a long run will make and the time one timed probe of the
// model projects for them, before it starts, and shows its progress with an ETA (before, occlusion
// and feature ablation ran for minutes with no output).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, runCli, tempDir, writeImages } from '../support/cli.ts';

const MODEL = join(ROOT, 'test/fixtures/models/tiny-cnn/layers/model.json');
let image: string;

before(async () => {
  [image] = (await writeImages(tempDir(), 1)) as [string];
});

describe('explain: estimate and progress of long runs', () => {
  test('feature ablation per value: the estimate first, then progress lines with an ETA', () => {
    const out = tempDir();
    const args = ['explain', '--model', MODEL, '--image', image, '--method', 'feature-ablation', '--option', 'patchSize=each', '--option', 'perturbationsPerEval=48', '--out', out, '--backend', 'cpu'];
    const run = runCli(args);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /feature-ablation: about 193 model evaluations, ~\d+ s \([\d.e+-]+ ms each, timed on 48\)/);
    assert.match(run.stderr, /48\/192 steps, [\d.]+ steps\/s, ETA/);
    assert.match(run.stderr, /192\/192 steps/);
  });

  test('a quick method prints neither', () => {
    const run = runCli(['explain', '--model', MODEL, '--image', image, '--out', tempDir(), '--backend', 'cpu']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /model evaluations/);
    assert.doesNotMatch(run.stderr, /steps/);
  });
});
