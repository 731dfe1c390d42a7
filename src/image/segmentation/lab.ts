/**
 * sRGB in [0, 1] to CIE L*a*b* (D65, 2 degree observer), with scikit-image's constants (its
 * rgb2lab, which SLIC applies to 3-channel images).
 */

const XYZ_FROM_RGB = [
  [0.412453, 0.35758, 0.180423],
  [0.212671, 0.71516, 0.072169],
  [0.019334, 0.119193, 0.950227],
] as const;
const WHITE_D65 = [0.95047, 1, 1.08883] as const;

function linear(v: number): number {
  return v > 0.04045 ? Math.pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
}

function lab(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

/** Interleaved RGB values (3 per pixel, in [0, 1]) converted in place to L*a*b*. */
export function rgbToLabInPlace(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i += 3) {
    const r = linear(values[i] as number);
    const g = linear(values[i + 1] as number);
    const b = linear(values[i + 2] as number);
    const [fx, fy, fz] = XYZ_FROM_RGB.map((row, k) => lab((row[0] * r + row[1] * g + row[2] * b) / (WHITE_D65[k] as number))) as [number, number, number];
    values[i] = 116 * fy - 16;
    values[i + 1] = 500 * (fx - fy);
    values[i + 2] = 200 * (fy - fz);
  }
  return values;
}
