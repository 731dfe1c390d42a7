/**
 * A stable argsort of non-negative float64 values by LSD radix sort over their bit patterns (for
 * non-negative IEEE doubles the bits order as the numbers do): ties keep index order, and 200 000
 * graph edges sort in a few milliseconds instead of a comparator sort's hundred.
 */

/** Indices that sort `values` (all >= 0, not NaN) ascending, ties by index. */
export function argsortNonNegative(values: Float64Array): Uint32Array {
  const n = values.length;
  const words = new Uint16Array(values.buffer, values.byteOffset, n * 4);
  let order = Uint32Array.from({ length: n }, (_, i) => i);
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  // little-endian: word 0 is the lowest 16 bits; Uint16Array views use the platform's order, which is little-endian on every engine we run
  for (let word = 0; word < 4; word++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[words[i * 4 + word] as number]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const index = order[i] as number;
      const digit = words[index * 4 + word] as number;
      spare[counts[digit] as number] = index;
      counts[digit] = (counts[digit] as number) + 1;
    }
    [order, spare] = [spare, order];
  }
  return order;
}
