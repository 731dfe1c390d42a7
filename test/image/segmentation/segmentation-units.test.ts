// The pieces of the segmentations against hand computations: scipy's Gaussian kernel, skimage's
// L*a*b* white and red, the stable radix argsort, skimage's regular grid, and the argument checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { felzenszwalb, slic, superpixelSegmenter } from '../../../src/index.ts';
import { argsortNonNegative } from '../../../src/image/segmentation/argsort.ts';
import { gaussianKernel, gaussianSmooth } from '../../../src/image/segmentation/gaussian.ts';
import { rgbToLabInPlace } from '../../../src/image/segmentation/lab.ts';
import { regularGrid } from '../../../src/image/segmentation/slic-grid.ts';
import { assertClose } from '../../support/assert-close.ts';

test('the Gaussian kernel is scipy\'s: radius floor(4 sigma + 0.5), normalised; reflect edges keep a constant', () => {
  const k = gaussianKernel(1);
  assert.equal(k.length, 9);
  const raw = [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((i) => Math.exp(-0.5 * i * i));
  const sum = raw.reduce((a, b) => a + b, 0);
  assertClose(k, raw.map((v) => v / sum), { atol: 1e-15 });
  assertClose(gaussianSmooth(new Float64Array(12).fill(0.25), 2, 3, 2, 2), new Float64Array(12).fill(0.25), { atol: 1e-15 });
  // a 1x3 row [0, 0, 1] with sigma 0.5 (radius 2): the last value sees itself at offsets 0, +1 (reflected) and +2 (reflected to index 1)
  const w = gaussianKernel(0.5);
  const smoothed = gaussianSmooth(Float64Array.from([0, 0, 1]), 1, 3, 1, 0.5);
  assertClose([smoothed[2] as number], [(w[2] as number) + (w[3] as number)], { atol: 1e-15 });
});

test('L*a*b* of white and pure red are skimage.color.rgb2lab\'s (its matrix leaves white a hair off a = b = 0)', () => {
  const lab = rgbToLabInPlace(Float64Array.from([1, 1, 1, 1, 0, 0]));
  assertClose(lab, [100, -2.45493786e-3, 4.65342115e-3, 53.2405879, 80.0923082, 67.202751], { atol: 1e-6 });
});

test('argsort orders by value, ties by index', () => {
  const values = Float64Array.from([0.5, 0, 2, 0.5, 1e-300, 0, 7e10]);
  assert.deepEqual([...argsortNonNegative(values)], [1, 5, 4, 0, 3, 2, 6]);
});

test("regularGrid follows skimage.util.regular_grid((1, h, w), n)", () => {
  // (1, 32, 32), n 16: steps sqrt(1024 / 16) = 8, starts 4
  assert.deepEqual(regularGrid(32, 32, 16), { y: { start: 4, step: 8 }, x: { start: 4, step: 8 } });
  // (1, 48, 64), n 30: sqrt(3072 / 30) = 10.12 -> start 5, step 10
  assert.deepEqual(regularGrid(48, 64, 30), { y: { start: 5, step: 10 }, x: { start: 5, step: 10 } });
  // (1, 2, 40), n 4: 2 < sqrt(20), so y takes the whole axis and x gets 40 / 4 = 10
  assert.deepEqual(regularGrid(2, 40, 4), { y: { start: 1, step: 2 }, x: { start: 5, step: 10 } });
  assert.deepEqual(regularGrid(3, 3, 100), { y: { start: 0, step: 1 }, x: { start: 0, step: 1 } });
});

test('a constant image is one Felzenszwalb segment and a SLIC grid of square cells', () => {
  const flat = { data: new Float32Array(16 * 16 * 3).fill(0.3), height: 16, width: 16, channels: 3 };
  assert.deepEqual(new Set(felzenszwalb(flat)), new Set([0]));
  // 4 centres start at (4, 4), (4, 12), (12, 4), (12, 12); ties go to the lower centre, so the first
  // pass gives the top-left cell 9x9 pixels and the centres move to match: skimage prints the same map
  const labels = slic(flat, { nSegments: 4 });
  const expected = Int32Array.from({ length: 256 }, (_, p) => (Math.floor(p / 16) < 9 ? 0 : 2) + (p % 16 < 9 ? 0 : 1));
  assert.deepEqual(labels, expected);
});

test('arguments are checked with messages naming them', () => {
  const image = { data: new Float32Array(12), height: 2, width: 2, channels: 3 };
  assert.throws(() => slic({ ...image, width: 3 }), /image.data: has 12 values; height \* width \* channels = 18/);
  assert.throws(() => slic({ ...image, data: Float32Array.from([NaN, ...new Array<number>(11).fill(0)]) }), /image.data: value 0 is NaN/);
  assert.throws(() => slic(image, { nSegments: 0 }), /nSegments: expected a positive integer, got 0/);
  assert.throws(() => slic({ ...image, data: new Float32Array(8), channels: 2 }, { convertToLab: true }), /convertToLab: L\*a\*b\* needs 3 channels; the image has 2/);
  assert.throws(() => felzenszwalb(image, { scale: -1 }), /scale: expected a positive number, got -1/);
  assert.throws(() => felzenszwalb({ ...image, height: 5000 }), /image.height: expected an integer from 1 to 4096, got 5000/);
});

test('superpixelSegmenter cuts an NdArray sample with SLIC, as the black-box features take it', () => {
  const data = Float32Array.from({ length: 32 * 32 * 3 }, (_, i) => (Math.floor(i / 3) % 32 < 16 ? 0.1 : 0.9));
  const labels = superpixelSegmenter({ data, shape: [32, 32, 3] }, 16);
  assert.deepEqual(labels, slic({ data, height: 32, width: 32, channels: 3 }, { nSegments: 16 }));
  // no superpixel straddles the vertical edge between the two halves
  for (let y = 0; y < 32; y++) assert.notEqual(labels[y * 32 + 15], labels[y * 32 + 16]);
  assert.throws(() => superpixelSegmenter({ data, shape: [32, 96] }, 4), /image: expected one image sample \[height, width, channels\]/);
});
