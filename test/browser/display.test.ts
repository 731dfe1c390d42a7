// The explorer's pictures do not mislead, in a real headless Chromium: every overlay, sign and
// normalisation renders; zero is the neutral colour of a diverging map under sign 'all'; colour bars
// show the raw range; a shared scale spans only maps of the same units; 'none' says when a map is too
// faint to see; the input is the first tile and a pointer over a map reveals the input beside it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { bwr, formatTick, NORMALIZE_MODES, OVERLAY_METHODS, SALIENCY_SIGNS } from '../../src/index.ts';
import { idle, openExplorer, openExplorerSession, SKIP_WITHOUT_CHROMIUM, type ExplorerSession } from './explorer-session.ts';

const PANELS = ['saliency', 'smoothgrad', 'integrated-gradients', 'grad-cam-plus-plus'];

describe('explorer pictures', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let session: ExplorerSession;
  let page: Page;

  before(async () => {
    session = await openExplorerSession();
    page = session.page;
    await openExplorer(page, `${session.url}?panels=${PANELS.join(',')}`);
  });
  after(() => session?.close());

  /** Panel `id`'s map with its channels summed, as the page draws it. */
  const summed = async (id: string) => {
    const map = (await page.evaluate((panel) => window.__explorer!.map(panel), id))!;
    const channels = map.shape[2] ?? 1;
    return Array.from({ length: map.data.length / channels }, (_, p) => map.data.slice(p * channels, (p + 1) * channels).reduce((a, b) => a + b, 0));
  };
  /** RGBA pixels of a canvas. */
  const pixels = (selector: string) =>
    page.$eval(selector, (canvas) => {
      const c = canvas as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
    });
  const note = (id: string) => page.evaluate((panel) => window.__explorer!.note(panel), id);
  const legend = (id: string) => page.evaluate((panel) => window.__explorer!.legend(panel), id);
  const display = async (options: Record<string, string>) => {
    for (const [id, value] of Object.entries(options)) await page.selectOption(`#${id}`, value);
  };

  it('renders every overlay, sign and normalisation without an error', async () => {
    // Each combination is reached by changing only the menus that differ from the previous one (each
    // change re-renders every panel), and its notes and colour bars are read in one round trip.
    let shown: Record<string, string> = {};
    for (const overlay of OVERLAY_METHODS) {
      for (const sign of SALIENCY_SIGNS) {
        for (const mode of NORMALIZE_MODES) {
          const wanted: Record<string, string> = { overlay, sign, normalize: mode };
          await display(Object.fromEntries(Object.entries(wanted).filter(([id, value]) => shown[id] !== value)));
          shown = wanted;
          const drawn = await page.evaluate((ids) => ids.map((id) => ({ remark: window.__explorer!.note(id), bar: window.__explorer!.legend(id) })), PANELS);
          PANELS.forEach((id, i) => {
            const { remark, bar } = drawn[i]!;
            assert.doesNotMatch(remark, /weights|expected|error/i, `${overlay}/${sign}/${mode} ${id}: ${remark}`);
            assert.notEqual(bar, '', `${overlay}/${sign}/${mode} ${id}: a colour bar`);
          });
        }
      }
    }
    assert.deepEqual(session.pageErrors, []);
  });

  it("puts zero at the diverging colormap's neutral colour under sign 'all', with the range on the colour bar", async () => {
    await display({ overlay: 'heatmap', sign: 'all', normalize: 'minmax', colormap: 'bwr', scope: 'per-map' });
    const values = await summed('saliency');
    const rgba = await pixels('[data-method="saliency"] canvas.map');
    const largest = Math.max(...values.map(Math.abs));
    values.forEach((v, p) => {
      const expected = bwr((v / largest + 1) / 2);
      const shown = rgba.slice(4 * p, 4 * p + 3);
      assert.ok(shown.every((c, k) => Math.abs(c - expected[k]!) <= 3), `pixel ${p} (value ${v}): ${shown} is not bwr's ${expected}`);
    });
    const smallest = values.reduce((best, v, p) => (Math.abs(v) < Math.abs(values[best]!) ? p : best), 0);
    assert.ok(Math.abs(values[smallest]!) < 0.02 * largest, 'the map has a value near zero');
    assert.ok(rgba.slice(4 * smallest, 4 * smallest + 3).every((c) => c > 240), 'near zero is white, the neutral colour');
    assert.equal(await legend('saliency'), `${formatTick(-largest)} … 0 … ${formatTick(largest)}`);
    // Min-max with one sign: the colour bar spans the map's own smallest and largest value.
    await display({ sign: 'positive', colormap: 'jet' });
    const positive = values.map((v) => Math.max(0, v));
    assert.equal(await legend('saliency'), `${formatTick(Math.min(...positive))} … ${formatTick(Math.max(...positive))}`);
  });

  it("says when 'none' draws a map too faint to see", async () => {
    await display({ sign: 'absolute', normalize: 'none', overlay: 'heatmap' });
    for (const id of PANELS) {
      const largest = Math.max(...(await summed(id)).map(Math.abs));
      const remark = await note(id);
      if (largest < 0.05) assert.match(remark, /too small to see; choose minmax/, `${id} (up to ${largest})`);
      else assert.doesNotMatch(remark, /too small/, `${id} (up to ${largest})`);
    }
  });

  it('shares a scale only among maps of the same units', async () => {
    await display({ sign: 'absolute', normalize: 'minmax', scope: 'shared' });
    assert.match(await note('saliency'), /scale shared with 1 other gradient map/);
    assert.equal(await legend('saliency'), await legend('smoothgrad'), 'one colour bar for both gradient maps');
    assert.match(await note('grad-cam-plus-plus'), /own scale/);
    assert.match(await note('integrated-gradients'), /own scale/);
    const own = (await summed('grad-cam-plus-plus')).map(Math.abs);
    assert.equal(await legend('grad-cam-plus-plus'), `${formatTick(Math.min(...own))} … ${formatTick(Math.max(...own))}`);
    await display({ scope: 'per-map' });
    assert.equal(await note('saliency'), '');
  });

  it('weighs the input by the map in the masked overlay', async () => {
    await display({ sign: 'absolute', normalize: 'minmax', overlay: 'masked' });
    const values = (await summed('saliency')).map(Math.abs);
    const shown = await pixels('[data-method="saliency"] canvas.map');
    const input = await pixels('#input-tile');
    const top = values.indexOf(Math.max(...values));
    const low = values.indexOf(Math.min(...values));
    assert.ok(Math.abs(shown[4 * top]! - input[4 * top]!) <= 1, 'the strongest pixel keeps the input');
    assert.equal(shown[4 * low], 0, 'the weakest pixel is black');
  });

  it('shows the input as the first tile and reveals it left of the pointer over a map', async () => {
    assert.equal(await page.locator('#panels > article').first().locator('h3').textContent(), 'Input');
    await display({ overlay: 'heatmap', colormap: 'jet' });
    const input = await pixels('#input-tile');
    const map = await pixels('[data-method="saliency"] canvas.map');
    const canvas = page.locator('[data-method="saliency"] canvas.map');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const compared = await pixels('[data-method="saliency"] canvas.map');
    const width = 28;
    const leftOk = Array.from({ length: 28 }, (_, y) => 4 * (y * width + 3)).every((i) => compared[i] === input[i]);
    const rightOk = Array.from({ length: 28 }, (_, y) => 4 * (y * width + 25)).every((i) => compared[i] === map[i]);
    assert.ok(leftOk && rightOk, 'input on the left of the pointer, map on the right');
    await page.mouse.move(0, 0);
    assert.deepEqual(await pixels('[data-method="saliency"] canvas.map'), map, 'the map comes back when the pointer leaves');
    await idle(page);
  });
});
