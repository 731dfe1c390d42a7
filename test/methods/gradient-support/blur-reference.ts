/** scipy.ndimage.gaussian_filter(x, [0, sigma, sigma, 0], mode='constant') on an NHWC array, by direct sums. */
export function blurReference(data: Float32Array, shape: readonly [number, number, number, number], sigma: number): Float64Array {
  const [n, h, w, c] = shape;
  const radius = Math.floor(4 * sigma + 0.5);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const k = (d: number) => (Math.abs(d) <= radius ? (kernel[d + radius] as number) / total : 0);
  const out = new Float64Array(data.length);
  const at = (b: number, y: number, x: number, ch: number) => ((b * h + y) * w + x) * c + ch;
  for (let b = 0; b < n; b++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let yy = 0; yy < h; yy++) for (let xx = 0; xx < w; xx++) sum += k(y - yy) * k(x - xx) * (data[at(b, yy, xx, ch)] as number);
    out[at(b, y, x, ch)] = sum;
  }
  return out;
}
