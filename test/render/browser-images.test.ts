// src/image/browser.ts in a real headless Chromium: the TypeScript sources are served to the page
// (types stripped by the TypeScript compiler) from a fake origin that never touches the network.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import ts from 'typescript';
import type { Page } from 'playwright-core';
import { encodePng } from '../../src/node/output/png.ts';
import { hasChromium, launchChromium } from '../browser/chromium.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ORIGIN = 'http://render.test';
const skip = hasChromium() ? false : process.env['CI'] ? false : 'no /usr/bin/chromium here (apt-get install chromium)';

/** Opaque 3x2 picture (the browser premultiplies alpha, so only opaque pixels round-trip exactly). */
const picture = {
  width: 3,
  height: 2,
  data: Uint8ClampedArray.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255]),
};

interface PageImage {
  width: number;
  height: number;
  data: number[];
}

describe('browser image input in headless Chromium', { skip }, () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  before(async () => {
    browser = await launchChromium();
    await browser.context.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>render</title>' });
      if (!path.startsWith('/src/') || !path.endsWith('.ts')) return route.fulfill({ status: 404, body: 'not served' });
      const source = await readFile(`${ROOT}${path.slice(1)}`, 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
      });
      return route.fulfill({ contentType: 'text/javascript', body: outputText });
    });
    page = await browser.context.newPage();
    await page.goto(`${ORIGIN}/`);
  });

  after(async () => {
    await browser?.close();
  });

  /** Runs `imageFromBrowser` on a source the page builds from `bytes` (base64) with `make`. */
  async function readInPage(make: string, bytes: Uint8Array = new Uint8Array(), type = 'image/png', name = 'picture.png'): Promise<PageImage> {
    return page.evaluate(
      async ({ make, base64, type, name }) => {
        const { imageFromBrowser } = (await import('/src/image/browser.ts' as string)) as typeof import('../../src/image/browser.ts');
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const file = new File([bytes], name, { type });
        const source = await (new Function('file', `return (async () => { ${make} })()`) as (f: File) => Promise<unknown>)(file);
        const image = await imageFromBrowser(source as Parameters<typeof imageFromBrowser>[0]);
        return { width: image.width, height: image.height, data: Array.from(image.data) };
      },
      { make, base64: Buffer.from(bytes).toString('base64'), type, name },
    );
  }

  const expected = { width: picture.width, height: picture.height, data: [...picture.data] };

  it('reads a PNG File with the exact pixels', async () => {
    assert.deepEqual(await readInPage('return file;', await encodePng(picture)), expected);
  });

  it('reads an <img>, waiting for it to load', async () => {
    const make = 'const img = new Image(); img.src = URL.createObjectURL(file); return img;';
    assert.deepEqual(await readInPage(make, await encodePng(picture)), expected);
  });

  it('reads a canvas and ImageData', async () => {
    const draw = `
      const canvas = document.createElement('canvas'); canvas.width = 3; canvas.height = 2;
      const context = canvas.getContext('2d');
      context.putImageData(new ImageData(new Uint8ClampedArray(${JSON.stringify(expected.data)}), 3, 2), 0, 0);`;
    assert.deepEqual(await readInPage(`${draw} return canvas;`), expected);
    assert.deepEqual(await readInPage(`${draw} return context.getImageData(0, 0, 3, 2);`), expected);
  });

  it('applies the EXIF orientation of a JPEG', async () => {
    const raw = Buffer.alloc(16 * 8 * 3);
    for (let i = 0; i < 16 * 8; i++) raw.set(i % 16 < 8 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const jpeg = await sharp(raw, { raw: { width: 16, height: 8, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const image = await readInPage('return file;', jpeg, 'image/jpeg', 'rotated.jpg');
    assert.deepEqual([image.width, image.height], [8, 16]);
    const at = (x: number, y: number): number[] => image.data.slice((y * 8 + x) * 4, (y * 8 + x) * 4 + 3);
    assert.ok((at(4, 2)[0] as number) > 200 && (at(4, 2)[2] as number) < 60, `top is red: ${at(4, 2)}`);
    assert.ok((at(4, 13)[2] as number) > 200 && (at(4, 13)[0] as number) < 60, `bottom is blue: ${at(4, 13)}`);
  });

  it('names the file that is not an image', async () => {
    await assert.rejects(
      readInPage('return file;', new TextEncoder().encode('plain words'), 'text/plain', 'notes.txt'),
      /file: 'notes.txt' \(text\/plain\) could not be decoded as an image/,
    );
    await assert.rejects(readInPage('return 42;'), /source: expected an HTMLImageElement/);
  });
});
