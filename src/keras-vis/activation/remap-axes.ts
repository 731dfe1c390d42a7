/** Moving values of a batch-first array along its axes: rolls, wrapped shifts and rotations. */
import { rowMajorStrides } from '../../core/row-major.ts';

/**
 * Returns a copy of `values` (row-major, `shape`) where, on each axis with a map, position i takes
 * the value at position `maps[axis][i]`; axes without a map are kept.
 */
export function remapAxes(values: Float32Array, shape: readonly number[], maps: readonly (Int32Array | undefined)[]): Float32Array {
  const rank = shape.length;
  const strides = rowMajorStrides(shape);
  const out = new Float32Array(values.length);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < values.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) {
      const i = index[axis] as number;
      source += (maps[axis]?.[i] ?? i) * (strides[axis] as number);
    }
    out[flat] = values[source] as number;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis] = (index[axis] as number) + 1;
      if ((index[axis] as number) < (shape[axis] as number)) break;
      index[axis] = 0;
    }
  }
  return out;
}

/** `np.roll` / `tf.roll` by `shift` on an axis of `size`: position i takes position i - shift. */
export function rollMap(size: number, shift: number): Int32Array {
  return Int32Array.from({ length: size }, (_, i) => (((i - shift) % size) + size) % size);
}

/**
 * `scipy.ndimage.shift(mode='wrap', order=0)` by an integer `shift`: like a roll, but SciPy's wrap
 * has period size - 1 (the first and last positions overlap), so one value is repeated at the seam.
 */
export function scipyWrapShiftMap(size: number, shift: number): Int32Array {
  const period = size - 1;
  return Int32Array.from({ length: size }, (_, i) => {
    const source = i - shift;
    if (period === 0 || (source >= 0 && source <= period)) return period === 0 ? 0 : source;
    return ((source % period) + period) % period;
  });
}

/** Half-sample symmetric index (SciPy's 'reflect': … 1 0 | 0 1 … n-1 | n-1 n-2 …). */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  const folded = ((i % period) + period) % period;
  return folded < n ? folded : period - 1 - folded;
}

/**
 * Rotates every image of a [N, H, W, C] batch by `degrees` about its centre, bilinear with
 * reflected edges (`scipy.ndimage.rotate(axes=(1, 2), reshape=False, order=1, mode='reflect')`).
 */
export function rotateImages(values: Float32Array, shape: readonly number[], degrees: number): Float32Array {
  const [n, h, w, c] = shape as [number, number, number, number];
  const angle = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const [cy, cx] = [(h - 1) / 2, (w - 1) / 2];
  const out = new Float32Array(values.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sy = cos * (y - cy) + sin * (x - cx) + cy;
      const sx = -sin * (y - cy) + cos * (x - cx) + cx;
      const [y0, x0] = [Math.floor(sy), Math.floor(sx)];
      const [ty, tx] = [sy - y0, sx - x0];
      const rows = [reflectIndex(y0, h), reflectIndex(y0 + 1, h)] as const;
      const cols = [reflectIndex(x0, w), reflectIndex(x0 + 1, w)] as const;
      for (let b = 0; b < n; b++) {
        const at = (r: number, col: number, k: number): number => values[((b * h + r) * w + col) * c + k] as number;
        for (let k = 0; k < c; k++) {
          const top = at(rows[0], cols[0], k) * (1 - tx) + at(rows[0], cols[1], k) * tx;
          const bottom = at(rows[1], cols[0], k) * (1 - tx) + at(rows[1], cols[1], k) * tx;
          out[((b * h + y) * w + x) * c + k] = top * (1 - ty) + bottom * ty;
        }
      }
    }
  }
  return out;
}
