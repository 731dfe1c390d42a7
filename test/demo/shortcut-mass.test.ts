// The "tree, not bird" claim, measured with the library's saliency() on the 2,000 held-back digits,
// each carrying its own class's mark: where |d logit(true class) / d input| falls, as a share of
// the map's mass and of its strongest pixels, for the shortcut model and its clean twin. The same
// numbers as the model cards' plain tf.grad measurement.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { DIGIT_PIXELS, DIGIT_SIZE, loadMnistDigits, selectDigits, splitMnistDigits } from '../../models/data/mnist-digits.ts';
import { markRegionMask } from '../../models/data/shortcut-digits.ts';
import { shortcutTestSets } from '../../models/train/shortcut-experiment.ts';
import { openBundledModel } from '../../src/cli/demo/bundled-models.ts';
import { regionMassFraction, regionPeakFraction } from '../../src/cli/demo/mass-fraction.ts';
import { PEAK_PIXELS } from '../../src/cli/demo/shortcut-section.ts';
import { sampleOf } from '../../src/core/ndarray.ts';
import { perSampleTarget } from '../../src/core/target.ts';
import { saliency } from '../../src/methods/gradient/saliency.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';

const BATCH = 250;
/** The mark region (5 x 5) as a share of the 28 x 28 image: what a uniform map puts there. */
const UNIFORM = 25 / 784;
const marked = shortcutTestSets(selectDigits(loadMnistDigits(), splitMnistDigits().heldBack)).marked;

interface Shares {
  readonly mass: number;
  readonly peak: number;
  readonly card: Readonly<Record<string, number>>;
}

/** Mean mass and peak share of |saliency| on each digit's mark, and the model card's metrics. */
async function markShares(name: string): Promise<Shares> {
  const tensors = tf.memory().numTensors;
  const bundle = await openBundledModel(name);
  const { digits, marks } = marked;
  let mass = 0;
  let peak = 0;
  try {
    for (let start = 0; start < digits.count; start += BATCH) {
      const end = Math.min(digits.count, start + BATCH);
      const input = tf.tensor4d(digits.images.subarray(start * DIGIT_PIXELS, end * DIGIT_PIXELS), [end - start, DIGIT_SIZE, DIGIT_SIZE, 1]);
      const labels = Array.from(digits.labels.subarray(start, end));
      const attribution = await saliency(bundle.model, input, { target: perSampleTarget(labels) }).finally(() => input.dispose());
      for (let i = 0; i < end - start; i++) {
        const region = markRegionMask(marks[start + i] as number);
        mass += regionMassFraction(sampleOf(attribution.map, i), region);
        peak += regionPeakFraction(sampleOf(attribution.map, i), region, PEAK_PIXELS);
      }
    }
  } finally {
    bundle.dispose();
  }
  assert.equal(tf.memory().numTensors, tensors, 'saliency and the model leave no tensors behind');
  return { mass: mass / digits.count, peak: peak / digits.count, card: bundle.metrics };
}

let shortcut: Shares;
let clean: Shares;

before(async () => {
  await setupBackend({ backend: 'wasm' });
  shortcut = await markShares('shortcut');
  clean = await markShares('shortcut-clean');
  console.log(
    `on the mark: |saliency| mass shortcut ${shortcut.mass.toFixed(4)}, clean ${clean.mass.toFixed(4)} (uniform ${UNIFORM.toFixed(4)}); ` +
      `${PEAK_PIXELS} strongest pixels shortcut ${shortcut.peak.toFixed(4)}, clean ${clean.peak.toFixed(4)}`,
  );
});

test('every held-back test digit carries its own class\'s mark', () => {
  assert.equal(marked.digits.count, 2000);
  assert.deepEqual([...marked.marks], [...marked.digits.labels]);
});

test('saliency() measures what the model cards state (their plain tf.grad measurement)', () => {
  for (const shares of [shortcut, clean]) {
    assert.ok(Math.abs(shares.mass - (shares.card['saliencyMassOnMark'] ?? Number.NaN)) < 2e-3, `mass ${shares.mass}, card ${shares.card['saliencyMassOnMark']}`);
    assert.ok(Math.abs(shares.peak - (shares.card['saliencyPeakOnMark'] ?? Number.NaN)) < 5e-3, `peak ${shares.peak}, card ${shares.card['saliencyPeakOnMark']}`);
  }
});

test('the shortcut model\'s strongest saliency falls mostly on the mark; the clean model\'s does not', () => {
  assert.ok(shortcut.peak > 0.6, `shortcut model: ${shortcut.peak} of its ${PEAK_PIXELS} strongest pixels on the mark, expected most`);
  assert.ok(clean.peak < 0.05, `clean model: ${clean.peak} of its ${PEAK_PIXELS} strongest pixels on the mark, expected almost none`);
});

test('the shortcut model\'s |saliency| mass is concentrated on the mark; the clean model\'s is no more than a uniform map\'s', () => {
  assert.ok(clean.mass < 1.5 * UNIFORM, `clean model: ${clean.mass} of the mass on the mark, uniform ${UNIFORM}`);
  assert.ok(shortcut.mass > 3 * UNIFORM, `shortcut model: ${shortcut.mass} of the mass on the mark, expected at least 3x uniform (${UNIFORM})`);
  assert.ok(shortcut.mass > 4 * clean.mass, `shortcut ${shortcut.mass} vs clean ${clean.mass}`);
});
