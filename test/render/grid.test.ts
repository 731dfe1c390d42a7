import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderGrid } from '../../src/render/grid.ts';
import { formatTick, renderColorbar } from '../../src/render/colorbar.ts';
import { drawText, wrapText } from '../../src/render/text.ts';
import { LINE_HEIGHT, textWidth } from '../../src/render/font.ts';
import { filledImage } from '../../src/render/pixels.ts';
import { imageOf, pixel } from './helpers.ts';

const jetBytes = (
  JSON.parse(readFileSync(new URL('./fixtures/matplotlib-colormaps.json', import.meta.url), 'utf8')) as {
    tables: { jet: { bytes: number[][] } };
  }
).tables.jet.bytes;
const WHITE = [255, 255, 255, 255];
const BLACK = [0, 0, 0, 255];
const red = imageOf([[[255, 0, 0, 255], [255, 0, 0, 255]], [[255, 0, 0, 255], [255, 0, 0, 255]]]);
const blue = imageOf([[[0, 0, 255, 255]]]);

test('drawText sets the glyph pixels of the 5x7 font', () => {
  const canvas = filledImage(6, 8, [255, 255, 255, 255]);
  drawText(canvas, 'I', 0, 0, [0, 0, 0, 255]);
  // I = 0x0e, then 0x04 five times, then 0x0e: columns 1-3 on the first and last row, column 2 between
  const ink = Array.from({ length: 8 }, (_, y) => Array.from({ length: 6 }, (_, x) => (pixel(canvas, x, y)[0] === 0 ? '#' : '.')).join(''));
  assert.deepEqual(ink, ['.###..', '..#...', '..#...', '..#...', '..#...', '..#...', '.###..', '......']);
  const scaled = filledImage(12, 14, [255, 255, 255, 255]);
  drawText(scaled, '.', 0, 0, [0, 0, 0, 255], 2);
  // '.' inks columns 1-2 of rows 5-6; doubled, that is x 2..5 and y 10..13
  assert.deepEqual(pixel(scaled, 2, 10), BLACK);
  assert.deepEqual(pixel(scaled, 5, 13), BLACK);
  assert.deepEqual(pixel(scaled, 1, 10), WHITE);
  assert.deepEqual(pixel(scaled, 6, 13), WHITE);
  assert.deepEqual(pixel(scaled, 2, 9), WHITE);
  assert.equal(textWidth('ab'), 11);
  assert.equal(textWidth('ab', 2), 22);
  assert.throws(() => drawText(scaled, 'x', 0, 0, [0, 0, 0, 255], 0), /scale: expected a positive integer/);
});

test('wrapText breaks at spaces, splits long words and cuts with ...', () => {
  // 30 pixels hold 5 characters (5 * 6 - 1 = 29)
  assert.deepEqual(wrapText('ab cd ef', 30), ['ab cd', 'ef']);
  assert.deepEqual(wrapText('abcdefghijkl', 30), ['abcde', 'fghij', 'kl']);
  assert.deepEqual(wrapText('abcdefghijkl', 30, 1, 2), ['abcde', 'fg...']);
  assert.deepEqual(wrapText('', 30), []);
});

test('renderGrid lays pictures out with padding, centred in their cells', () => {
  const grid = renderGrid([{ image: red }, { image: blue }, { image: blue }], { padding: 1, columns: 2 });
  // columns as wide as their widest picture (2 and 1), rows as tall as their tallest (2 and 1)
  assert.equal(grid.width, 1 + 2 + 1 + 1 + 1);
  assert.equal(grid.height, 1 + 2 + 1 + 1 + 1);
  assert.deepEqual(pixel(grid, 0, 0), WHITE);
  assert.deepEqual(pixel(grid, 1, 1), [255, 0, 0, 255]);
  assert.deepEqual(pixel(grid, 2, 2), [255, 0, 0, 255]);
  assert.deepEqual(pixel(grid, 4, 1), [0, 0, 255, 255], 'second picture, top of its 2-pixel row (floor(1 / 2) = 0)');
  assert.deepEqual(pixel(grid, 4, 2), WHITE);
  assert.deepEqual(pixel(grid, 1, 4), [0, 0, 255, 255], 'third picture, centred in the 2-pixel column at floor(1 / 2) = 0');
  assert.deepEqual(pixel(grid, 2, 4), WHITE);
  assert.deepEqual(pixel(grid, 4, 4), WHITE, 'no fourth picture');
});

test('renderGrid prints captions under pictures and a title on top', () => {
  const grid = renderGrid([{ image: red, caption: 'I' }, { image: blue }], { padding: 1, columns: 1, title: 'T' });
  const titleHeight = LINE_HEIGHT + 1;
  assert.equal(grid.width, Math.max(1 + 2 + 1, 5 + 2));
  assert.equal(grid.height, 1 + titleHeight + (2 + LINE_HEIGHT + 1) + (1 + 0 + 1));
  assert.deepEqual(pixel(grid, 1, 1), BLACK, 'T: the top bar of the title');
  assert.deepEqual(pixel(grid, 1, 1 + titleHeight), [255, 0, 0, 255]);
  const inkBelow = Array.from({ length: LINE_HEIGHT }, (_, dy) => Array.from({ length: grid.width }, (_, x) => pixel(grid, x, 1 + titleHeight + 2 + dy)[0] === 0)).flat();
  assert.ok(inkBelow.some(Boolean), 'the caption is drawn under the picture');
  assert.throws(() => renderGrid([]), /cells: expected at least one picture/);
  assert.throws(() => renderGrid([{ image: red }], { columns: 0 }), /columns: expected an integer >= 1/);
  assert.throws(() => renderGrid([{ image: red }], { background: [0, 0, 0] as never }), /background: expected \[r, g, b, a\]/);
});

test('renderColorbar draws the colormap from low to high with labels', () => {
  const vertical = renderColorbar({ length: 4, thickness: 2, ticks: 0 });
  assert.equal(vertical.width, 2);
  assert.equal(vertical.height, 4);
  // pixel i from the bottom shows t = (i + 0.5) / 4 -> LUT entries 32, 96, 160, 224
  [224, 160, 96, 32].forEach((entry, y) => assert.deepEqual(pixel(vertical, 1, y), [...(jetBytes[entry] as number[]), 255]));
  const horizontal = renderColorbar({ length: 4, thickness: 1, ticks: 0, orientation: 'horizontal' });
  [32, 96, 160, 224].forEach((entry, x) => assert.deepEqual(pixel(horizontal, x, 0), [...(jetBytes[entry] as number[]), 255]));
  const labelled = renderColorbar({ length: 50, thickness: 10, range: [-1, 1] });
  assert.ok(labelled.width > 10 + textWidth('-1'), 'room for the labels');
  assert.throws(() => renderColorbar({ ticks: 1 }), /ticks: expected 0 or an integer >= 2/);
  assert.throws(() => renderColorbar({ range: [1, 0] }), /range: expected finite low < high/);
});

test('formatTick prints short labels', () => {
  assert.deepEqual(
    [0, 1, 0.5, 100, 130000, -0.0042, 0.0001, 1 / 3].map(formatTick),
    ['0', '1', '0.5', '100', '1.3e5', '-0.0042', '1e-4', '0.333'],
  );
});
