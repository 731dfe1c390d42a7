import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';

/** Deterministic pseudo-random values in [-1, 1) (xorshift32), the same on every backend. */
export function seededValues(size: number, seed: number): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

/** Runs `compute` with `backend` active and returns its result's values (tensors freed). */
export async function valuesOn(backend: string, compute: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const result = tf.tidy(compute);
    const list = Array.isArray(result) ? result : [result];
    const values = await Promise.all(list.map(async (t) => new Float32Array(await t.data())));
    tf.dispose(list);
    return values;
  } finally {
    await tf.setBackend(previous);
  }
}

export { relativeError } from '../support/assert-close.ts';
import { relativeError } from '../support/assert-close.ts';

/** Asserts that `compute` gives the same values on wasm as on cpu (relative error < tolerance). */
export async function assertSameOnWasmAndCpu(
  label: string,
  compute: () => tf.Tensor | tf.Tensor[],
  tolerance = 1e-4,
): Promise<void> {
  const expected = await valuesOn('cpu', compute);
  const actual = await valuesOn('wasm', compute);
  assert.equal(actual.length, expected.length, `${label}: number of results`);
  actual.forEach((a, i) => {
    const error = relativeError(a, expected[i] as Float32Array);
    assert.ok(error < tolerance, `${label}: result ${i} differs from cpu, relative error ${error}`);
  });
}

/** A dilated filter as the equivalent undilated one (zeros between the taps): stock TF.js has no dilated gradients. */
export function zeroInserted(w: tf.Tensor, [dh, dw]: [number, number]): tf.Tensor4D {
  const [kh, kw, ci, co] = w.shape as [number, number, number, number];
  const values = w.dataSync();
  const out = tf.buffer([(kh - 1) * dh + 1, (kw - 1) * dw + 1, ci, co]);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let c = 0; c < ci; c++) for (let o = 0; o < co; o++) {
    out.set(values[((i * kw + j) * ci + c) * co + o] as number, i * dh, j * dw, c, o);
  }
  return out.toTensor() as tf.Tensor4D;
}
