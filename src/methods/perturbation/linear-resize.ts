/**
 * Separable linear resizing of N-d grids with half-pixel centres and mirrored edges, the sampling of
 * `skimage.transform.resize(order=1, mode='reflect')` that the RISE reference code upsamples with.
 */

/** Where each output position of one axis samples its source: two indices and the weight of the second. */
export interface AxisSampling {
  readonly low: Int32Array;
  readonly high: Int32Array;
  readonly weight: Float64Array;
}

/** Index `i` mirrored into [0, n) without repeating the edge (… 2 1 | 0 1 2 … n-1 | n-2 …). */
export function mirrorIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const folded = ((i % period) + period) % period;
  return folded < n ? folded : period - folded;
}

/**
 * Sampling of output positions `offset .. offset + count - 1` of an axis resized from `from` to
 * `to` positions: output u reads the source at (u + 0.5) * from / to - 0.5.
 */
export function axisSampling(from: number, to: number, offset: number, count: number): AxisSampling {
  const low = new Int32Array(count);
  const high = new Int32Array(count);
  const weight = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const source = (j + offset + 0.5) * (from / to) - 0.5;
    const base = Math.floor(source);
    low[j] = mirrorIndex(base, from);
    high[j] = mirrorIndex(base + 1, from);
    weight[j] = source - base;
  }
  return { low, high, weight };
}

/** Resamples axis `axis` of a row-major grid of `shape` with `sampling`; returns the new values. */
export function resampleAxis(values: Float64Array, shape: readonly number[], axis: number, sampling: AxisSampling): Float64Array {
  const length = shape[axis] as number;
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const count = sampling.low.length;
  const out = new Float64Array(outer * count * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const t = sampling.weight[j] as number;
      const low = (o * length + (sampling.low[j] as number)) * inner;
      const high = (o * length + (sampling.high[j] as number)) * inner;
      const at = (o * count + j) * inner;
      for (let k = 0; k < inner; k++) out[at + k] = (1 - t) * (values[low + k] as number) + t * (values[high + k] as number);
    }
  }
  return out;
}
