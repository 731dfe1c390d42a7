// What the explorer says about the model, in a real headless Chromium: the bundled models' cards,
// user models named after their folder with their own labels (dict.txt) and no bundled samples, a
// note when the preprocessing is a guess, an output picker for multi-output models that changes the
// explanation, any class by search, and "class A versus class B" (the map of the logit difference); digit models get invert and a drawing pad.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { classTarget, getMethod } from '../../src/index.ts';
import { setupBackend } from '../../src/node/index.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import type { PlainArray } from '../../web/src/explorer-hook.ts';
import { relativeError } from '../support/assert-close.ts';
import { idle, openExplorer, openExplorerSession, pageError, SKIP_WITHOUT_CHROMIUM, type ExplorerSession } from './explorer-session.ts';
import { noisePng } from './test-images.ts';
import { DIGIT_LABELS, writeTwoOutputModel } from './two-output-model.ts';

describe('explorer model context', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let session: ExplorerSession;
  let page: Page;
  let folder: string;

  before(async () => {
    await setupBackend({ backend: 'wasm', threads: 1 });
    folder = join(mkdtempSync(join(tmpdir(), 'explorer-models-')), 'two-heads');
    await writeTwoOutputModel(folder);
    session = await openExplorerSession();
    page = session.page;
    await openExplorer(page, `${session.url}?panels=saliency`);
  });
  after(async () => {
    await session?.close();
    if (folder) rmSync(join(folder, '..'), { recursive: true, force: true });
  });

  const saliency = async () => (await page.evaluate(() => window.__explorer!.map('saliency'))) as PlainArray;
  /** Saliency of the page's input in Node for `target`. */
  const nodeSaliency = async (target: ReturnType<typeof classTarget>) => {
    const input = (await page.evaluate(() => window.__explorer!.input()))!;
    const { model } = await loadModel(join(folder, 'model.json'));
    try {
      return (await getMethod('saliency').run(model, { data: Float32Array.from(input.data), shape: input.shape }, { target })).map.data;
    } finally {
      model.dispose();
    }
  };

  it('offers digit models an invert switch and a pad to draw a digit', async () => {
    assert.ok(await page.isVisible('#digit-tools'));
    const input = async () => (await page.evaluate(() => window.__explorer!.input()))!.data;
    const plain = await input();
    await page.check('#invert');
    await idle(page);
    assert.ok(relativeError(await input(), plain.map((v) => 1 - v)) < 1e-6, 'inverted pixels are 1 - v');
    await page.uncheck('#invert');
    await idle(page);
    await page.locator('#digit-pad').scrollIntoViewIfNeeded();
    const pad = (await page.locator('#digit-pad').boundingBox())!;
    await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.8, { steps: 8 });
    await page.mouse.up();
    await idle(page);
    const drawn = await input();
    // A vertical stroke down the middle: bright in the centre column, dark at the left edge.
    assert.ok(drawn[14 * 28 + 14]! > 0.9 && drawn[14 * 28 + 1]! === 0, 'the drawing is the input');
    assert.ok(await page.evaluate(() => window.__explorer!.map('saliency')), 'the drawing is explained');
  });

  it("shows a bundled model's card", async () => {
    assert.ok(await page.isVisible('#model-card'));
    await page.click('#model-card summary');
    assert.match((await page.textContent('#model-card')) ?? '', /Architecture: Conv2D/);
    await page.selectOption('#bundled-model', 'shortcut');
    await idle(page);
    assert.match((await page.textContent('#model-card')) ?? '', /shortcut/);
    assert.ok(await page.isHidden('#model-note'), 'bundled models state their preprocessing');
    assert.ok(await page.isHidden('#output-choice'), 'one output: no output picker');
  });

  it('names a user model after its folder, uses dict.txt, hides the samples and offers its outputs', async () => {
    await page.setInputFiles('#model-folder', folder);
    await idle(page);
    assert.equal(await pageError(page), '');
    const model = (await page.evaluate(() => window.__explorer!.model()))!;
    assert.equal(model.name, 'two-heads');
    assert.deepEqual([...model.labels], DIGIT_LABELS);
    assert.match((await page.textContent('#model-name')) ?? '', /^two-heads: TF\.js layers model/);
    assert.ok(await page.isHidden('#model-card'));
    assert.equal(await page.locator('#samples button').count(), 0, 'no bundled samples beside a user model');
    assert.match((await page.textContent('#model-note')) ?? '', /Preprocessing is a guess/);
    assert.ok(await page.isVisible('#output-choice'));
    assert.deepEqual(await page.locator('#output option').allTextContents(), ['digit (10 classes)', 'parity (2 classes)']);
    await page.setInputFiles('#image-file', { name: 'noise.png', mimeType: 'image/png', buffer: await noisePng(28, 28, 1) });
    await idle(page);
    const predictions = await page.evaluate(() => window.__explorer!.predictions());
    assert.equal(predictions.length, 5);
    assert.ok(predictions.every((p) => p.label === DIGIT_LABELS[p.index]));
  });

  it('explains the output chosen in the picker', async () => {
    const first = await saliency();
    const target = await page.evaluate(() => window.__explorer!.target());
    assert.ok(relativeError(first.data, await nodeSaliency(classTarget(target, { output: 0 }))) < 1e-4);
    await page.selectOption('#output', '1');
    await idle(page);
    assert.equal(await pageError(page), '');
    const predictions = await page.evaluate(() => window.__explorer!.predictions());
    assert.deepEqual(predictions.map((p) => p.label).sort(), ['class 0', 'class 1']);
    const parity = await page.evaluate(() => window.__explorer!.target());
    const second = await saliency();
    assert.ok(relativeError(second.data, first.data) > 0.1, 'another output, another map');
    assert.ok(relativeError(second.data, await nodeSaliency(classTarget(parity, { output: 1 }))) < 1e-4);
    await page.selectOption('#output', '0');
    await idle(page);
  });

  it('explains any class found by search, and class A versus class B', async () => {
    await page.fill('#class-search', 'seven');
    await page.locator('#class-search').dispatchEvent('change');
    await idle(page);
    assert.equal(await page.evaluate(() => window.__explorer!.target()), 7);
    assert.match((await page.textContent('#status')) ?? '', /for “seven”\.$/);
    const seven = await saliency();
    await page.fill('#versus-search', '3');
    await page.locator('#versus-search').dispatchEvent('change');
    await idle(page);
    assert.match((await page.textContent('#status')) ?? '', /for “seven” versus “three”\.$/);
    const three = await nodeSaliency(classTarget(3, { output: 0 }));
    const difference = seven.data.map((v, i) => v - three[i]!);
    assert.ok(relativeError((await saliency()).data, difference) < 1e-4, 'the map of A minus B is map A minus map B');
    assert.deepEqual(session.pageErrors, []);
  });
});
