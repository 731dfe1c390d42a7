/**
 * `scipy.ndimage.zoom(x, factors)` with its defaults (order 3): cubic B-spline interpolation with
 * the spline prefilter, mirror boundary (which scipy's default 'constant' mode equals for samples
 * inside the array) and align-corners sampling, `x_in = x_out * (n_in - 1) / (n_out - 1)`. This is
 * how keras-vis resized its Grad-CAM; unlike bilinear resizing it overshoots (rings) near peaks.
 */
import { sizeOf } from '../core/ndarray.ts';

/** The pole of the cubic B-spline prefilter, sqrt(3) - 2. */
const POLE = Math.sqrt(3) - 2;

/**
 * Zooms a row-major array of `shape` to `outShape` (same rank; any number of axes), computing in
 * float64 like scipy. Returns float64 values in row-major order.
 */
export function splineZoom(values: ArrayLike<number>, shape: readonly number[], outShape: readonly number[]): Float64Array {
  if (shape.length !== outShape.length) {
    throw new RangeError(`splineZoom: shape [${shape.join(', ')}] and outShape [${outShape.join(', ')}] differ in rank`);
  }
  if (values.length !== sizeOf(shape)) throw new RangeError(`splineZoom: ${values.length} values do not fit shape [${shape.join(', ')}]`);
  for (const size of [...shape, ...outShape]) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`splineZoom: sizes must be positive integers, got ${size}`);
  }
  let data: Float64Array = Float64Array.from(values);
  let current = [...shape];
  for (let axis = 0; axis < shape.length; axis++) {
    const next = current.map((size, a) => (a === axis ? (outShape[axis] as number) : size));
    data = alongAxis(data, current, axis, next, (line) => resampleLine(prefilterLine(line), next[axis] as number));
    current = next;
  }
  return data;
}

/** Applies `transform` to every line of `data` along `axis`, writing lines of `outShape[axis]` values. */
function alongAxis(
  data: Float64Array,
  shape: readonly number[],
  axis: number,
  outShape: readonly number[],
  transform: (line: Float64Array) => Float64Array,
): Float64Array {
  const length = shape[axis] as number;
  const outLength = outShape[axis] as number;
  const stride = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  const out = new Float64Array(sizeOf(outShape));
  const line = new Float64Array(length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < stride; i++) {
      for (let k = 0; k < length; k++) line[k] = data[(o * length + k) * stride + i] as number;
      const result = transform(line);
      for (let k = 0; k < outLength; k++) out[(o * outLength + k) * stride + i] = result[k] as number;
    }
  }
  return out;
}

/** Cubic B-spline coefficients of `line` with mirror boundary (scipy's recursive filter). */
export function prefilterLine(line: Float64Array): Float64Array {
  const n = line.length;
  const c = line.map((v) => v * (1 - POLE) * (1 - 1 / POLE));
  if (n === 1) return Float64Array.from(line);
  const zLast = Math.pow(POLE, n - 1);
  let first = (c[0] as number) + zLast * (c[n - 1] as number);
  let power = POLE;
  for (let i = 1; i < n - 1; i++) {
    first += power * ((c[i] as number) + zLast * (c[n - 1 - i] as number));
    power *= POLE;
  }
  c[0] = first / (1 - zLast * zLast);
  for (let i = 1; i < n; i++) c[i] = (c[i] as number) + POLE * (c[i - 1] as number);
  c[n - 1] = ((POLE * (c[n - 2] as number) + (c[n - 1] as number)) * POLE) / (POLE * POLE - 1);
  for (let i = n - 2; i >= 0; i--) c[i] = POLE * ((c[i + 1] as number) - (c[i] as number));
  return c;
}

/** Evaluates the spline with `coefficients` at `outLength` align-corners positions. */
function resampleLine(coefficients: Float64Array, outLength: number): Float64Array {
  const n = coefficients.length;
  const step = outLength > 1 ? (n - 1) / (outLength - 1) : 0;
  const out = new Float64Array(outLength);
  for (let k = 0; k < outLength; k++) {
    const x = k * step;
    const base = Math.floor(x);
    const t = x - base;
    const weights = [(1 - t) ** 3 / 6, (4 - 6 * t * t + 3 * t ** 3) / 6, (1 + 3 * t + 3 * t * t - 3 * t ** 3) / 6, t ** 3 / 6];
    let sum = 0;
    weights.forEach((w, j) => (sum += w * (coefficients[mirrorIndex(base - 1 + j, n)] as number)));
    out[k] = sum;
  }
  return out;
}

/** Index `i` reflected into [0, n) about the end samples (d c b | a b c d | c b a). */
function mirrorIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const folded = ((i % period) + period) % period;
  return folded < n ? folded : period - folded;
}
