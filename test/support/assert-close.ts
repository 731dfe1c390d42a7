import assert from 'node:assert/strict';

/** Asserts two number arrays agree within `atol + rtol * |expected|` element-wise. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol = 1e-6, rtol = 1e-5, message = '' } = {},
): void {
  assert.equal(actual.length, expected.length, `${message} length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) {
      assert.fail(`${message} element ${i}: got ${a}, expected ${e} (atol ${atol}, rtol ${rtol})\n` +
        `actual:   [${Array.from(actual).slice(0, 16).map((v) => v.toFixed(6)).join(', ')}]\n` +
        `expected: [${Array.from(expected).slice(0, 16).map((v) => v.toFixed(6)).join(', ')}]`);
    }
  }
}

/** max |a - b| / max |b| over all elements (max |a - b| when b is all zeros). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.equal(actual.length, expected.length, `lengths differ: ${actual.length} vs ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return scale === 0 ? diff : diff / scale;
}
