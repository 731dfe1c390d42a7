// The web explorer in a real headless Chromium: built with Vite, served from 127.0.0.1, driven by
// playwright-core. One browser for the whole file; the tests run in order on one page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { getMethod } from '../../src/methods/registry.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import type { PlainArray } from '../../web/src/explorer-hook.ts';
import { hasChromium, launchChromium } from './chromium.ts';
import { canvasStats, parseNpy } from './page-checks.ts';
import { relativeError } from '../support/assert-close.ts';
import { sharedExplorerBuild } from './shared-build.ts';
import { serveStatic, type StaticServer } from './static-server.ts';
import { noisePng } from './test-images.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODELS = join(ROOT, 'models');
const TINY_CNN = join(ROOT, 'test/fixtures/models/tiny-cnn');
const ARTIFACTS = join(ROOT, 'test-artifacts');
/**
 * The reference is the same method run in Node as a Node user runs it: the engine's wasm backend.
 * The page on wasm runs the same kernels, so its maps agree to float rounding. Other backends sum
 * in other orders, and break max-pooling ties differently (WebGL sends the gradient of a window with
 * equal maxima to another element), so WebGL is checked on a noise image (no ties outside the ReLU
 * zeros) and without the deconvnet rule (which lets gradients through those zeros).
 */
const SAME_KERNELS_TOLERANCE = 1e-4;
const CROSS_BACKEND_TOLERANCE = 1e-3;
/** Panels checked on the slow backends (headless WebGL is drawn in software; cpu is plain JS). */
const FEW_PANELS = ['saliency', 'guided-backprop', 'smoothgrad', 'grad-cam'];

const skip = hasChromium() || process.env['CI'] ? false : 'no /usr/bin/chromium here (apt-get install chromium)';

describe('web explorer in headless Chromium', { skip }, () => {
  let server: StaticServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    await setupBackend({ backend: 'wasm', threads: 1 });
    server = await serveStatic(await sharedExplorerBuild());
    browser = await launchChromium();
    browser.context.on('request', (request) => requests.push(request.url()));
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const idle = () => page.evaluate(() => window.__explorer!.whenIdle());
  const enabledPanels = async () => (await page.evaluate(() => window.__explorer!.panels())).filter((p) => p.enabled).map((p) => p.id);
  const pageError = () => page.evaluate(() => window.__explorer!.error());

  /** Each panel's map from the page next to the same method run in Node (wasm engine) on the page's own input. */
  async function assertMapsMatchNode(modelPath: string, panels: readonly string[], tolerance = SAME_KERNELS_TOLERANCE): Promise<void> {
    const sameBackend = tolerance === SAME_KERNELS_TOLERANCE;
    const input = (await page.evaluate(() => window.__explorer!.input())) as PlainArray;
    const target = await page.evaluate(() => window.__explorer!.target());
    const { model } = await loadModel(modelPath);
    try {
      for (const id of panels) {
        const call = (await page.evaluate((panel) => window.__explorer!.call(panel), id))!;
        if (!sameBackend && (call.options['backpropModifier'] === 'rectified' || call.method === 'deconvnet')) continue;
        const browserMap = await page.evaluate((panel) => window.__explorer!.map(panel), id);
        assert.ok(browserMap, `${id}: no map in the page (${await page.evaluate((panel) => window.__explorer!.status(panel), id)})`);
        const options = Object.fromEntries(
          Object.entries(call.options)
            .filter(([, value]) => value !== null)
            .map(([name, value]) => [name, name === 'backpropModifier' && value === 'none' ? null : value]),
        );
        const node = await getMethod(call.method).run(model, { data: Float32Array.from(input.data), shape: input.shape }, { ...options, target });
        assert.deepEqual(browserMap.shape, node.map.shape.slice(1), `${id}: shape`);
        const error = relativeError(browserMap.data, node.map.data);
        assert.ok(error < tolerance, `${id}: browser and Node maps differ by ${error} (relative max)`);
        if (call.method === 'saliency') assert.ok(node.map.data.some((v) => v !== 0), `${id}: the Node map is all zero`);
      }
    } finally {
      model.dispose();
    }
  }

  it('opens with the bundled model, explains sample 0 and draws every panel', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => (window.__explorer?.predictions().length ?? 0) > 0, null, { timeout: 60_000 });
    await idle();
    const state = await page.evaluate(() => {
      const e = window.__explorer!;
      return { backend: e.backend(), model: e.model(), predictions: e.predictions(), panels: e.panels(), error: e.error() };
    });
    assert.equal(state.error, '');
    assert.equal(state.model?.name, 'mnist-cnn');
    assert.equal(await page.textContent('#backend'), state.backend, 'the page says which backend it uses');
    assert.ok(['webgl', 'webgpu', 'wasm', 'cpu'].includes(state.backend ?? ''), `backend ${state.backend}`);
    assert.equal(state.predictions.length, 5);
    assert.ok(state.predictions.every((p) => p.label === String(p.index)), 'MNIST labels are the digits');
    const probabilities = state.predictions.map((p) => p.probability);
    assert.deepEqual(probabilities, [...probabilities].sort((a, b) => b - a), 'most probable first');
    assert.equal(await page.locator('#predictions li').count(), 5);
    const enabled = state.panels.filter((p) => p.enabled).map((p) => p.id);
    assert.ok(enabled.includes('saliency') && enabled.length >= 3, `panels switched on: ${enabled.join(', ')}`);
    const pictures = await canvasStats(page, '#panels [data-enabled="true"] canvas.map');
    assert.equal(pictures.length, enabled.length);
    for (const picture of pictures) {
      assert.deepEqual([picture.width, picture.height], [28, 28], picture.label);
      assert.ok(picture.colours >= 20 && picture.lumaStd > 10, `${picture.label} looks blank: ${JSON.stringify(picture)}`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'explorer.png'), fullPage: true });
  });

  it('offers a backprop modifier only to the methods that take one', async () => {
    const panels = await page.evaluate(() => window.__explorer!.panels());
    assert.ok(panels.some((p) => getMethod(p.method).takesBackpropModifier) && panels.some((p) => !getMethod(p.method).takesBackpropModifier));
    for (const panel of panels) {
      const call = (await page.evaluate((id) => window.__explorer!.call(id), panel.id))!;
      assert.equal('backpropModifier' in call.options, getMethod(panel.method).takesBackpropModifier, panel.id);
    }
  });

  it('computes the same maps in the browser as in Node', async () => {
    assert.equal(await page.evaluate(() => window.__explorer!.backend()), 'wasm', 'headless Chromium has no GPU: wasm is chosen');
    await assertMapsMatchNode(join(MODELS, 'mnist-cnn'), await enabledPanels());
  });

  it('explains another class when its prediction is clicked', async () => {
    const second = await page.evaluate(() => window.__explorer!.predictions()[1]!.index);
    const tensors = await page.evaluate(() => window.__explorer!.numTensors());
    await page.locator('#predictions li button').nth(1).click();
    await idle();
    assert.equal(await page.evaluate(() => window.__explorer!.numTensors()), tensors, 'no tensor leaks in the worker');
    assert.equal(await page.evaluate(() => window.__explorer!.target()), second);
    assert.equal(await page.getAttribute('#predictions li:nth-child(2) button', 'aria-pressed'), 'true');
    await assertMapsMatchNode(join(MODELS, 'mnist-cnn'), ['saliency']);
  });

  it('switches to another bundled model and shows its samples', async () => {
    await page.selectOption('#bundled-model', 'shortcut');
    await idle();
    const samples = (JSON.parse(readFileSync(join(MODELS, 'shortcut', 'samples.json'), 'utf8')) as { samples: unknown[] }).samples;
    assert.equal(await page.locator('#samples button').count(), samples.length);
    assert.equal((await page.evaluate(() => window.__explorer!.model()))?.name, 'shortcut');
    assert.equal(await pageError(), '');
    await page.locator('#samples button').first().click();
    await idle();
    assert.equal(await page.getAttribute('#samples button >> nth=0', 'aria-pressed'), 'true');
    assert.ok(await page.evaluate(() => window.__explorer!.map('saliency')));
    await page.selectOption('#bundled-model', 'mnist-cnn');
    await idle();
    assert.equal((await page.evaluate(() => window.__explorer!.model()))?.name, 'mnist-cnn');
  });

  it('shows progress for a slow method and cancels it', async () => {
    const tensors = await page.evaluate(() => window.__explorer!.numTensors());
    await page.check('#more-methods');
    await page.click('[data-method="rise"] summary');
    await page.locator('[data-method="rise"] input[name="masks"]').fill('50000');
    await page.locator('[data-method="rise"] h3 input[type="checkbox"]').check();
    await page.waitForFunction(() => {
      const progress = document.querySelector<HTMLProgressElement>('#progress')!.value;
      return progress > 0 && progress < 1 && !document.querySelector<HTMLButtonElement>('#cancel')!.disabled;
    });
    await page.click('#cancel');
    await idle();
    assert.equal(await page.textContent('#status'), 'Cancelled.');
    assert.equal(await page.evaluate(() => window.__explorer!.status('rise')), 'cancelled');
    assert.equal(await page.evaluate(() => window.__explorer!.map('rise')), undefined);
    assert.equal(await page.evaluate(() => window.__explorer!.numTensors()), tensors, 'a cancelled run leaves no tensors');

    await page.locator('[data-method="rise"] h3 input[type="checkbox"]').uncheck();
    await page.locator('#predictions li button').first().click();
    await idle();
    assert.equal(await pageError(), '');
    assert.ok(await page.evaluate(() => window.__explorer!.map('saliency')), 'the page computes again after a cancel');
  });

  it('downloads a panel as an enlarged PNG and its raw map as .npy', async () => {
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-method="saliency"] button:text-is("PNG")')]);
    const { data, info } = await sharp(await png.path()).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const shown = await page.$eval('[data-method="saliency"] canvas.map', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
    });
    // Enlarged 8 times (nearest neighbour) to 224 pixels a side: each block is one pixel shown.
    assert.deepEqual([info.width, info.height], [224, 224]);
    const blocks = Array.from({ length: 28 * 28 }, (_, p) => Array.from(data.subarray(4 * ((8 * Math.floor(p / 28) + 4) * 224 + 8 * (p % 28) + 4), 4 * ((8 * Math.floor(p / 28) + 4) * 224 + 8 * (p % 28) + 4) + 4)));
    assert.deepEqual(blocks.flat(), shown, 'the PNG holds the pixels of the panel, enlarged');

    const [npy] = await Promise.all([page.waitForEvent('download'), page.click('[data-method="saliency"] button:text-is(".npy")')]);
    assert.match(npy.suggestedFilename(), /saliency\.npy$/);
    const saved = parseNpy(new Uint8Array(readFileSync(await npy.path())));
    const map = (await page.evaluate(() => window.__explorer!.map('saliency')))!;
    assert.deepEqual(saved.shape, map.shape);
    assert.deepEqual(Array.from(saved.data), map.data);
  });

  it('re-renders for other display options without recomputing', async () => {
    const before = await canvasStats(page, '#panels [data-enabled="true"] canvas.map');
    const map = await page.evaluate(() => window.__explorer!.map('saliency'));
    await page.selectOption('#sign', 'all');
    await page.selectOption('#normalize', 'outlier');
    await page.selectOption('#colormap', 'bwr');
    await page.selectOption('#scope', 'shared');
    const after = await canvasStats(page, '#panels [data-enabled="true"] canvas.map');
    assert.deepEqual(await page.evaluate(() => window.__explorer!.map('saliency')), map, 'the map is unchanged');
    assert.notDeepEqual(after, before);
    assert.ok(after.every((s) => s.colours >= 10), JSON.stringify(after));
  });

  it('loads a user model and image through the file inputs', async () => {
    const tm = join(TINY_CNN, 'teachable-machine');
    await page.setInputFiles('#model-files', ['model.json', 'weights.bin', 'metadata.json'].map((f) => join(tm, f)));
    await idle();
    await page.setInputFiles('#image-file', { name: 'photo.png', mimeType: 'image/png', buffer: await noisePng(40, 30, 3) });
    await idle();
    const state = await page.evaluate(() => {
      const e = window.__explorer!;
      return { model: e.model(), input: e.input(), predictions: e.predictions(), error: e.error() };
    });
    assert.equal(state.error, '');
    assert.equal(state.model?.format, 'Teachable Machine export');
    assert.deepEqual([...(state.model?.labels ?? [])], ['cat', 'dog', 'bird']);
    assert.deepEqual(state.input?.shape, [8, 8, 3]);
    assert.ok(Math.min(...state.input!.data) >= -1 && Math.max(...state.input!.data) <= 1, 'Teachable Machine inputs are in [-1, 1]');
    assert.deepEqual(state.predictions.map((p) => p.label).sort(), ['bird', 'cat', 'dog']);
    await assertMapsMatchNode(join(tm, 'model.json'), await enabledPanels());

    const formats = [
      { files: ['keras/tiny_cnn.h5'], format: 'Keras .h5 file' },
      { files: ['keras/tiny_cnn.keras'], format: 'Keras 3 .keras archive' },
      { files: ['graph/model.json', 'graph/group1-shard1of1.bin'], format: 'TF.js graph model' },
    ];
    for (const { files, format } of formats) {
      await page.setInputFiles('#model-files', files.map((file) => join(TINY_CNN, file)));
      await idle();
      assert.equal(await pageError(), '', format);
      assert.equal((await page.evaluate(() => window.__explorer!.model()))?.format, format);
      assert.equal(await page.locator('#predictions li').count(), 3, `${format}: predictions`);
      assert.ok(await page.evaluate(() => window.__explorer!.map('saliency')), `${format}: saliency map`);
    }
  });

  it('takes images by drop, paste and webcam', async () => {
    await page.selectOption('#bundled-model', 'mnist-cnn');
    await idle();
    const png = [...(await noisePng(28, 28, 1))];
    const send = (event: 'drop' | 'paste', name: string) =>
      page.evaluate(
        ({ bytes, event, name }) => {
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
          const init = { bubbles: true, cancelable: true };
          document.body.dispatchEvent(event === 'drop' ? new DragEvent('drop', { ...init, dataTransfer: data }) : new ClipboardEvent('paste', { ...init, clipboardData: data }));
        },
        { bytes: png, event, name },
      );
    const input = () => page.evaluate(() => window.__explorer!.input()!.data.slice(0, 40));
    const sampleInput = await input();
    await send('drop', 'dropped.png');
    await idle();
    const dropped = await input();
    assert.notDeepEqual(dropped, sampleInput, 'the dropped image is explained');
    await page.locator('#samples button').first().click();
    await idle();
    await send('paste', 'clipboard.png');
    await idle();
    assert.deepEqual(await input(), dropped, 'the pasted image (the same picture) is explained');

    await page.click('#webcam-start');
    await page.waitForFunction(() => document.querySelector<HTMLVideoElement>('#webcam-video')!.videoWidth > 0);
    await page.click('#webcam-capture');
    await idle();
    assert.equal(await pageError(), '');
    assert.notDeepEqual(await input(), dropped, 'the webcam frame is explained');
    assert.equal((await page.evaluate(() => window.__explorer!.input()))?.shape.join('x'), '28x28x1');
    await page.click('#webcam-stop');
  });

  it('shows a readable error for a bad file and keeps working', async () => {
    const model = await page.evaluate(() => window.__explorer!.model());
    await page.setInputFiles('#model-files', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopology": ') });
    await idle();
    assert.match(await pageError(), /^Could not load the model: .*model\.json/);
    assert.ok(await page.isVisible('#error'));
    assert.deepEqual(await page.evaluate(() => window.__explorer!.model()), model, 'the previous model stays');

    await page.setInputFiles('#image-file', { name: 'holiday.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
    await idle();
    assert.match(await pageError(), /^Could not open the image: holiday\.png: not an image/);
    assert.equal(await page.locator('#predictions li').count(), 5, 'the page still shows the last predictions');
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });

  /** Reloads the page on `backend`, through the page's own menu or with extra URL parameters. */
  async function switchBackend(backend: string, parameters = ''): Promise<void> {
    if (parameters === '') {
      await page.selectOption('#backend-choice', backend);
      await page.waitForURL(new RegExp(`backend=${backend}`));
    } else {
      await page.goto(`${server.url}?backend=${backend}&${parameters}`);
    }
    await page.waitForFunction(() => (window.__explorer?.predictions().length ?? 0) > 0, null, { timeout: 60_000 });
    await idle();
    assert.equal(await pageError(), '');
    assert.equal(await page.evaluate(() => window.__explorer!.backend()), backend);
    assert.equal(await page.textContent('#backend'), backend);
    assert.equal((await page.evaluate(() => window.__explorer!.model()))?.name, 'mnist-cnn');
  }

  for (const backend of ['webgl', 'cpu']) {
    it(`computes the same maps on ${backend}`, async () => {
      await switchBackend(backend, `panels=${FEW_PANELS.join(',')}`);
      assert.deepEqual((await enabledPanels()).sort(), [...FEW_PANELS].sort());
      await page.setInputFiles('#image-file', { name: 'noise.png', mimeType: 'image/png', buffer: await noisePng(28, 28, 1) });
      await idle();
      await assertMapsMatchNode(join(MODELS, 'mnist-cnn'), FEW_PANELS, CROSS_BACKEND_TOLERANCE);
    });
  }

  it('switches backend through its menu, keeping the other URL parameters', async () => {
    await switchBackend('wasm');
    assert.deepEqual((await enabledPanels()).sort(), [...FEW_PANELS].sort());
  });

  it('sent no request anywhere but its own server', () => {
    assert.ok(requests.length > 5, 'requests were recorded');
    const foreign = requests.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url));
    assert.deepEqual(foreign, []);
  });
});
