// The explorer on a model the size of real ones, in a real headless Chromium: a 224x224 MobileNet-shaped
// Teachable Machine export (nested model, metadata.json without tmVersion) loaded through the file
// input, every default panel computed on wasm with batch sizes from the memory budget, none failed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { canvasStats } from './page-checks.ts';
import { enabledPanels, idle, openExplorer, openExplorerSession, pageError, SKIP_WITHOUT_CHROMIUM, type ExplorerSession } from './explorer-session.ts';
import { mobileNetTeachableMachineExport, MOBILENET_TM_LABELS } from './mobilenet-tm-export.ts';
import { noisePng } from './test-images.ts';

describe('explorer on a 224x224 Teachable Machine export', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let session: ExplorerSession;
  let page: Page;

  before(async () => {
    session = await openExplorerSession();
    page = session.page;
    await openExplorer(page, session.url);
  });
  after(() => session?.close());

  it('computes every default panel on wasm, none failed', async () => {
    await page.setInputFiles('#model-files', await mobileNetTeachableMachineExport());
    await idle(page);
    await page.setInputFiles('#image-file', { name: 'photo.png', mimeType: 'image/png', buffer: await noisePng(320, 240, 3) });
    await idle(page);
    assert.equal(await pageError(page), '');
    assert.equal(await page.evaluate(() => window.__explorer!.backend()), 'wasm');
    const model = (await page.evaluate(() => window.__explorer!.model()))!;
    assert.equal(model.format, 'Teachable Machine export');
    assert.deepEqual([...model.labels], MOBILENET_TM_LABELS);
    assert.deepEqual((await page.evaluate(() => window.__explorer!.input()))?.shape, [224, 224, 3]);
    const panels = await enabledPanels(page);
    assert.deepEqual(panels, ['saliency', 'integrated-gradients', 'smoothgrad', 'occlusion', 'grad-cam']);
    for (const id of panels) {
      const status = await page.evaluate((panel) => window.__explorer!.status(panel), id);
      assert.match(status, /^\d+ ms/, `${id}: ${status}`);
      const map = await page.evaluate((panel) => window.__explorer!.map(panel), id);
      assert.ok(map && map.data.some((v) => v !== 0), `${id}: a non-zero map`);
    }
    assert.match((await page.textContent('#status')) ?? '', /^Done: 5 maps for “class [ABC]”\.$/);
    // Occlusion is sized to the input (a stride of 1 would run the model 44,000 times).
    const occlusion = (await page.evaluate(() => window.__explorer!.call('occlusion')))!;
    assert.ok((occlusion.options['stride'] as number) > 1, JSON.stringify(occlusion.options));
    const pictures = await canvasStats(page, '#panels [data-enabled="true"] canvas.map');
    for (const picture of pictures) {
      assert.deepEqual([picture.width, picture.height], [224, 224], picture.label);
      assert.ok(picture.colours >= 20, `${picture.label} looks blank: ${JSON.stringify(picture)}`);
    }
  });

  it('explains again without leaking tensors', async () => {
    const tensors = await page.evaluate(() => window.__explorer!.numTensors());
    await page.locator('#predictions li button').nth(1).click();
    await idle(page);
    assert.equal(await page.evaluate(() => window.__explorer!.numTensors()), tensors);
    assert.doesNotMatch((await page.textContent('#status')) ?? '', /failed/);
    assert.deepEqual(session.pageErrors, []);
  });
});
