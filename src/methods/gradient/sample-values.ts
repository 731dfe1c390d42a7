/** The input batch as plain arrays, and per-sample statistics of it. */
import type { ExplainContext } from '../../core/explain.ts';
import { sizeOf, type NdArray } from '../../core/ndarray.ts';

/** Downloads the prepared input tensors (batch first, float32) without disposing them. */
export async function downloadInputs(context: ExplainContext): Promise<NdArray[]> {
  return Promise.all(context.input.tensors.map(async (t) => ({ data: Float32Array.from(await t.data()), shape: [...t.shape] })));
}

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
