import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minMaxNormalize, normalizeMap, normalizeMaps, normalizedRange } from '../../src/render/normalize.ts';
import { cumulativeSumThreshold, percentile } from '../../src/render/statistics.ts';

const f32 = (values: readonly number[]): Float32Array => Float32Array.from(values);
const close = (actual: Float32Array, expected: readonly number[], tolerance = 1e-6): void => {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] as number)) <= tolerance, `[${i}] ${v} vs ${expected[i]}`));
};
const collect = (): { messages: string[]; onWarning: (m: string) => void } => {
  const messages: string[] = [];
  return { messages, onWarning: (m) => messages.push(m) };
};

test('minMaxNormalize is keras-vis utils.normalize in float32', () => {
  const out = minMaxNormalize(f32([1, 2, 3, -1]));
  // (v - (-1)) / (3 - (-1) + 1e-7), every step rounded to float32 as NumPy does on float32 input.
  const denominator = Math.fround(4 + Math.fround(1e-7));
  assert.deepEqual([...out], [2, 3, 4, 0].map((d) => Math.fround(d / denominator)));
  assert.equal(out[2], 1, 'in float32, 4 + 1e-7 rounds to 4, as in NumPy');
  assert.ok((minMaxNormalize(f32([0, 0.5]))[1] as number) < 1, 'a small range stays below 1 because of epsilon');
  assert.deepEqual([...minMaxNormalize(f32([1, 2]), 0)], [0, 1]);
});

test('minMaxNormalize of a constant array gives zeros', () => {
  assert.deepEqual([...minMaxNormalize(f32([5, 5, 5]))], [0, 0, 0]);
  assert.deepEqual([...minMaxNormalize(f32([]))], []);
});

test('normalizeMap minmax equals minMaxNormalize bit for bit', () => {
  const values = f32([0.3, -2.7, 11.25, 4, 0.001]);
  assert.deepEqual([...normalizeMap(values)], [...minMaxNormalize(values)]);
});

test("cumulativeSumThreshold follows Captum's mass-based definition", () => {
  // sorted [0.5, 1.5, 3, 5, 10, 20, 60], running sums 0.5, 2, 5, 10, 20, 40, 100 (total 100)
  const magnitudes = f32([60, 0.5, 20, 1.5, 10, 3, 5]);
  assert.equal(cumulativeSumThreshold(magnitudes, 98), 60);
  assert.equal(cumulativeSumThreshold(magnitudes, 30), 20);
  assert.equal(cumulativeSumThreshold(magnitudes, 40), 20);
  assert.equal(cumulativeSumThreshold(magnitudes, 40.5), 60);
  assert.equal(cumulativeSumThreshold(magnitudes, 0), 0.5);
});

test('outlier clip divides by the mass threshold and clips to [-1, 1]', () => {
  const values = f32([-0.5, 1.5, -3, 5, 10, -20, 60]);
  close(normalizeMap(values, { mode: 'outlier', outlierPerc: 70 }), [-0.025, 0.075, -0.15, 0.25, 0.5, -1, 1]);
  // Default 2%: 99 ones and a 1.5 holding under 2% of the mass, so the cut is 1 and 1.5 is clipped.
  const mostlyOnes = new Float32Array(100).fill(1);
  mostlyOnes[42] = 1.5;
  const out = normalizeMap(mostlyOnes, { mode: 'outlier' });
  assert.ok(out.every((v) => v === 1));
});

test('outlier clip with sign negative shows magnitudes of negative values, as Captum does', () => {
  // negative parts: [0.5, 0, 3, 0, 0, 20, 0], total 23.5; 50% = 11.75 -> running 0.5, 3.5, 23.5 -> cut 20
  const out = normalizeMap(f32([-0.5, 1.5, -3, 5, 10, -20, 60]), { mode: 'outlier', sign: 'negative', outlierPerc: 50 });
  close(out, [0.025, 0, 0.15, 0, 0, 1, 0]);
});

test('percentile clip follows PAIR (NumPy linear percentile)', () => {
  const ramp = f32(Array.from({ length: 101 }, (_, i) => i - 50)); // |v| runs 0..50, twice
  assert.equal(percentile(f32([1, 2, 3, 4]), 50), 2.5);
  assert.ok(Math.abs(percentile(f32([0, 10]), 99) - 9.9) < 1e-12);
  // sorted |v|: 0,1,1,2,2,...,50,50, so rank 90 (the 90th percentile of 101 values) is 45
  assert.equal(percentile(f32(Array.from(ramp, Math.abs)), 90), 45);
  const signed = normalizeMap(ramp, { mode: 'percentile', percentile: 90 });
  assert.equal(signed[0], -1);
  assert.equal(signed[4], -1);
  close(signed.subarray(5, 7), [-1, -44 / 45]);
  close(signed.subarray(49, 53), [-1 / 45, 0, 1 / 45, 2 / 45]);
  assert.equal(signed[100], 1);
  // absolute: PAIR VisualizeImageGrayscale, (|v| - min) / (p99 - min) clipped to [0, 1]
  const absolute = normalizeMap(f32([2, 4, 6, 8, 10]), { mode: 'percentile', sign: 'absolute', percentile: 75 });
  close(absolute, [0, 1 / 3, 2 / 3, 1, 1]);
});

test("signs select parts of the map and 'none' keeps values", () => {
  const values = f32([-2, 0, 3]);
  assert.deepEqual([...normalizeMap(values, { mode: 'none' })], [-2, 0, 3]);
  assert.deepEqual([...normalizeMap(values, { mode: 'none', sign: 'positive' })], [0, 0, 3]);
  assert.deepEqual([...normalizeMap(values, { mode: 'none', sign: 'negative' })], [2, 0, 0]);
  assert.deepEqual([...normalizeMap(values, { mode: 'none', sign: 'absolute' })], [2, 0, 3]);
  assert.deepEqual([...values], [-2, 0, 3], 'the input is not changed');
});

test('a shared scale keeps maps comparable; per-map scales each alone', () => {
  const maps = [f32([0, 1]), f32([0, 3])];
  const shared = normalizeMaps(maps, { mode: 'outlier', outlierPerc: 0, scope: 'shared' });
  close(shared[0] as Float32Array, [0, 1 / 3]);
  close(shared[1] as Float32Array, [0, 1]);
  const perMap = normalizeMaps(maps, { mode: 'outlier', outlierPerc: 0 });
  close(perMap[0] as Float32Array, [0, 1]);
  close(perMap[1] as Float32Array, [0, 1]);
});

test('an all-zero map gives zeros and one warning, never NaN', () => {
  for (const mode of ['minmax', 'percentile', 'outlier'] as const) {
    const { messages, onWarning } = collect();
    const out = normalizeMap(new Float32Array(6), { mode, onWarning });
    assert.deepEqual([...out], [0, 0, 0, 0, 0, 0], mode);
    assert.equal(messages.length, 1, mode);
    assert.match(messages[0] as string, /all zero/);
  }
  const { messages, onWarning } = collect();
  const out = normalizeMap(f32([-1, -2]), { mode: 'outlier', sign: 'positive', onWarning });
  assert.deepEqual([...out], [0, 0]);
  assert.equal(messages.length, 1);
});

test('bad options and non-finite maps are rejected with the argument named', () => {
  const values = f32([1, 2]);
  assert.throws(() => normalizeMap(values, { mode: 'max' as never }), /mode: expected one of 'minmax'/);
  assert.throws(() => normalizeMap(values, { sign: 'both' as never }), /sign: expected one of/);
  assert.throws(() => normalizeMap(values, { outlierPerc: 100 }), /outlierPerc: expected a number in \[0, 100\)/);
  assert.throws(() => normalizeMap(values, { percentile: 0 }), /percentile: expected a number in \(0, 100\]/);
  assert.throws(() => normalizeMap(f32([1, NaN])), /values: value 1 is NaN/);
  assert.throws(() => normalizeMaps([values, f32([Infinity])]), /maps\[1\]: value 0 is Infinity/);
});

test('normalizedRange reports the range each rule produces', () => {
  assert.deepEqual(normalizedRange(), [0, 1]);
  assert.deepEqual(normalizedRange({ mode: 'outlier' }), [-1, 1]);
  assert.deepEqual(normalizedRange({ mode: 'outlier', sign: 'absolute' }), [0, 1]);
  assert.equal(normalizedRange({ mode: 'none' }), null);
});
