/** Moves image batches between the library's NHWC order and a model's NCHW order. */

/** `rows` images of `height` x `width` x `channels` from NHWC to NCHW (a new array). */
export function nhwcToNchw(data: Float32Array, rows: number, height: number, width: number, channels: number): Float32Array {
  const out = new Float32Array(data.length);
  const plane = height * width;
  for (let n = 0; n < rows; n++) {
    const base = n * plane * channels;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < channels; c++) out[base + c * plane + p] = data[base + p * channels + c] as number;
    }
  }
  return out;
}

/** `rows` images from NCHW to NHWC (a new array). */
export function nchwToNhwc(data: Float32Array, rows: number, height: number, width: number, channels: number): Float32Array {
  const out = new Float32Array(data.length);
  const plane = height * width;
  for (let n = 0; n < rows; n++) {
    const base = n * plane * channels;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < channels; c++) out[base + p * channels + c] = data[base + c * plane + p] as number;
    }
  }
  return out;
}
