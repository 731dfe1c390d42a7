import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { alphaScaleImage, blendImages, greyImage, maskImage } from '../../src/render/overlay.ts';
import { renderOverlay } from '../../src/render/render-overlay.ts';
import { renderMap } from '../../src/render/render-map.ts';
import { colorize } from '../../src/render/colorize.ts';
import { ndarray } from '../../src/core/ndarray.ts';
import { imageOf, pixel, warnings } from './helpers.ts';

const matplotlibJet = (
  JSON.parse(readFileSync(new URL('./fixtures/matplotlib-colormaps.json', import.meta.url), 'utf8')) as {
    tables: { jet: { bytes: number[][] } };
  }
).tables.jet.bytes;

const top = imageOf([[[200, 100, 50, 255], [0, 7, 254, 128]]]);
const bottom = imageOf([[[10, 20, 30, 255], [255, 3, 1, 0]]]);

test('blendImages is keras-vis overlay, truncated like astype(uint8)', () => {
  // NumPy: (a * alpha + b * (1 - alpha)).astype(np.uint8)
  assert.deepEqual([...blendImages(top, bottom).data], [105, 60, 40, 255, 127, 5, 127, 64]);
  assert.deepEqual([...blendImages(top, bottom, 0.7).data], [143, 76, 44, 255, 76, 5, 178, 89]);
  assert.deepEqual([...blendImages(top, bottom, 0.3).data], [67, 44, 36, 255, 178, 4, 76, 38]);
  assert.throws(() => blendImages(top, bottom, 1.5), /alpha: expected a number in \[0, 1\], got 1.5/);
  assert.throws(() => blendImages(top, imageOf([[[0, 0, 0, 0]]])), /same size/);
});

test('greyImage sets R, G, B to their rounded mean and keeps alpha', () => {
  assert.deepEqual([...greyImage(imageOf([[[10, 20, 31, 7]]])).data], [20, 20, 20, 7]);
  assert.deepEqual([...greyImage(imageOf([[[0, 1, 1, 255]]])).data], [1, 1, 1, 255]);
});

test('maskImage multiplies colours by the weights (Captum masked_image)', () => {
  const weights = ndarray([0.5, 0.3], [1, 2]);
  assert.deepEqual([...maskImage(top, weights).data], [100, 50, 25, 255, 0, 2, 76, 128]);
  // a 1x1 map is resized to the 2x1 image
  assert.deepEqual([...maskImage(top, ndarray([1], [1, 1])).data], [...top.data]);
  assert.throws(() => maskImage(top, ndarray([-0.5, 1], [1, 2])), /weights: value 0 is -0.5, expected \[0, 1\]/);
});

test('alphaScaleImage puts trunc(weight * 255) into alpha (Captum alpha_scaling)', () => {
  assert.deepEqual([...alphaScaleImage(top, ndarray([0.5, 1], [1, 2])).data], [200, 100, 50, 127, 0, 7, 254, 255]);
});

test('renderMap colours keras-vis min-max values with matplotlib jet', () => {
  const image = renderMap(ndarray([0, 1, 2, 3], [2, 2]));
  // t = v / (3 + 1e-7): 0, ~1/3, ~2/3, ~1 -> LUT entries floor(t * 256) = 0, 85, 170, 255
  [0, 85, 170, 255].forEach((entry, i) => assert.deepEqual(pixel(image, i % 2, Math.floor(i / 2)), [...(matplotlibJet[entry] as number[]), 255]));
});

test('signed maps default to the diverging colormap with zero in white', () => {
  const image = renderMap(ndarray([-2, 0, 2], [1, 3]), { mode: 'outlier', outlierPerc: 0 });
  assert.deepEqual(pixel(image, 0, 0), [0, 0, 255, 255]);
  assert.deepEqual(pixel(image, 2, 0), [255, 0, 0, 255]);
  assert.ok(pixel(image, 1, 0).every((v) => v >= 254));
});

test('renderMap takes an explicit colour range over the normalised one', () => {
  const image = renderMap(ndarray([-4, 0, 4], [1, 3]), { mode: 'none', range: [-4, 4], colormap: 'gray' });
  assert.deepEqual([...image.data], [0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
});

test('an all-zero map renders as the colour of zero with a warning, never NaN', () => {
  const { messages, onWarning } = warnings();
  const image = renderMap(ndarray(new Float32Array(4), [2, 2]), { onWarning });
  for (let i = 0; i < 4; i++) assert.deepEqual(pixel(image, i % 2, Math.floor(i / 2)), [0, 0, 127, 255]);
  assert.equal(messages.length, 1);
  const blended = renderOverlay(imageOf([[[100, 100, 100, 255]]]), ndarray([0], [1, 1]), { onWarning });
  assert.deepEqual([...blended.data], [50, 50, 113, 255]);
  assert.equal(messages.length, 2);
});

test('renderOverlay resizes the map to the image and applies each method', () => {
  const image = imageOf([[[200, 100, 50, 255], [10, 20, 30, 255]]]);
  const map = ndarray([0, 4], [1, 2]);
  const heat = renderMap(map);
  assert.deepEqual(renderOverlay(image, map, { method: 'heatmap' }), heat);
  assert.deepEqual(renderOverlay(image, map), blendImages(heat, image, 0.5));
  assert.deepEqual(renderOverlay(image, map, { method: 'heatmap-on-grey', alpha: 0.7 }), blendImages(heat, greyImage(image), 0.7));
  // minmax weights: 0, and 4 / (4 + 1e-7) which is exactly 1 in float32
  assert.deepEqual([...renderOverlay(image, map, { method: 'masked' }).data], [0, 0, 0, 255, 10, 20, 30, 255]);
  const half = renderOverlay(image, ndarray([0, 1, 2], [1, 3]), { method: 'masked', mode: 'outlier', sign: 'absolute', outlierPerc: 0 });
  // the 1x3 map resized to 1x2 samples at x = 0.25 and 1.75, giving 0.25 and 1.75; the 100% mass cut
  // is then 1.75, so the weights are 1/7 and 1: trunc(200/7, 100/7, 50/7) = 28, 14, 7
  assert.deepEqual([...half.data], [28, 14, 7, 255, 10, 20, 30, 255]);
  const alpha = renderOverlay(image, map, { method: 'alpha-scaling', mode: 'outlier', sign: 'absolute', outlierPerc: 0 });
  assert.deepEqual([...alpha.data], [200, 100, 50, 0, 10, 20, 30, 255]);
  const wide = renderOverlay(imageOf([[[0, 0, 0, 255], [0, 0, 0, 255], [0, 0, 0, 255], [0, 0, 0, 255]]]), map, { method: 'heatmap' });
  assert.equal(wide.width, 4);
  assert.throws(
    () => renderOverlay(image, map, { method: 'masked', mode: 'outlier' }),
    /method 'masked' needs weights in \[0, 1\]: use sign 'absolute'/,
  );
  assert.throws(() => renderOverlay(image, map, { method: 'glow' as never }), /method: expected one of 'heatmap'/);
});

test('colorize maps a range onto the colormap and checks its arguments', () => {
  const image = colorize(ndarray([-1, 1], [1, 2]), { colormap: 'gray', range: [-1, 1] });
  assert.deepEqual([...image.data], [0, 0, 0, 255, 255, 255, 255, 255]);
  assert.throws(() => colorize(ndarray([0], [1, 1]), { range: [1, 1] }), /range: expected \[low, high\] with finite low < high/);
  assert.throws(() => colorize(ndarray(new Float32Array(12), [2, 2, 3])), /map: expected shape \[H, W\].*got \[2, 2, 3\]; reduce channels/);
});
