/**
 * Geometry of an input gradient computed as a forward convolution, along one spatial axis.
 *
 * Forward: y[o] = sum over t of x[o*stride + t*dilation - padBefore] * w[t]. Its input gradient is a
 * correlation of dy with the flipped filter. With stride s > 1 the input positions split into s
 * phases j = q*s + r; phase r is a correlation of dy with the sub-filter w[r], w[r+s], ..., flipped,
 * so one convolution with all s sub-filters side by side gives every phase ("polyphase").
 */
export interface AxisGeometry {
  /** Taps of the (sub-)filter along this axis. */
  taps: number;
  /** Zeros before dy along this axis. */
  padBefore: number;
  /** Zeros after dy along this axis. */
  padAfter: number;
  /** Positions per phase the convolution produces (after interleaving: positions * stride). */
  positions: number;
  /** Leading positions of the interleaved result to drop (the forward pass's padding). */
  crop: number;
}

/**
 * Returns the geometry for input length `input`, filter length `filter`, `stride`, `dilation`,
 * forward padding before `padBefore` and forward output length `output`; null when it cannot be
 * expressed this way (explicit padding wider than the filter, or stride and dilation both > 1).
 */
export function axisGeometry(
  input: number,
  filter: number,
  stride: number,
  dilation: number,
  padBefore: number,
  output: number,
): AxisGeometry | null {
  if (stride === 1) {
    const effective = (filter - 1) * dilation + 1;
    const before = effective - 1 - padBefore;
    const after = input - output + padBefore;
    if (before < 0 || after < 0) return null;
    return { taps: filter, padBefore: before, padAfter: after, positions: input, crop: 0 };
  }
  if (dilation !== 1) return null;
  const taps = Math.ceil(filter / stride);
  const positions = Math.max(output, Math.ceil((input + padBefore) / stride));
  return { taps, padBefore: taps - 1, padAfter: positions - output, positions, crop: padBefore };
}
