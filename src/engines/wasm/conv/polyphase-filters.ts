/**
 * The derived filters of polyphase input gradients: sub-filters of each block position, side by side.
 */
import { zeroTaps, type AxisGeometry } from './transposed-conv-geometry.ts';

/**
 * Filters for input gradients computed as forward convolutions of dy (see transposed-conv-geometry.ts):
 * the taps each axis's `sources` assigns to every (tap, block position), 0 where none.
 */

/** A filter's values and shape. */
export interface Filter {
  values: Float32Array;
  shape: number[];
}

/**
 * Conv2D filter W [kh, kw, cin, cout] -> G [rows.taps, cols.taps, cout, rows.block*cols.block*cin] with
 * G[uy, ux, co, (ry*cols.block + rx)*cin + ci] = W[rows.sources[uy, ry], cols.sources[ux, rx], ci, co].
 */
export function polyphaseConvFilter(w: Float32Array, shape: readonly number[], rows: AxisGeometry, cols: AxisGeometry): Filter {
  const [, kw, cin, cout] = shape as [number, number, number, number];
  const outChannels = rows.block * cols.block * cin;
  const g = new Float32Array(rows.taps * cols.taps * cout * outChannels);
  for (let uy = 0; uy < rows.taps; uy++) {
    for (let ry = 0; ry < rows.block; ry++) {
      const fromRow = rows.sources[uy * rows.block + ry] as number;
      if (fromRow < 0) continue;
      for (let ux = 0; ux < cols.taps; ux++) {
        for (let rx = 0; rx < cols.block; rx++) {
          const fromCol = cols.sources[ux * cols.block + rx] as number;
          if (fromCol < 0) continue;
          const src = (fromRow * kw + fromCol) * cin * cout;
          for (let co = 0; co < cout; co++) {
            const out = ((uy * cols.taps + ux) * cout + co) * outChannels + (ry * cols.block + rx) * cin;
            for (let ci = 0; ci < cin; ci++) g[out + ci] = w[src + ci * cout + co] as number;
          }
        }
      }
    }
  }
  return { values: g, shape: [rows.taps, cols.taps, cout, outChannels] };
}

/** The taps of a depthwise sub-filter a phase uses: how many per axis, after leaving out the first skipRows / skipCols. */
export interface PhaseWindow {
  rows: number;
  cols: number;
  skipRows: number;
  skipCols: number;
}

/**
 * The taps of block position (ry, rx) a depthwise convolution uses: those that apply a forward tap
 * where they form a square the padding allows (XNNPACK has fast depthwise kernels for 1x1, 2x2, 3x3
 * and 5x5 filters, not for 1x2 or 2x1), else all.
 */
export function phaseWindow(rows: AxisGeometry, cols: AxisGeometry, ry: number, rx: number): PhaseWindow {
  const r = zeroTaps(rows, ry);
  const c = zeroTaps(cols, rx);
  const height = rows.taps - r.leading - r.trailing;
  const width = cols.taps - c.leading - c.trailing;
  const fits = r.leading <= rows.padBefore && r.trailing <= rows.padAfter && c.leading <= cols.padBefore && c.trailing <= cols.padAfter;
  if (height === width && fits) return { rows: height, cols: width, skipRows: r.leading, skipCols: c.leading };
  return { rows: rows.taps, cols: cols.taps, skipRows: 0, skipCols: 0 };
}

/**
 * Depthwise filter W [kh, kw, c, m] -> the sub-filter of block position (ry, rx) as a depthwise filter
 * [window.rows, window.cols, c*m, 1]: G[vy, vx, k, 0] = W[rows.sources[vy + skipRows, ry], cols.sources[vx + skipCols, rx], k].
 */
export function phaseDepthwiseFilter(
  w: Float32Array, shape: readonly number[], rows: AxisGeometry, cols: AxisGeometry, ry: number, rx: number, window: PhaseWindow,
): Filter {
  const [, kw, c, m] = shape as [number, number, number, number];
  const channels = c * m;
  const g = new Float32Array(window.rows * window.cols * channels);
  for (let vy = 0; vy < window.rows; vy++) {
    const fromRow = rows.sources[(vy + window.skipRows) * rows.block + ry] as number;
    if (fromRow < 0) continue;
    for (let vx = 0; vx < window.cols; vx++) {
      const fromCol = cols.sources[(vx + window.skipCols) * cols.block + rx] as number;
      if (fromCol < 0) continue;
      const src = (fromRow * kw + fromCol) * channels;
      g.set(w.subarray(src, src + channels), (vy * window.cols + vx) * channels);
    }
  }
  return { values: g, shape: [window.rows, window.cols, channels, 1] };
}

/** The taps [rowStart, rowStart + rows) x [colStart, colStart + cols) of a filter [kh, kw, ...] (its other axes kept). */
export function tapWindow(filter: Filter, rowStart: number, rows: number, colStart: number, cols: number): Filter {
  const [, kw, ...rest] = filter.shape as [number, number, ...number[]];
  const perTap = rest.reduce((a, b) => a * b, 1);
  const g = new Float32Array(rows * cols * perTap);
  for (let y = 0; y < rows; y++) {
    const from = ((rowStart + y) * kw + colStart) * perTap;
    g.set(filter.values.subarray(from, from + cols * perTap), y * cols * perTap);
  }
  return { values: g, shape: [rows, cols, ...rest] };
}
