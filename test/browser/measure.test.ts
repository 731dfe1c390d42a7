// The explorer's measures of the maps in a real headless Chromium: the Measure button computes, in
// the worker, each switched-on method's deletion and insertion curves (class probability) and its
// MPRT strip on the bundled MNIST CNN, drawn as SVG charts; the curves end where they must (the
// unchanged image's probability) and Cancel stops the computation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { idle, openExplorer, openExplorerSession, pageError, SKIP_WITHOUT_CHROMIUM, type ExplorerSession } from './explorer-session.ts';

describe('explorer measures of the maps', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let session: ExplorerSession;
  let page: Page;

  before(async () => {
    session = await openExplorerSession();
    page = session.page;
    await openExplorer(page, `${session.url}?model=mnist-cnn&panels=saliency,grad-cam`);
  });
  after(async () => {
    await session?.close();
  });

  it('Cancel stops a measurement: no measures, the line says so', async () => {
    await page.click('#measure');
    await page.click('#cancel');
    await idle(page);
    assert.equal(await page.evaluate(() => window.__explorer!.measures()), undefined);
    assert.equal(await page.textContent('#measure-status'), 'cancelled');
  });

  it('draws deletion and insertion curves with real numbers and the MPRT strip per layer', async () => {
    await page.click('#measure');
    await idle(page);
    assert.equal(await pageError(page), '');
    const measures = (await page.evaluate(() => window.__explorer!.measures()))!;
    assert.deepEqual(measures.map((m) => m.method), ['saliency', 'grad-cam']);
    const target = await page.evaluate(() => window.__explorer!.target());
    const probability = (await page.evaluate(() => window.__explorer!.predictions())).find((p) => p.index === target)!.probability;
    for (const m of measures) {
      assert.equal(m.deletion.x.length, 21);
      assert.equal(m.deletion.x[0], 0);
      assert.equal(m.deletion.x[20], 1);
      // Nothing removed yet: the image's own probability; everything put back: the same again.
      assert.ok(Math.abs((m.deletion.y[0] as number) - probability) < 1e-4, `${m.method}: deletion starts at ${m.deletion.y[0]}, the page says ${probability}`);
      assert.ok(Math.abs((m.insertion.y.at(-1) as number) - probability) < 1e-4, `${m.method}: insertion ends at ${m.insertion.y.at(-1)}`);
      assert.ok(m.deletion.score > 0 && m.deletion.score < m.insertion.score, `${m.method}: deletion ${m.deletion.score} < insertion ${m.insertion.score}`);
      assert.equal(m.mprt?.layers.length, 4, 'the MNIST CNN has 4 weighted layers');
      // A layer after which the map is constant has no rank correlation (NaN, with a note); the others lie in [-1, 1].
      const finite = m.mprt!.similarity.filter(Number.isFinite);
      assert.ok(finite.length >= 2 && finite.every((s) => s >= -1 && s <= 1), `${m.method}: ${m.mprt!.similarity.join(', ')}`);
    }
    assert.equal(await page.locator('#measure-charts svg').count(), 3);
    assert.equal(await page.locator('#measure-charts svg polyline').count(), 6);
    assert.match((await page.textContent('#measure-status')) ?? '', /2 method\(s\)/);
  });
});
