import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodePng, writePng } from '../../src/node/output/png.ts';
import { loadImage } from '../../src/node/images.ts';
import type { RgbaImage } from '../../src/core/image.ts';
import { inTempDir, listing } from './helpers.ts';

/** A 7x5 picture whose every byte differs, alpha included. */
const picture: RgbaImage = {
  width: 7,
  height: 5,
  data: Uint8ClampedArray.from({ length: 7 * 5 * 4 }, (_, i) => (i * 37 + (i % 4 === 3 ? 11 : 0)) % 256),
};

/** Two colour blocks side by side: red on the left, blue on the right, each 8x8. */
async function redBlueRaw(): Promise<Buffer> {
  const data = Buffer.alloc(16 * 8 * 3);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 16; x++) data.set(x < 8 ? [255, 0, 0] : [0, 0, 255], (y * 16 + x) * 3);
  return data;
}

test('PNG output decodes back to the same pixels', async () => {
  const png = await encodePng(picture);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height, info.channels], [7, 5, 4]);
  assert.deepEqual([...data], [...picture.data]);
  assert.deepEqual(await loadImage(png), picture, 'loadImage also takes the bytes of a file');
  await inTempDir(async (dir) => {
    const path = join(dir, 'nested', 'picture.png');
    await writePng(path, picture);
    assert.deepEqual(await loadImage(path), picture);
    assert.deepEqual(await listing(join(dir, 'nested')), ['picture.png'], 'no temporary file is left');
  });
});

test('loadImage reads PNG, lossless WebP, JPEG and the first frame of a GIF', async () => {
  const raw = await redBlueRaw();
  const input = sharp(raw, { raw: { width: 16, height: 8, channels: 3 } });
  await inTempDir(async (dir) => {
    await input.clone().webp({ lossless: true }).toFile(join(dir, 'a.webp'));
    await input.clone().jpeg({ quality: 95 }).toFile(join(dir, 'a.jpg'));
    const webp = await loadImage(join(dir, 'a.webp'));
    assert.deepEqual([webp.width, webp.height], [16, 8]);
    assert.deepEqual([...webp.data.subarray(0, 4)], [255, 0, 0, 255], 'an opaque alpha channel is added');
    const jpeg = await loadImage(join(dir, 'a.jpg'));
    const near = (got: number[], want: number[]): boolean => got.every((v, i) => Math.abs(v - (want[i] as number)) <= 8);
    assert.ok(near([...jpeg.data.subarray(0, 4)], [255, 0, 0, 255]));
    assert.ok(near([...jpeg.data.subarray((8 * 16 - 1) * 4, 8 * 16 * 4)], [0, 0, 255, 255]));

    // an animated GIF of two 4x4 frames: green, then magenta
    const frames = Buffer.alloc(4 * 8 * 4);
    for (let i = 0; i < 32; i++) frames.set(i < 16 ? [0, 255, 0, 255] : [255, 0, 255, 255], i * 4);
    await sharp(frames, { raw: { width: 4, height: 8, channels: 4, pageHeight: 4 } }).gif().toFile(join(dir, 'a.gif'));
    const gif = await loadImage(join(dir, 'a.gif'));
    assert.deepEqual([gif.width, gif.height], [4, 4]);
    for (let i = 0; i < 16; i++) assert.deepEqual([...gif.data.subarray(4 * i, 4 * i + 4)], [0, 255, 0, 255]);
  });
});

test('loadImage applies the EXIF orientation', async () => {
  const raw = await redBlueRaw();
  await inTempDir(async (dir) => {
    const path = join(dir, 'rotated.jpg');
    // orientation 6: the stored picture must be turned 90 degrees clockwise to be seen upright
    await sharp(raw, { raw: { width: 16, height: 8, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(path);
    assert.equal((await sharp(path).metadata()).orientation, 6);
    const image = await loadImage(path);
    assert.deepEqual([image.width, image.height], [8, 16]);
    const at = (x: number, y: number): number[] => [...image.data.subarray((y * 8 + x) * 4, (y * 8 + x) * 4 + 3)];
    assert.ok(at(4, 2)[0] as number > 200 && (at(4, 2)[2] as number) < 60, `top is red: ${at(4, 2)}`);
    assert.ok(at(4, 13)[2] as number > 200 && (at(4, 13)[0] as number) < 60, `bottom is blue: ${at(4, 13)}`);
  });
});

test('loadImage names the file that is missing or not an image', async () => {
  await inTempDir(async (dir) => {
    await assert.rejects(loadImage(join(dir, 'nothing.png')), (error: Error) => error.message === `image '${join(dir, 'nothing.png')}' does not exist`);
    const text = join(dir, 'notes.png');
    await writeFile(text, 'these are words, not pixels');
    await assert.rejects(loadImage(text), new RegExp(`image '${text}' could not be read as an image \\(JPEG, PNG, WebP or GIF\\)`));
    await assert.rejects(loadImage(dir), /is not a file/);
    await assert.rejects(loadImage(new Uint8Array([1, 2, 3])), /image the 3 bytes given could not be read/);
  });
});

test('a failed PNG write leaves no file behind', async () => {
  await inTempDir(async (dir) => {
    const bad = { width: 2, height: 2, data: new Uint8ClampedArray(3) };
    await assert.rejects(writePng(join(dir, 'bad.png'), bad), /image: data must be a Uint8ClampedArray of width\*height\*4 = 16 bytes/);
    assert.deepEqual(await listing(dir), []);
  });
});
