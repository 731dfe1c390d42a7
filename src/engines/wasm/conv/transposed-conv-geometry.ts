/**
 * Geometry of an input gradient computed as a forward convolution of dy, along one spatial axis.
 *
 * Forward: y[o] = sum over t of x[o*stride + t*dilation - pad] * w[t], so dx[i] is the sum of
 * dy[o] * w[t] over o*stride + t*dilation = i + pad. The input positions are computed in blocks of
 * `block` = stride * multiplier consecutive ones: position r of block j sums dy[j*multiplier + e] *
 * w[r - stride*e] over a few offsets e, so one convolution of dy with stride `multiplier` and the
 * sub-filters of all r side by side gives every position ("polyphase"; for stride 1 and multiplier 1
 * it is the flipped filter). Blocks longer than the stride give XNNPACK's GEMM more output channels
 * where the forward input has few, at the price of some zero taps.
 */
export interface AxisGeometry {
  /** Taps of the convolution over dy. */
  taps: number;
  /** Its dilation: the forward one for stride 1 and multiplier 1, else 1. */
  dilation: number;
  /** Its stride over dy (the multiplier). */
  stride: number;
  /** Input positions per output position of the convolution. */
  block: number;
  /** The forward tap that tap u of the convolution applies at block position r: sources[u*block + r], -1 for none. */
  sources: Int32Array;
  /** Zeros before dy along this axis. */
  padBefore: number;
  /** Zeros after dy along this axis. */
  padAfter: number;
  /** Output positions of the convolution (input positions after interleaving: positions * block). */
  positions: number;
  /** Leading input positions of the interleaved result to drop (what remains of the forward padding). */
  crop: number;
}

/**
 * Returns the geometry for input length `input`, filter length `filter`, `stride`, `dilation`,
 * forward padding before `padBefore`, forward output length `output` and blocks of
 * stride * `multiplier` positions; null when stride (or multiplier) and dilation are both > 1.
 */
export function axisGeometry(
  input: number,
  filter: number,
  stride: number,
  dilation: number,
  padBefore: number,
  output: number,
  multiplier = 1,
): AxisGeometry | null {
  if (dilation > 1 && (stride > 1 || multiplier > 1)) return null;
  const block = stride * multiplier;
  // Position r of block j, dx[block*j + r], receives dy[o] * w[t] for o*stride + t*dilation =
  // block*j + r + padBefore, that is o = multiplier*j + shift + e with e = (r + phase - t*dilation) / stride.
  const shift = Math.floor(padBefore / stride);
  const phase = padBefore - shift * stride;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < block; r++) {
    for (let t = 0; t < filter; t++) {
      const q = r + phase - t * dilation;
      if (q % stride !== 0) continue;
      lo = Math.min(lo, q / stride);
      hi = Math.max(hi, q / stride);
    }
  }
  // Dilated taps are `dilation` offsets apart: the convolution keeps the dilation.
  const step = dilation;
  const taps = dilation > 1 ? filter : hi - lo + 1;
  const sources = new Int32Array(taps * block);
  for (let u = 0; u < taps; u++) {
    for (let r = 0; r < block; r++) {
      const q = r + phase - stride * (lo + u * step);
      const t = q / dilation;
      sources[u * block + r] = Number.isInteger(t) && t >= 0 && t < filter ? t : -1;
    }
  }
  // Output j of the convolution reads dy from multiplier*j + shift + lo on; where that lies before dy
  // (explicit padding wider than the filter), the convolution starts `lead` blocks early and they are cropped.
  let before = -(shift + lo);
  const lead = before < 0 ? Math.ceil(-before / multiplier) : 0;
  before += lead * multiplier;
  const span = (taps - 1) * step + 1;
  const positions = Math.max(lead + Math.ceil(input / block), Math.ceil((output + before - span) / multiplier) + 1);
  const after = (positions - 1) * multiplier + span - before - output;
  return { taps, dilation: step, stride: multiplier, block, sources, padBefore: before, padAfter: after, positions, crop: lead * block };
}

/** Leading and trailing taps of block position r that apply no forward tap (together at most taps - 1). */
export function zeroTaps(g: AxisGeometry, r: number): { leading: number; trailing: number } {
  let leading = 0;
  while (leading < g.taps - 1 && g.sources[leading * g.block + r] === -1) leading++;
  let trailing = 0;
  while (leading + trailing < g.taps - 1 && g.sources[(g.taps - 1 - trailing) * g.block + r] === -1) trailing++;
  return { leading, trailing };
}
