// Maps placed on the region the model saw: fitRegion is the crop preprocessing cuts, and
// renderOverlay's `region` draws the map there alone, the rest of the image in grey.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fitRegion } from '../../src/io/fit-region.ts';
import { preprocessImages } from '../../src/io/preprocess-images.ts';
import { cropImage } from '../../src/image/transform.ts';
import { renderOverlay } from '../../src/render/render-overlay.ts';
import { greyImage } from '../../src/render/overlay.ts';
import { ndarray } from '../../src/core/ndarray.ts';
import { pixel } from './helpers.ts';

function photo(width: number, height: number): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 255 : (i * 29) % 256;
  return { width, height, data };
}

test('fitRegion: the whole image for stretch, the centred crop of the input aspect for center-crop', () => {
  assert.deepEqual(fitRegion(30, 20, [8, 8]), { left: 0, top: 0, width: 30, height: 20 });
  assert.deepEqual(fitRegion(30, 20, [8, 8], 'center-crop'), { left: 5, top: 0, width: 20, height: 20 });
  assert.deepEqual(fitRegion(20, 31, [4, 8], 'center-crop'), { left: 0, top: 10, width: 20, height: 10 });
});

test('fitRegion is the region preprocessImages cuts', () => {
  const image = photo(13, 7);
  const region = fitRegion(13, 7, [5, 5], 'center-crop');
  const whole = preprocessImages(image, { size: [5, 5], fit: 'center-crop' }, [null, 5, 5, 3]);
  const cut = preprocessImages(cropImage(image, region), { size: [5, 5] }, [null, 5, 5, 3]);
  assert.deepEqual(Array.from(whole.dataSync()), Array.from(cut.dataSync()));
  tf.dispose([whole, cut]);
});

test('renderOverlay with a region: the map on the region, grey outside, the same as the overlay of the crop', () => {
  const image = photo(6, 2);
  const region = { left: 2, top: 0, width: 2, height: 2 };
  const map = ndarray(Float32Array.from([0, 1, 2, 3]), [2, 2]);
  const placed = renderOverlay(image, map, { region });
  const crop = renderOverlay(cropImage(image, region), map);
  const grey = greyImage(image);
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < 6; x++) {
      const expected = x >= 2 && x < 4 ? pixel(crop, x - 2, y) : pixel(grey, x, y);
      assert.deepEqual(pixel(placed, x, y), expected, `pixel ${x},${y}`);
    }
  }
  assert.deepEqual(renderOverlay(image, map, { region: { left: 0, top: 0, width: 6, height: 2 } }), renderOverlay(image, map));
  assert.throws(() => renderOverlay(image, map, { region: { left: 5, top: 0, width: 2, height: 2 } }), /inside the 6x2 image/);
});
