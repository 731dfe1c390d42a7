import { type Colormap, COLORMAP_SIZE, tableColormap } from '../colormap.ts';
import { evenlySpaced, type SegmentData, segmentedColourTable, truncatedBytes } from './linear-segmented.ts';

/** matplotlib's `_jet_data` (`matplotlib/_cm.py`). */
export const JET_SEGMENTS: SegmentData = {
  red: [[0, 0, 0], [0.35, 0, 0], [0.66, 1, 1], [0.89, 1, 1], [1, 0.5, 0.5]],
  green: [[0, 0, 0], [0.125, 0, 0], [0.375, 1, 1], [0.64, 1, 1], [0.91, 0, 0], [1, 0, 0]],
  blue: [[0, 0.5, 0.5], [0.11, 1, 1], [0.34, 1, 1], [0.65, 0, 0], [1, 0, 0]],
};

/** matplotlib's `bwr`: blue (0), white (0.5), red (1), the diverging map for signed values. */
export const BWR_SEGMENTS: SegmentData = evenlySpaced([[0, 0, 1], [1, 1, 1], [1, 0, 0]]);

/** matplotlib's `gray`: black to white. */
export const GRAY_SEGMENTS: SegmentData = evenlySpaced([[0, 0, 0], [1, 1, 1]]);

const fromSegments = (data: SegmentData): Colormap =>
  tableColormap(truncatedBytes(segmentedColourTable(data, COLORMAP_SIZE)));

/** matplotlib's `jet` (the keras-vis colormap), bytes truncated as `np.uint8(cm.jet(x)[..., :3] * 255)`. */
export const jet: Colormap = fromSegments(JET_SEGMENTS);

/**
 * Diverging red-white-blue for signed maps (matplotlib's `bwr`): t = 0 is blue (most negative),
 * t = 0.5 white (zero), t = 1 red (most positive). Map a value v in [-1, 1] with t = (v + 1) / 2.
 */
export const bwr: Colormap = fromSegments(BWR_SEGMENTS);

/** matplotlib's `gray`: black at t = 0 to white at t = 1. */
export const gray: Colormap = fromSegments(GRAY_SEGMENTS);
