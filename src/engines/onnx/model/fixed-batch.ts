/**
 * Runs of a model whose batch dimension is fixed (exported with batch 4, say) on any number of
 * rows: the rows go in chunks of the fixed size, a short chunk is padded by repeating its last row
 * (real data, so no NaN or out-of-range surprise), and only the real rows of every output are kept.
 * Every output read must put the batch first. Browser-safe.
 */
import type { RuntimeTensor } from '../runtime.ts';

/** One run on exactly `rows` rows: `feeds` hold `rows` rows each, the outputs put the batch first. */
export type RowsRun = (feeds: readonly Float32Array[], rows: number) => readonly RuntimeTensor[];

/**
 * `run` over `rows` rows of `feeds` (each `rows` rows of equal size) when the model takes exactly
 * `fixed` rows per run (Infinity: any number, one run): chunks of `fixed`, the last padded, the
 * outputs concatenated over the real rows.
 */
export function inFixedBatches(fixed: number, rows: number, feeds: readonly Float32Array[], run: RowsRun): RuntimeTensor[] {
  if (!Number.isFinite(fixed) || rows === fixed) return [...run(feeds, rows)];
  const parts: (readonly RuntimeTensor[])[] = [];
  for (let start = 0; start < rows; start += fixed) {
    const count = Math.min(fixed, rows - start);
    parts.push(run(feeds.map((f) => paddedRows(f, rows, start, count, fixed)), fixed));
  }
  return (parts[0] as readonly RuntimeTensor[]).map((first, o) => {
    const rowSize = first.data.length / fixed;
    const data = new Float32Array(rows * rowSize);
    parts.forEach((part, p) => {
      const count = Math.min(fixed, rows - p * fixed);
      data.set((part[o] as RuntimeTensor).data.subarray(0, count * rowSize), p * fixed * rowSize);
    });
    return { data, dims: [rows, ...first.dims.slice(1)] };
  });
}

/** Rows start..start+count of `values` (`rows` rows in all), the last repeated up to `size` rows. */
export function paddedRows(values: Float32Array, rows: number, start: number, count: number, size: number): Float32Array {
  const rowSize = values.length / rows;
  const out = new Float32Array(size * rowSize);
  out.set(values.subarray(start * rowSize, (start + count) * rowSize));
  const last = values.subarray((start + count - 1) * rowSize, (start + count) * rowSize);
  for (let r = count; r < size; r++) out.set(last, r * rowSize);
  return out;
}
