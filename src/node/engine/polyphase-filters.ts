/**
 * Filters for input gradients computed as forward convolutions (see transposed-conv-geometry.ts).
 * For stride 1 these are the spatially flipped filters; for stride s the s*s flipped sub-filters
 * side by side, phase p = ry*s + rx.
 */

/** Filter tap of sub-filter tap `u` of phase `r` (per axis); -1 when it lies outside the filter. */
function sourceTap(u: number, r: number, taps: number, stride: number, size: number): number {
  const t = r + (taps - 1 - u) * stride;
  return t < size ? t : -1;
}

/**
 * Conv2D filter W [kh, kw, cin, cout] -> G [ty, tx, cout, s*s*cin] with
 * G[uy, ux, co, p*cin + ci] = W[ry + (ty-1-uy)*s, rx + (tx-1-ux)*s, ci, co] (0 outside W).
 */
export function polyphaseConvFilter(w: Float32Array, shape: readonly number[], stride: number): { values: Float32Array; shape: number[] } {
  const [kh, kw, cin, cout] = shape as [number, number, number, number];
  const ty = Math.ceil(kh / stride);
  const tx = Math.ceil(kw / stride);
  const phases = stride * stride;
  const g = new Float32Array(ty * tx * cout * phases * cin);
  for (let uy = 0; uy < ty; uy++) {
    for (let ux = 0; ux < tx; ux++) {
      for (let ry = 0; ry < stride; ry++) {
        const sy = sourceTap(uy, ry, ty, stride, kh);
        if (sy < 0) continue;
        for (let rx = 0; rx < stride; rx++) {
          const sx = sourceTap(ux, rx, tx, stride, kw);
          if (sx < 0) continue;
          const p = ry * stride + rx;
          for (let co = 0; co < cout; co++) {
            const out = (((uy * tx + ux) * cout + co) * phases + p) * cin;
            const src = (sy * kw + sx) * cin * cout + co;
            for (let ci = 0; ci < cin; ci++) g[out + ci] = w[src + ci * cout] as number;
          }
        }
      }
    }
  }
  return { values: g, shape: [ty, tx, cout, phases * cin] };
}

/**
 * Depthwise filter W [kh, kw, c, m] -> G [ty, tx, c*m, s*s] with
 * G[uy, ux, c*m + j, p] = W[ry + (ty-1-uy)*s, rx + (tx-1-ux)*s, c, j] (0 outside W).
 */
export function polyphaseDepthwiseFilter(w: Float32Array, shape: readonly number[], stride: number): { values: Float32Array; shape: number[] } {
  const [kh, kw, c, m] = shape as [number, number, number, number];
  const ty = Math.ceil(kh / stride);
  const tx = Math.ceil(kw / stride);
  const phases = stride * stride;
  const channels = c * m;
  const g = new Float32Array(ty * tx * channels * phases);
  for (let uy = 0; uy < ty; uy++) {
    for (let ux = 0; ux < tx; ux++) {
      for (let ry = 0; ry < stride; ry++) {
        const sy = sourceTap(uy, ry, ty, stride, kh);
        if (sy < 0) continue;
        for (let rx = 0; rx < stride; rx++) {
          const sx = sourceTap(ux, rx, tx, stride, kw);
          if (sx < 0) continue;
          const p = ry * stride + rx;
          const src = (sy * kw + sx) * channels;
          for (let k = 0; k < channels; k++) g[((uy * tx + ux) * channels + k) * phases + p] = w[src + k] as number;
        }
      }
    }
  }
  return { values: g, shape: [ty, tx, channels, phases] };
}
