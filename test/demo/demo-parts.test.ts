// The demo's small pieces against hand-computed values: mass fractions, the mark geometry (kept
// equal to the dataset generator's), spreading samples and the demo's method settings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIGIT_PIXELS } from '../../models/data/mnist-digits.ts';
import { markRegionMask, plantMark } from '../../models/data/shortcut-digits.ts';
import { regionMassFraction, regionPeakFraction } from '../../src/cli/demo/mass-fraction.ts';
import { findMark, markRegion } from '../../src/cli/demo/shortcut-mark.ts';
import { spreadSamples } from '../../src/cli/demo/steering-section.ts';
import { demoMethodOptions, FULL_DEMO, QUICK_DEMO } from '../../src/cli/demo/settings.ts';
import { mostActive } from '../../src/cli/demo/filter-figures.ts';
import { getMethod } from '../../src/methods/registry.ts';

describe('demo parts', () => {
  test('regionMassFraction: |values| inside the region over all |values|', () => {
    const map = { data: Float32Array.from([1, -3, 0, 4]), shape: [2, 2] };
    assert.equal(regionMassFraction(map, [0, 1, 1, 0]), 3 / 8);
    assert.equal(regionMassFraction(map, [1, 1, 1, 1]), 1);
    assert.equal(regionMassFraction({ data: new Float32Array(4), shape: [2, 2] }, [1, 0, 0, 0]), 0);
    assert.throws(() => regionMassFraction(map, [1, 0]), /region: expected 4 values \(one per map value, map shape \[2, 2\]\), got 2/);
  });

  test('regionPeakFraction: the share of the strongest |values| inside the region, ties by position', () => {
    const map = { data: Float32Array.from([1, -3, 0, 4, 3]), shape: [5] };
    assert.equal(regionPeakFraction(map, [0, 1, 0, 0, 0], 1), 0);
    assert.equal(regionPeakFraction(map, [0, 1, 0, 0, 0], 2), 1 / 2);
    assert.equal(regionPeakFraction(map, [0, 0, 0, 1, 1], 3), 2 / 3);
    assert.equal(regionPeakFraction(map, [0, 1, 0, 1, 0], 3), 2 / 3);
    assert.throws(() => regionPeakFraction(map, [0, 0, 0, 0, 0], 6), /count: expected an integer from 1 to 5, got 6/);
  });

  test('the mark geometry equals the dataset generator\'s, and findMark reads a planted mark back', () => {
    for (let digit = 0; digit < 10; digit++) {
      assert.deepEqual([...markRegion(digit)], [...markRegionMask(digit)], `mark region of class ${digit}`);
      const image = new Float32Array(DIGIT_PIXELS);
      plantMark(image, digit);
      assert.equal(findMark(image), digit);
    }
    assert.equal(findMark(new Float32Array(DIGIT_PIXELS)), undefined);
    assert.equal(markRegion(3).reduce((n, v) => n + v, 0), 25);
    assert.throws(() => markRegion(10), /digit: expected an integer 0-9, got 10/);
  });

  test('spreadSamples keeps the first and the last and spaces the rest evenly', () => {
    assert.deepEqual(spreadSamples([0, 1, 2, 3, 4], 2), [0, 4]);
    assert.deepEqual(spreadSamples([0, 1, 2, 3, 4], 3), [0, 2, 4]);
    assert.deepEqual(spreadSamples([0, 1, 2], 5), [0, 1, 2]);
    assert.deepEqual(spreadSamples([7, 8], 1), [7]);
  });

  test('mostActive picks the highest means, highest first', () => {
    assert.deepEqual(mostActive([0.1, 3, 0, 2, 5], 3), [4, 1, 3]);
  });

  test('demo method settings apply only to options a method declares, within its bounds', () => {
    assert.deepEqual(demoMethodOptions(getMethod('rise'), QUICK_DEMO), { masks: 24 });
    assert.deepEqual(demoMethodOptions(getMethod('occlusion'), FULL_DEMO), { window: 6, stride: 2 });
    assert.deepEqual(demoMethodOptions(getMethod('grad-cam'), FULL_DEMO), {});
  });
});
