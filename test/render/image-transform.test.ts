import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centerCrop, cropImage, resizeImage } from '../../src/image/transform.ts';
import { resampleBilinear } from '../../src/image/bilinear.ts';
import { resizeMap, toMap2d } from '../../src/render/map2d.ts';
import { imageFromImageData } from '../../src/image/browser.ts';
import { ndarray } from '../../src/core/ndarray.ts';
import { imageOf } from './helpers.ts';

test('bilinear resampling uses half-pixel centres and clamps at the edges', () => {
  // 2 -> 4: output x samples the source at (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25
  assert.deepEqual([...resampleBilinear([0, 1], { width: 2, height: 1, channels: 1 }, 4, 1)], [0, 0.25, 0.75, 1]);
  // 4 -> 2 samples at 0.5 and 2.5 (the mean of each pair)
  assert.deepEqual([...resampleBilinear([0, 2, 4, 8], { width: 4, height: 1, channels: 1 }, 2, 1)], [1, 6]);
  // 2x2 -> 1x1 samples the centre: the mean of all four
  assert.deepEqual([...resampleBilinear([0, 1, 2, 5], { width: 2, height: 2, channels: 1 }, 1, 1)], [2]);
  assert.throws(() => resampleBilinear([0], { width: 1, height: 1, channels: 1 }, 0, 1), /newWidth: expected a positive integer/);
});

test('resizeMap and toMap2d read the accepted map shapes', () => {
  assert.deepEqual([...resizeMap(toMap2d(ndarray([0, 1], [1, 1, 2, 1])), 4, 1).data], [0, 0.25, 0.75, 1]);
  assert.deepEqual(toMap2d(ndarray([1, 2, 3, 4, 5, 6], [1, 2, 3])), { width: 3, height: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6]) });
  assert.throws(() => toMap2d(ndarray(new Float32Array(8), [2, 2, 2])), /map: expected shape \[H, W\]/);
});

test('resizeImage interpolates each channel and rounds', () => {
  const image = imageOf([[[0, 10, 255, 255], [255, 11, 0, 0]]]);
  const wide = resizeImage(image, 4, 1);
  // weights 0, 0.25, 0.75, 1 of the second pixel
  assert.deepEqual([...wide.data], [0, 10, 255, 255, 64, 10, 191, 191, 191, 11, 64, 64, 255, 11, 0, 0]);
  assert.equal(resizeImage(image, 2, 1), image, 'same size: the same image');
  assert.throws(() => resizeImage(image, 0, 1), /width, height: expected positive integers, got 0x1/);
});

test('cropImage copies a rectangle and centerCrop keeps the middle', () => {
  const row = (y: number): number[][] => [0, 1, 2, 3].map((x) => [x, y, 0, 255]);
  const image = imageOf([row(0), row(1)]);
  assert.deepEqual([...cropImage(image, { left: 1, top: 1, width: 2, height: 1 }).data], [1, 1, 0, 255, 2, 1, 0, 255]);
  assert.throws(() => cropImage(image, { left: 3, top: 0, width: 2, height: 1 }), /rect: .* inside the 4x2 image/);
  const square = centerCrop(image, 2, 2);
  assert.deepEqual([...square.data], [...cropImage(image, { left: 1, top: 0, width: 2, height: 2 }).data]);
});

test('imageFromImageData copies RGBA pixels and checks their size', () => {
  const source = { width: 1, height: 1, data: Uint8ClampedArray.from([1, 2, 3, 4]) };
  const copy = imageFromImageData(source);
  assert.deepEqual(copy, source);
  assert.notEqual(copy.data, source.data);
  assert.throws(() => imageFromImageData({ width: 2, height: 1, data: new Uint8ClampedArray(4) }), /imageData: data must be a Uint8ClampedArray of width\*height\*4 = 8 bytes/);
});
