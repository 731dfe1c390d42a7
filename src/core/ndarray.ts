/**
 * A plain n-dimensional float array: the form in which every public function returns maps, so
 * results never hold TF.js tensors (and never leak them).
 */
export interface NdArray {
  /** Row-major values, `data.length === shape.reduce((a, b) => a * b, 1)`. */
  readonly data: Float32Array;
  /** The dimensions, outermost first (batch first where there is a batch). */
  readonly shape: readonly number[];
}

/** Number of elements a shape holds. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Builds an {@link NdArray}, checking that `data` fits `shape`. */
export function ndarray(data: Float32Array | readonly number[], shape: readonly number[]): NdArray {
  const values = data instanceof Float32Array ? data : Float32Array.from(data);
  if (values.length !== sizeOf(shape)) {
    throw new RangeError(
      `ndarray: data has ${values.length} values but shape [${shape.join(', ')}] needs ${sizeOf(shape)}`,
    );
  }
  return { data: values, shape: [...shape] };
}

/** Sample `index` of a batch-first array, without its batch axis (a view on the same buffer). */
export function sampleOf(batch: NdArray, index: number): NdArray {
  const [n, ...rest] = batch.shape;
  if (n === undefined || !Number.isInteger(index) || index < 0 || index >= n) {
    throw new RangeError(`sampleOf: index ${index} is outside the batch of ${n ?? 0}`);
  }
  const size = sizeOf(rest);
  return { data: batch.data.subarray(index * size, (index + 1) * size), shape: rest };
}
