/** Moves image batches between the library's NHWC order and a model's NCHW order. */

/** `rows` images of `height` x `width` x `channels` from NHWC to NCHW (a new array). */
export function nhwcToNchw(data: Float32Array, rows: number, height: number, width: number, channels: number): Float32Array {
  return move(data, rows, height * width, channels, true);
}

/** `rows` images from NCHW to NHWC (a new array). */
export function nchwToNhwc(data: Float32Array, rows: number, height: number, width: number, channels: number): Float32Array {
  return move(data, rows, height * width, channels, false);
}

function move(data: Float32Array, rows: number, plane: number, channels: number, toChannelsFirst: boolean): Float32Array {
  const out = new Float32Array(data.length);
  for (let n = 0; n < rows; n++) {
    const base = n * plane * channels;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < channels; c++) {
        const last = base + p * channels + c;
        const first = base + c * plane + p;
        if (toChannelsFirst) out[first] = data[last] as number;
        else out[last] = data[first] as number;
      }
    }
  }
  return out;
}
