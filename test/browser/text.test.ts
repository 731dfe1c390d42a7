// The explorer's text flow in a real headless Chromium: the bundled text model opens from the model
// menu, a positive and a negative sentence are typed and explained with integrated gradients at the
// Embedding layer in the page's worker; each highlighted word's value equals the library's Node result
// for the same sentence and the predicted class flips. A user's model.json + weights + dict.json opens
// as a text model too, and choosing an image model brings the image flow back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { getMethod, parseVocabulary, tokenAttributions, tokenize } from '../../src/index.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import { useCpu } from '../support/backend.ts';
import type {} from '../../web/src/text/text-hook.ts'; // window.__textExplorer's type
import { idle, MODELS, openExplorer, openExplorerSession, pageError, SKIP_WITHOUT_CHROMIUM, type ExplorerSession } from './explorer-session.ts';

const DIR = join(MODELS, 'text-sentiment');
const LABELS = ['negative', 'positive'];

describe('explorer text flow', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let session: ExplorerSession;
  let page: Page;
  let folder: string;
  const textIdle = () => page.evaluate(() => window.__textExplorer!.whenIdle());

  before(async () => {
    await useCpu();
    folder = mkdtempSync(join(tmpdir(), 'explorer-text-'));
    session = await openExplorerSession();
    page = session.page;
    await openExplorer(page, `${session.url}?panels=saliency`);
    await page.selectOption('#bundled-model', 'text:text-sentiment');
    await textIdle();
  });
  after(async () => {
    await session?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Integrated gradients per word at the Embedding layer, in Node, for `sentence` and its predicted class. */
  const nodeIg = async (sentence: string): Promise<{ scores: number[]; predicted: number }> => {
    const model = (await loadModel(DIR)).model as tf.LayersModel;
    const tokens = tokenize(sentence, parseVocabulary(readFileSync(join(DIR, 'vocab.txt'), 'utf8')), 12);
    const input = tf.tensor2d([[...tokens.ids]], [1, 12]);
    try {
      const predicted = (await tf.tidy(() => (model.predict(input) as tf.Tensor).argMax(-1)).data())[0] as number;
      const result = await getMethod('integrated-gradients').run(model, input, { wrt: 'embedding', target: predicted });
      return { scores: Array.from(tokenAttributions(result.map).data.slice(0, tokens.words.length)), predicted };
    } finally {
      input.dispose();
      model.dispose();
    }
  };

  it('opens the bundled model with the first example explained by IG, GradientSHAP and DeepLIFT, and says why other methods are hidden', async () => {
    assert.equal(await pageError(page), '');
    assert.ok(await page.evaluate(() => document.body.classList.contains('text-mode')));
    assert.ok(await page.isHidden('#results'), 'the image maps are hidden while a text model is open');
    const results = await page.evaluate(() => window.__textExplorer!.results());
    assert.deepEqual(Object.keys(results).sort(), ['deep-lift', 'gradient-shap', 'integrated-gradients']);
    assert.match((await page.textContent('#text-hidden')) ?? '', /Grad-CAM.*convolutional feature map/s);
    assert.match((await page.textContent('#text-legend')) ?? '', /for negative.*against negative/);
  });

  it('a positive and a negative sentence: each word of IG equals the library in Node (1e-4), and the class flips', async () => {
    await page.uncheck('#text-methods input[value="gradient-shap"]');
    await page.uncheck('#text-methods input[value="deep-lift"]');
    const tensors = await page.evaluate(() => window.__explorer!.numTensors());
    const predicted: number[] = [];
    for (const sentence of ['a wonderful story with brilliant acting', 'the plot was dull and the music was terrible']) {
      await page.fill('#text-sentence', sentence);
      await page.click('#text-run');
      await textIdle();
      assert.equal(await pageError(page), '');
      const shown = await page.$$eval('#text-results [data-method="integrated-gradients"] .token', (spans) => spans.map((s) => [s.textContent, Number((s as HTMLElement).dataset['value'])] as const));
      const expected = await nodeIg(sentence);
      assert.deepEqual(shown.map(([word]) => word), sentence.split(' '));
      shown.forEach(([word, value], i) => assert.ok(Math.abs(value - (expected.scores[i] as number)) < 1e-4, `${sentence}: '${word}' ${value} in the page, ${expected.scores[i]} in Node`));
      const target = await page.evaluate(() => window.__textExplorer!.target());
      assert.equal(target, expected.predicted);
      assert.match((await page.textContent('#text-probabilities li.explained')) ?? '', new RegExp(`^${LABELS[target]}: `));
      predicted.push(target);
    }
    assert.deepEqual(predicted, [1, 0], 'positive, then negative');
    assert.equal(await page.evaluate(() => window.__explorer!.numTensors()), tensors, 'the text flow leaves no tensors behind in the worker');
  });

  it('Cancel stops a run: nothing is shown for it and the line says so', async () => {
    await page.evaluate(() => {
      document.querySelector<HTMLButtonElement>('#text-run')!.click();
      document.querySelector<HTMLButtonElement>('#text-cancel')!.click();
    });
    await textIdle();
    assert.equal(await page.textContent('#text-status'), 'Cancelled.');
    assert.deepEqual(await page.evaluate(() => window.__textExplorer!.results()), {});
    assert.equal(await pageError(page), '');
  });

  it("a user's model.json + weights + dict.json opens as a text model; an image model brings the image flow back", async () => {
    const words = readFileSync(join(DIR, 'vocab.txt'), 'utf8').trim().split('\n');
    writeFileSync(join(folder, 'dict.json'), JSON.stringify(Object.fromEntries(words.map((w, i) => [w, i]))));
    await page.setInputFiles('#model-files', [join(DIR, 'model.json'), join(DIR, 'weights.bin'), join(DIR, 'labels.json'), join(folder, 'dict.json')]);
    await textIdle();
    assert.equal(await pageError(page), '');
    const model = await page.evaluate(() => window.__textExplorer!.model());
    assert.equal(model?.vocabularySize, 53);
    assert.equal(model?.embedding, 'embedding');
    assert.deepEqual(model?.labels, LABELS);
    assert.deepEqual((await page.evaluate(() => window.__textExplorer!.prediction()))?.words, 'the plot was dull and the music was terrible'.split(' '));
    await page.selectOption('#bundled-model', 'mnist-cnn');
    await idle(page);
    assert.equal(await pageError(page), '');
    assert.ok(!(await page.evaluate(() => document.body.classList.contains('text-mode'))));
    assert.ok((await page.evaluate(() => window.__explorer!.predictions().length)) > 0);
  });
});
