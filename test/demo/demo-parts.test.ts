// The demo's small pieces against hand-computed values: picking marked digits, spreading samples,
// the most active filters and the demo's method settings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIGIT_PIXELS } from '../../models/data/mnist-digits.ts';
import { plantMark } from '../../models/data/shortcut-digits.ts';
import { mostActive } from '../../demo/filter-figures.ts';
import { demoMethodOptions, FULL_DEMO, QUICK_DEMO } from '../../demo/settings.ts';
import { markedDigits } from '../../demo/shortcut-section.ts';
import { spreadSamples } from '../../demo/steering-section.ts';
import type { DemoSample } from '../../demo/bundled-models.ts';
import { getMethod } from '../../src/index.ts';

describe('demo parts', () => {
  test('markedDigits: digits with their own class\'s mark first, then digits with another class\'s mark; unmarked ones left out', () => {
    const digit = (target: number, mark?: number): DemoSample => {
      const pixels = new Float32Array(DIGIT_PIXELS);
      if (mark !== undefined) plantMark(pixels, mark);
      return { name: `${target}/${mark}`, target, pixels, shape: [28, 28, 1] };
    };
    const samples = [digit(1, 2), digit(3), digit(4, 4), digit(5, 5), digit(6, 0), digit(7, 7)];
    const picked = markedDigits(samples, 2, 1);
    assert.deepEqual(picked.map(({ sample, mark }) => [sample.name, mark]), [['4/4', 4], ['5/5', 5], ['1/2', 2]]);
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
