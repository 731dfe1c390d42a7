/** The noise tunnel's noisy copies: each sample's value range (what 'range' noise scales by) and seeded noisy rows. */
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import { standardNormals } from '../../core/random.ts';

/** max - min over the values of sample `index` of a batch-first array. */
export function valueRange(values: NdArray, index: number): number {
  const size = sizeOf(values.shape.slice(1));
  let low = Infinity;
  let high = -Infinity;
  for (let j = index * size; j < (index + 1) * size; j++) {
    const v = values.data[j] as number;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return high - low;
}

/**
 * Copies [start, start + copies) of every sample of `values` (model input `input`), copy c of sample
 * i at row i * copies + c, each plus sigmas[i] times standard normals seeded by (seed, input, copy):
 * copy j gets the same draws for every sample.
 */
export function noisyRows(values: NdArray, sigmas: readonly number[], seed: number, input: number, start: number, copies: number): NdArray {
  const [batch, ...sample] = values.shape as [number, ...number[]];
  const size = sizeOf(sample);
  const out = new Float32Array(batch * copies * size);
  for (let c = 0; c < copies; c++) {
    const noise = sigmas.some((s) => s !== 0) ? standardNormals(seed, `noise-tunnel:${input}:${start + c}`, size) : undefined;
    for (let i = 0; i < batch; i++) {
      const offset = (i * copies + c) * size;
      const sigma = sigmas[i] as number;
      for (let j = 0; j < size; j++) out[offset + j] = (values.data[i * size + j] as number) + (noise ? sigma * (noise[j] as number) : 0);
    }
  }
  return { data: out, shape: [batch * copies, ...sample] };
}
