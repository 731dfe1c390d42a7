/**
 * The segments of one axis of a stride-1 input gradient: interior and borders, each with its taps.
 */
import type { AxisGeometry } from './transposed-conv-geometry.ts';

/**
 * A stretch of input positions of a stride-1 input gradient (a forward convolution of zero-padded
 * dy, see transposed-conv-geometry.ts) computed by one convolution over a range of dy with some of
 * the taps, along one axis.
 */
export interface AxisSegment {
  /** First input position (of dx) and how many. */
  start: number;
  count: number;
  /** The taps used: [tapStart, tapStart + taps) of the geometry's. */
  tapStart: number;
  taps: number;
  /** The range of dy read, and the zeros before and after it. */
  dyStart: number;
  dyCount: number;
  padBefore: number;
  padAfter: number;
}

/** The whole axis as one segment: every tap over all of dy with the geometry's padding. */
export function wholeAxis(g: AxisGeometry, dyLength: number): AxisSegment {
  return { start: 0, count: g.positions, tapStart: 0, taps: g.taps, dyStart: 0, dyCount: dyLength, padBefore: g.padBefore, padAfter: g.padAfter };
}

/**
 * The axis of a stride-1 geometry (block 1, nothing cropped) split into the positions whose taps
 * all read dy (no padding) and the borders before and after them, whose first (last) tap reads
 * only padding there and is left out, so the borders keep padBefore - dilation (padAfter - dilation)
 * zeros. A border stays with the middle where it has fewer zeros than the dilation; null where
 * nothing is split off or no position reads dy with every tap.
 */
export function borderSegments(g: AxisGeometry, dyLength: number): AxisSegment[] | null {
  if (g.block !== 1 || g.stride !== 1 || g.crop !== 0 || g.taps < 2) return null;
  const span = (g.taps - 1) * g.dilation;
  const splitBefore = g.padBefore >= g.dilation;
  const splitAfter = g.padAfter >= g.dilation;
  if (dyLength <= span || (!splitBefore && !splitAfter)) return null;
  const before = splitBefore ? g.padBefore : 0;
  const after = splitAfter ? g.padAfter : 0;
  const segments: AxisSegment[] = [];
  if (splitBefore) {
    segments.push({ start: 0, count: before, tapStart: 1, taps: g.taps - 1, dyStart: 0, dyCount: span, padBefore: before - g.dilation, padAfter: 0 });
  }
  segments.push({
    start: before, count: g.positions - before - after, tapStart: 0, taps: g.taps,
    dyStart: 0, dyCount: dyLength, padBefore: g.padBefore - before, padAfter: g.padAfter - after,
  });
  if (splitAfter) {
    segments.push({
      start: g.positions - after, count: after, tapStart: 0, taps: g.taps - 1,
      dyStart: dyLength - span, dyCount: span, padBefore: 0, padAfter: after - g.dilation,
    });
  }
  return segments;
}
