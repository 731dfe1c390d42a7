/**
 * The `p`-th percentile (0..100) of `values`, interpolated linearly between the two nearest ranks
 * exactly as NumPy's default `np.percentile(values, p)` does. `values` must not be empty.
 */
export function percentile(values: Float32Array, p: number): number {
  if (values.length === 0) throw new RangeError('percentile: values is empty');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must lie in [0, 100], got ${p}`);
  const sorted = Float64Array.from(values).sort();
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  const lower = sorted[below] as number;
  return lower + (rank - below) * ((sorted[above] as number) - lower);
}

/**
 * Captum's `_cumulative_sum_threshold`: sorts the (non-negative) `values` ascending and returns the
 * first value at which their running sum reaches `percentage`% of the total. With 98 this ignores
 * the largest values that together hold the top 2% of the mass. `values` must not be empty.
 */
export function cumulativeSumThreshold(values: Float32Array, percentage: number): number {
  if (values.length === 0) throw new RangeError('cumulativeSumThreshold: values is empty');
  if (!(percentage >= 0 && percentage <= 100)) {
    throw new RangeError(`cumulativeSumThreshold: percentage must lie in [0, 100], got ${percentage}`);
  }
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (const v of sorted) total += v;
  const target = total * 0.01 * percentage;
  let running = 0;
  for (const v of sorted) {
    running += v;
    if (running >= target) return v;
  }
  return sorted[sorted.length - 1] as number;
}
