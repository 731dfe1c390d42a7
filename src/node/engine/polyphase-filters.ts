/**
 * Filters for input gradients computed as forward convolutions (see transposed-conv-geometry.ts).
 * For stride 1 these are the spatially flipped filters; for strides (sy, sx) the sy*sx flipped
 * sub-filters side by side, phase p = ry*sx + rx.
 */

/** Filter tap of sub-filter tap `u` of phase `r` (per axis); -1 when it lies outside the filter. */
function sourceTap(u: number, r: number, taps: number, stride: number, size: number): number {
  const t = r + (taps - 1 - u) * stride;
  return t < size ? t : -1;
}

/** Strides of a convolution along rows and columns. */
export type Strides = readonly [number, number];

/** Where one tap of the polyphase filter comes from: sub-filter tap (uy, ux) of phase p = filter tap (fromRow, fromCol). */
interface PolyphaseTap { uy: number; ux: number; p: number; fromRow: number; fromCol: number }

/** The polyphase layout of a kh x kw filter at strides (sy, sx): its size and every tap inside the filter. */
function polyphaseTaps(kh: number, kw: number, [sy, sx]: Strides): { ty: number; tx: number; phases: number; taps: PolyphaseTap[] } {
  const ty = Math.ceil(kh / sy);
  const tx = Math.ceil(kw / sx);
  const taps: PolyphaseTap[] = [];
  for (let uy = 0; uy < ty; uy++) {
    for (let ux = 0; ux < tx; ux++) {
      for (let ry = 0; ry < sy; ry++) {
        const fromRow = sourceTap(uy, ry, ty, sy, kh);
        for (let rx = 0; rx < sx; rx++) {
          const fromCol = sourceTap(ux, rx, tx, sx, kw);
          if (fromRow >= 0 && fromCol >= 0) taps.push({ uy, ux, p: ry * sx + rx, fromRow, fromCol });
        }
      }
    }
  }
  return { ty, tx, phases: sy * sx, taps };
}

/**
 * Conv2D filter W [kh, kw, cin, cout] -> G [ty, tx, cout, sy*sx*cin] with
 * G[uy, ux, co, p*cin + ci] = W[ry + (ty-1-uy)*sy, rx + (tx-1-ux)*sx, ci, co] (0 outside W).
 */
export function polyphaseConvFilter(w: Float32Array, shape: readonly number[], strides: Strides): { values: Float32Array; shape: number[] } {
  const [kh, kw, cin, cout] = shape as [number, number, number, number];
  const { ty, tx, phases, taps } = polyphaseTaps(kh, kw, strides);
  const g = new Float32Array(ty * tx * cout * phases * cin);
  for (const { uy, ux, p, fromRow, fromCol } of taps) {
    for (let co = 0; co < cout; co++) {
      const out = (((uy * tx + ux) * cout + co) * phases + p) * cin;
      const src = (fromRow * kw + fromCol) * cin * cout + co;
      for (let ci = 0; ci < cin; ci++) g[out + ci] = w[src + ci * cout] as number;
    }
  }
  return { values: g, shape: [ty, tx, cout, phases * cin] };
}

/**
 * Depthwise filter W [kh, kw, c, m] -> G [ty, tx, c*m, sy*sx] with
 * G[uy, ux, c*m + j, p] = W[ry + (ty-1-uy)*sy, rx + (tx-1-ux)*sx, c, j] (0 outside W).
 */
export function polyphaseDepthwiseFilter(w: Float32Array, shape: readonly number[], strides: Strides): { values: Float32Array; shape: number[] } {
  const [kh, kw, c, m] = shape as [number, number, number, number];
  const { ty, tx, phases, taps } = polyphaseTaps(kh, kw, strides);
  const channels = c * m;
  const g = new Float32Array(ty * tx * channels * phases);
  for (const { uy, ux, p, fromRow, fromCol } of taps) {
    const src = (fromRow * kw + fromCol) * channels;
    for (let k = 0; k < channels; k++) g[((uy * tx + ux) * channels + k) * phases + p] = w[src + k] as number;
  }
  return { values: g, shape: [ty, tx, channels, phases] };
}
