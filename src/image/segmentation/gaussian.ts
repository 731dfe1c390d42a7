/**
 * Gaussian smoothing over the two image axes, channel by channel, as scipy.ndimage.gaussian_filter
 * does it (what scikit-image's segmentations call): a sampled kernel of radius
 * `floor(truncate * sigma + 0.5)`, normalised to sum 1, applied separably with 'reflect' edges
 * (d c b a | a b c d | d c b a).
 */

/** The normalised kernel scipy uses for `sigma` (truncate 4). */
export function gaussianKernel(sigma: number, truncate = 4): Float64Array {
  const radius = Math.floor(truncate * sigma + 0.5);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp((-0.5 * i * i) / (sigma * sigma));
    kernel[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) / sum;
  return kernel;
}

/** Index `i` folded into [0, n) by half-sample symmetric reflection (scipy 'reflect'). */
function reflect(i: number, n: number): number {
  const period = 2 * n;
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - 1 - j;
  return j;
}

/**
 * `values` (height x width x channels, interleaved) smoothed with a Gaussian of `sigma` pixels
 * along rows and columns; sigma 0 returns a float64 copy.
 */
export function gaussianSmooth(values: ArrayLike<number>, height: number, width: number, channels: number, sigma: number): Float64Array {
  const out = Float64Array.from(values);
  if (sigma <= 0) return out;
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const pass = (source: Float64Array, along: 'x' | 'y'): Float64Array => {
    const target = new Float64Array(source.length);
    const n = along === 'x' ? width : height;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = along === 'x' ? x : y;
        for (let c = 0; c < channels; c++) {
          let acc = 0;
          for (let k = -radius; k <= radius; k++) {
            const j = reflect(at + k, n);
            const index = along === 'x' ? (y * width + j) * channels + c : (j * width + x) * channels + c;
            acc += (kernel[k + radius] as number) * (source[index] as number);
          }
          target[(y * width + x) * channels + c] = acc;
        }
      }
    }
    return target;
  };
  return pass(pass(out, 'y'), 'x');
}
