// The explorer on a phone-sized screen (390x844) in a real headless Chromium: one column, no element
// wider than the viewport, controls at least 24 px high; saves the screenshots docs/ shows.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, idle, openExplorer, openExplorerSession, pageError, SKIP_WITHOUT_CHROMIUM, type ExplorerSession } from './explorer-session.ts';

const PHONE = { width: 390, height: 844 };

describe('explorer on a phone', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let session: ExplorerSession;
  let page: Page;

  before(async () => {
    session = await openExplorerSession(PHONE);
    page = session.page;
    await openExplorer(page, session.url);
  });
  after(() => session?.close());

  /** Visible elements whose box reaches past the viewport's right edge, or the page's scroll width. */
  const overflow = () =>
    page.evaluate((width) => {
      const wide = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > width + 0.5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`);
      return { wide, scrollWidth: document.documentElement.scrollWidth };
    }, PHONE.width);

  it('fits the screen in one column with controls a finger can hit', async () => {
    assert.equal(await pageError(page), '');
    const { wide, scrollWidth } = await overflow();
    assert.deepEqual(wide, [], 'elements wider than the viewport');
    assert.ok(scrollWidth <= PHONE.width, `the page scrolls sideways (${scrollWidth} px)`);
    const columns = await page.$eval('main', (main) => getComputedStyle(main).gridTemplateColumns.split(' ').length);
    assert.equal(columns, 1);
    const small = await page.$$eval('button, select, input:not([type="checkbox"]):not([type="radio"])', (controls) =>
      (controls as HTMLElement[])
        .filter((c) => c.getClientRects().length > 0)
        .filter((c) => c.getBoundingClientRect().height < 24)
        .map((c) => `${c.tagName.toLowerCase()}#${c.id}[${c.getAttribute('name') ?? ''}] ${c.getBoundingClientRect().height}`),
    );
    assert.deepEqual(small, [], 'controls under 24 px high');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-phone.png'), fullPage: true });
  });

  it('still fits with every method, their options and a failure message open', async () => {
    await page.check('#more-methods');
    for (const summary of await page.locator('#panels details summary').all()) await summary.click();
    await page.setInputFiles('#image-file', { name: 'a-very-long-file-name-that-could-push-the-layout-sideways-on-a-phone.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
    await idle(page);
    assert.match(await pageError(page), /not an image/);
    const { wide, scrollWidth } = await overflow();
    assert.deepEqual(wide, []);
    assert.ok(scrollWidth <= PHONE.width, `the page scrolls sideways (${scrollWidth} px)`);
  });
});
