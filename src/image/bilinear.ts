/** Size of a row-major grid of pixels with `channels` interleaved values each. */
export interface GridSize {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/**
 * Bilinear resampling of an interleaved row-major grid with half-pixel centres (OpenCV's
 * `INTER_LINEAR`, `tf.image.resizeBilinear(..., halfPixelCenters = true)`): output pixel `x` samples
 * the source at `(x + 0.5) * width / newWidth - 0.5`, clamped to the edge pixels. Returns float64.
 */
export function resampleBilinear(
  values: ArrayLike<number>,
  size: GridSize,
  newWidth: number,
  newHeight: number,
): Float64Array {
  const { width, height, channels } = size;
  for (const [name, v] of [['newWidth', newWidth], ['newHeight', newHeight]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${name}: expected a positive integer, got ${v}`);
  }
  const out = new Float64Array(newWidth * newHeight * channels);
  const columns = Array.from({ length: newWidth }, (_, x) => samplePoint(x, width, newWidth));
  for (let y = 0; y < newHeight; y++) {
    const row = samplePoint(y, height, newHeight);
    const upper = row.low * width;
    const lower = row.high * width;
    for (let x = 0; x < newWidth; x++) {
      const column = columns[x] as SamplePoint;
      const at = (y * newWidth + x) * channels;
      const topLeft = (upper + column.low) * channels;
      const topRight = (upper + column.high) * channels;
      const bottomLeft = (lower + column.low) * channels;
      const bottomRight = (lower + column.high) * channels;
      for (let c = 0; c < channels; c++) {
        const top = (values[topLeft + c] as number) * (1 - column.weight) + (values[topRight + c] as number) * column.weight;
        const bottom = (values[bottomLeft + c] as number) * (1 - column.weight) + (values[bottomRight + c] as number) * column.weight;
        out[at + c] = top * (1 - row.weight) + bottom * row.weight;
      }
    }
  }
  return out;
}

interface SamplePoint {
  readonly low: number;
  readonly high: number;
  readonly weight: number;
}

function samplePoint(index: number, sourceSize: number, targetSize: number): SamplePoint {
  const position = Math.min(sourceSize - 1, Math.max(0, ((index + 0.5) * sourceSize) / targetSize - 0.5));
  const low = Math.floor(position);
  return { low, high: Math.min(sourceSize - 1, low + 1), weight: position - low };
}
