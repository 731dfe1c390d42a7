// The explorer recovers from the failures big models cause, in a real headless Chromium: an
// out-of-memory error is retried with smaller batches, a wasm abort replaces the worker and reloads
// the model (no page reload), the status line counts failures, and a failed panel offers a retry.
// The failures are injected through the page's test hook; a WebGPU request without a GPU falls back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { PlainArray } from '../../web/src/explorer-hook.ts';
import { relativeError } from '../support/assert-close.ts';
import { idle, openExplorer, openExplorerSession, pageError, SKIP_WITHOUT_CHROMIUM, type ExplorerSession } from './explorer-session.ts';

const IG = 'integrated-gradients';

describe('explorer recovery from memory failures', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let session: ExplorerSession;
  let page: Page;
  /** The IG map of sample 0 computed before any failure. */
  let reference: PlainArray;

  before(async () => {
    session = await openExplorerSession();
    page = session.page;
  });
  after(() => session?.close());

  const status = (id: string) => page.evaluate((panel) => window.__explorer!.status(panel), id);
  const igMap = async () => (await page.evaluate((id) => window.__explorer!.map(id), IG))!;
  const explainAgain = async () => {
    await page.click('#run');
    await idle(page);
  };

  it('falls back from a WebGPU it cannot start, with a note', async () => {
    await openExplorer(page, `${session.url}?backend=webgpu&panels=saliency,${IG}`);
    assert.equal(await pageError(page), '');
    assert.equal(await page.textContent('#backend'), 'wasm');
    assert.match((await page.textContent('#backend-note')) ?? '', /webgpu could not start here .*: using wasm/);
    assert.ok((await page.evaluate(() => window.__explorer!.batchLimit())) >= 64, 'MNIST fits the default budget at batch 64');
    reference = await igMap();
    assert.ok(reference.data.some((v) => v !== 0));
    assert.match((await page.textContent('#status')) ?? '', /^Done: 2 maps for “\d”\.$/);
  });

  it('replaces the worker after a wasm abort and retries with a smaller batch, without a page reload', async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.evaluate(() => window.__explorer!.injectFailure({ kind: 'abort', aboveBatch: 4 }));
    await explainAgain();
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'the page was not reloaded');
    assert.equal(await page.evaluate(() => window.__explorer!.workerRestarts()), 1);
    assert.match(await status(IG), /batch 16 after 64 ran out of memory · worker restarted/);
    assert.ok(relativeError((await igMap()).data, reference.data) < 1e-4, 'the retried map is the same map');
    assert.match((await page.textContent('#status')) ?? '', /^Done: 2 maps for/);
    // The new worker holds the model: the next explanation, of another class, works.
    await page.locator('#predictions li button').nth(1).click();
    await idle(page);
    assert.equal(await pageError(page), '');
    assert.ok(await page.evaluate(() => window.__explorer!.map('saliency')));
    assert.notEqual(await status(IG), '');
    assert.doesNotMatch(await status(IG), /failed|abort/);
    await page.locator('#predictions li button').first().click();
    await idle(page);
  });

  it('shrinks the batch after out-of-memory errors until it fits', async () => {
    await page.evaluate(() => window.__explorer!.injectFailure({ kind: 'memory', aboveBatch: 2 }));
    await explainAgain();
    assert.match(await status(IG), /batch 1 after 64, 16, 4 ran out of memory/);
    assert.ok(relativeError((await igMap()).data, reference.data) < 1e-4);
    assert.equal(await page.evaluate(() => window.__explorer!.workerRestarts()), 1, 'a memory error needs no restart');
  });

  it('counts a panel that still fails and offers a retry with the next smaller batch', async () => {
    await page.click(`[data-method="${IG}"] summary`);
    await page.locator(`[data-method="${IG}"] input[name="internalBatchSize"]`).fill('1000');
    await page.locator(`[data-method="${IG}"] input[name="internalBatchSize"]`).dispatchEvent('change');
    await idle(page);
    await page.evaluate(() => window.__explorer!.injectFailure({ kind: 'memory', aboveBatch: 0 }));
    await explainAgain();
    // 1000 capped by the budget, then three automatic retries, each a quarter of the one before.
    const first = Math.min(1000, await page.evaluate(() => window.__explorer!.batchLimit()));
    const [, , , last, offered] = [1, 4, 16, 64, 256].map((d) => Math.max(1, Math.floor(first / d)));
    assert.match((await page.textContent('#status')) ?? '', /^Done: 1 map, 1 failed: Integrated Gradients \(out of memory\) for/);
    assert.match(await status(IG), new RegExp(`out of memory: failed to allocate a batch of ${last}`));
    const retry = page.locator(`[data-method="${IG}"] button.retry`);
    assert.equal(await retry.textContent(), `Retry with batch ${offered}`);
    assert.equal(await page.evaluate((id) => window.__explorer!.map(id), IG), undefined);

    await page.evaluate(() => window.__explorer!.injectFailure(null));
    await retry.click();
    await idle(page);
    assert.ok(await retry.isHidden());
    assert.match(await status(IG), new RegExp(`^\\d+ ms · batch ${offered} \\(memory budget\\)`));
    assert.ok(relativeError((await igMap()).data, reference.data) < 1e-4);
    assert.match((await page.textContent('#status')) ?? '', /^Done: 1 map for/);
    assert.deepEqual(session.pageErrors, []);
  });

  it('shows progress with a percentage and a time estimate, and Escape cancels', async () => {
    await page.check('#more-methods');
    await page.click('[data-method="rise"] summary');
    await page.locator('[data-method="rise"] input[name="masks"]').fill('50000');
    await page.locator('[data-method="rise"] h3 input[type="checkbox"]').check();
    await page.waitForFunction(() => /^Computing RISE \(1 of 1\): \d+ %, about \d+ (s|min)/.test(document.querySelector('#status')!.textContent ?? ''), null, { timeout: 60_000 });
    await page.keyboard.press('Escape');
    await idle(page);
    assert.equal(await page.textContent('#status'), 'Cancelled.');
    assert.equal(await status('rise'), 'cancelled');
    await page.locator('[data-method="rise"] h3 input[type="checkbox"]').uncheck();
    await idle(page);
  });
});
