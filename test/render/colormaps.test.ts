import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { colourIndex, sampleColormap, tableColormap } from '../../src/render/colormap.ts';
import { COLORMAPS, resolveColormap } from '../../src/render/colormaps/index.ts';
import {
  BWR_SEGMENTS,
  GRAY_SEGMENTS,
  JET_SEGMENTS,
} from '../../src/render/colormaps/matplotlib.ts';
import { segmentedColourTable, type SegmentData } from '../../src/render/colormaps/linear-segmented.ts';

interface ReferenceTable {
  readonly float: number[][];
  readonly bytes: number[][];
  readonly bytesViaBins: number[][];
}
// Made once by fixtures/make-matplotlib-colormaps.py with Debian's python3-matplotlib (see its header).
const reference = JSON.parse(
  readFileSync(new URL('./fixtures/matplotlib-colormaps.json', import.meta.url), 'utf8'),
) as { tables: Record<'jet' | 'bwr' | 'gray', ReferenceTable> };

const cases: [keyof typeof reference.tables, SegmentData][] = [
  ['jet', JET_SEGMENTS],
  ['bwr', BWR_SEGMENTS],
  ['gray', GRAY_SEGMENTS],
];

for (const [name, segments] of cases) {
  test(`${name} equals matplotlib's at all 256 LUT points`, () => {
    const expected = reference.tables[name];
    const floats = segmentedColourTable(segments, 256);
    for (let i = 0; i < 256; i++) {
      for (let c = 0; c < 3; c++) {
        assert.equal(floats[3 * i + c], (expected.float[i] as number[])[c], `${name}[${i}][${c}]`);
      }
      // LUT entry i is chosen by every t in [i/256, (i+1)/256); its bytes truncate value * 255.
      assert.deepEqual([...COLORMAPS[name](i / 255)], expected.bytes[i === 255 ? 255 : Math.floor((i / 255) * 256)]);
      assert.deepEqual([...COLORMAPS[name]((i + 0.5) / 256)], expected.bytesViaBins[i], `${name} bin ${i}`);
    }
  });
}

test('jet reads keras-vis values: t = 0 is dark blue, t = 1 dark red', () => {
  assert.deepEqual([...COLORMAPS.jet(0)], [0, 0, 127]);
  assert.deepEqual([...COLORMAPS.jet(1)], [127, 0, 0]);
  assert.deepEqual([...COLORMAPS.jet(-3)], [0, 0, 127], 'clamped below');
  assert.deepEqual([...COLORMAPS.jet(Number.NaN)], [0, 0, 127], 'NaN counts as 0');
});

test('viridis and inferno are the d3 (matplotlib) tables', () => {
  assert.deepEqual([...COLORMAPS.viridis(0)], [0x44, 0x01, 0x54]);
  assert.deepEqual([...COLORMAPS.viridis(1)], [0xfd, 0xe7, 0x25]);
  assert.deepEqual([...COLORMAPS.inferno(0)], [0x00, 0x00, 0x04]);
  assert.deepEqual([...COLORMAPS.inferno(1)], [0xfc, 0xff, 0xa4]);
});

test('bwr is white at zero, blue for negative and red for positive', () => {
  assert.deepEqual([...COLORMAPS.bwr(0)], [0, 0, 255]);
  assert.deepEqual([...COLORMAPS.bwr(1)], [255, 0, 0]);
  const middle = COLORMAPS.bwr(0.5);
  assert.ok(middle.every((v) => v >= 254), `near white: ${middle.join(',')}`);
});

test('table lookup follows matplotlib bins and sampling round-trips', () => {
  assert.equal(colourIndex(0.999, 256), 255);
  assert.equal(colourIndex(1, 256), 255);
  assert.equal(colourIndex(0.5, 4), 2);
  const twoColours = tableColormap(Uint8Array.from([1, 2, 3, 4, 5, 6]));
  assert.deepEqual([...twoColours(0.49)], [1, 2, 3]);
  assert.deepEqual([...twoColours(0.5)], [4, 5, 6]);
  assert.deepEqual([...sampleColormap(twoColours, 2)], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...sampleColormap(COLORMAPS.gray).subarray(0, 6)], [0, 0, 0, 1, 1, 1]);
});

test('colormap names are checked', () => {
  assert.equal(resolveColormap('viridis'), COLORMAPS.viridis);
  const mine = (): readonly [number, number, number] => [1, 2, 3];
  assert.equal(resolveColormap(mine), mine);
  assert.throws(() => resolveColormap('hot' as never), /colormap: unknown colormap 'hot'; valid: jet, viridis/);
  assert.throws(() => resolveColormap('toString' as never), /unknown colormap 'toString'/);
  assert.throws(() => tableColormap(new Uint8Array(4)), /table: expected a non-empty multiple of 3/);
});
