// Sharing and exporting, in a real headless Chromium: the view is kept in the URL (a reload brings the
// same model, sample, class and display back), and the report PNG holds the visible grid.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, idle, openExplorer, openExplorerSession, pageError, SKIP_WITHOUT_CHROMIUM, type ExplorerSession } from './explorer-session.ts';

describe('explorer sharing and export', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let session: ExplorerSession;
  let page: Page;

  before(async () => {
    session = await openExplorerSession();
    page = session.page;
    await openExplorer(page, `${session.url}?panels=saliency,grad-cam`);
  });
  after(() => session?.close());

  const view = () =>
    page.evaluate(() => {
      const e = window.__explorer!;
      return { model: e.model()?.name, target: e.target(), input: e.input()?.data.slice(0, 200), panels: e.panels().filter((p) => p.enabled).map((p) => p.id) };
    });

  it('keeps the view in the URL, and a reload brings it back', async () => {
    await page.selectOption('#bundled-model', 'shortcut');
    await idle(page);
    await page.locator('#samples button').nth(3).click();
    await idle(page);
    await page.locator('#predictions li button').nth(2).click();
    await idle(page);
    await page.selectOption('#colormap', 'viridis');
    await page.selectOption('#sign', 'positive');
    const before = await view();
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('model'), 'shortcut');
    assert.equal(url.searchParams.get('sample'), '3');
    assert.equal(url.searchParams.get('class'), String(before.target));
    assert.equal(url.searchParams.get('colormap'), 'viridis');
    await openExplorer(page, url.href);
    assert.equal(await pageError(page), '');
    assert.deepEqual(await view(), before);
    assert.equal(await page.inputValue('#colormap'), 'viridis');
    assert.equal(await page.inputValue('#sign'), 'positive');
  });

  it('downloads a report PNG of the visible grid', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report')]);
    assert.match(download.suggestedFilename(), /^shortcut-.*-report\.png$/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await download.saveAs(join(ARTIFACTS, 'explorer-report.png'));
    const { data, info } = await sharp(await download.path()).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    // Input, saliency and Grad-CAM, each enlarged to 224 pixels, in one row under the heading.
    assert.ok(info.width >= 3 * 224 && info.height > 224 + 10, `${info.width}x${info.height}`);
    const input = await page.$eval('#input-tile', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, 1).data);
    });
    // The first row of the input, enlarged 8 times, appears in the report.
    const row = Buffer.from(input.flatMap((_, i) => (i % 4 === 0 ? Array.from({ length: 8 }, () => input.slice(i, i + 4)).flat() : [])));
    assert.ok(Buffer.from(data).indexOf(row) >= 0, 'the report holds the enlarged input');
    assert.deepEqual(session.pageErrors, []);
  });
});
