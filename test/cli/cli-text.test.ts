// explain --text on the bundled text model, end to end through a spawned CLI: word attributions at
// the Embedding layer (chosen automatically) that sum to f(x) - f(pad), written as JSON and
// highlighted HTML; neuron attribution with --layer/--neuron; usage errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from '../support/cli.ts';
import { explainCommand } from '../../src/cli/commands/explain.ts';
import { methodCall } from '../../src/cli/explain-request.ts';
import { UsageError } from '../../src/cli/errors.ts';

const MODEL = join(ROOT, 'models/text-sentiment');
const VOCAB = join(MODEL, 'vocab.txt');
const TEXT = 'the movie was not good and the ending was awful';

describe('saliency explain --text', () => {
  test('integrated gradients per word at the Embedding layer, summing to f(x) - f(pad)', () => {
    const out = tempDir();
    const run = runCli(['explain', '--model', MODEL, '--text', TEXT, '--vocab', VOCAB, '--method', 'integrated-gradients', '--option', 'steps=32', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /attributing to the Embedding layer 'embedding'/);
    assert.match(run.stdout, /1\. negative \(class 0\): (0\.9\d{3}|1\.0000)/);
    const record = JSON.parse(readFileSync(join(out, 'text.integrated-gradients.class-0.tokens.json'), 'utf8'));
    assert.deepEqual(record.words, TEXT.split(' '));
    assert.equal(record.wrt, 'embedding');
    const sum = (record.attributions as number[]).reduce((a, b) => a + b, 0);
    const gap = record.score - record.extra.baselineScores[0];
    assert.ok(Math.abs(gap - sum) < 0.005 * Math.abs(gap), `sum ${sum}, f(x) - f(pad) ${gap}`);
    assert.ok(Math.abs(record.extra.delta[0] - (gap - sum)) < 1e-4);
    const words = record.words as string[];
    const scores = record.attributions as number[];
    assert.ok(scores[words.indexOf('awful')]! > 0.2 * Math.max(...scores), 'awful speaks for negative');
    const html = readFileSync(join(out, 'text.integrated-gradients.class-0.tokens.html'), 'utf8');
    assert.equal(html.match(/<span /g)?.length, words.length);
  });

  test('a class label with markup is written into the HTML page as text, not as markup', () => {
    const model = join(tempDir(), 'model');
    cpSync(MODEL, model, { recursive: true });
    writeFileSync(join(model, 'labels.json'), JSON.stringify(['<img src=x onerror=alert(1)>', 'positive']));
    const out = tempDir();
    const run = runCli(['explain', '--model', model, '--text', TEXT, '--vocab', VOCAB, '--method', 'integrated-gradients', '--option', 'steps=4', '--target', '0', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    const html = readFileSync(join(out, 'text.integrated-gradients.class-0.tokens.html'), 'utf8');
    assert.ok(!html.includes('<img'), html.slice(0, 300));
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  test('a neuron of the conv layer (--layer conv --neuron 3,5) with GradientSHAP at the Embedding layer', () => {
    const out = tempDir();
    const neuron = runCli(['explain', '--model', MODEL, '--text', TEXT, '--vocab', VOCAB, '--method', 'gradient-shap', '--layer', 'conv', '--neuron', '3,5', '--out', out]);
    assert.equal(neuron.status, 0, neuron.stderr);
    assert.match(neuron.stdout, /gradient-shap\.neuron-3-5 for neuron \[3, 5\]/);
    assert.deepEqual(readdirSync(out).sort(), ['text.gradient-shap.neuron-3-5.tokens.html', 'text.gradient-shap.neuron-3-5.tokens.json']);
  });

  test('usage errors before any model is loaded: --text without --vocab, --image with --text, --neuron without --layer', async () => {
    const base = { model: MODEL, method: 'integrated-gradients', out: tempDir(), format: [] };
    await assert.rejects(explainCommand({ ...base, text: TEXT }, () => undefined), (e: unknown) => e instanceof UsageError && /--text: needs --vocab/.test(e.message));
    await assert.rejects(explainCommand({ ...base, text: TEXT, vocab: VOCAB, image: 'x.png' }, () => undefined), (e: unknown) => e instanceof UsageError && /--image FILE, or --text/.test(e.message));
    assert.throws(() => methodCall({ method: 'saliency', neuron: [1] }), (e: unknown) => e instanceof UsageError && /--neuron: needs --layer/.test(e.message));
  });
});
