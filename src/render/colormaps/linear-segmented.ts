/** One anchor of a matplotlib segment: `[x, value below x, value above x]`, x rising from 0 to 1. */
export type SegmentAnchor = readonly [number, number, number];

/** matplotlib `LinearSegmentedColormap` segment data: anchors per channel. */
export interface SegmentData {
  readonly red: readonly SegmentAnchor[];
  readonly green: readonly SegmentAnchor[];
  readonly blue: readonly SegmentAnchor[];
}

/**
 * matplotlib's `_create_lookup_table(n, anchors)` with gamma 1, step for step in the same float
 * arithmetic: anchors and sample points are scaled by `n - 1`, the sample points are
 * `(n - 1) * (i * (1 / (n - 1)))` as `np.linspace` makes them, and the result is clipped to [0, 1].
 */
export function segmentLookupTable(anchors: readonly SegmentAnchor[], n: number): Float64Array {
  const lut = new Float64Array(n);
  const first = anchors[0];
  const last = anchors[anchors.length - 1];
  if (!first || !last || first[0] !== 0 || last[0] !== 1) {
    throw new RangeError('anchors: segment data must start at x = 0 and end at x = 1');
  }
  const scaled = anchors.map(([x]) => x * (n - 1));
  const step = 1 / (n - 1);
  lut[0] = first[2];
  lut[n - 1] = last[1];
  for (let i = 1; i < n - 1; i++) {
    const x = (n - 1) * (i * step);
    const above = scaled.findIndex((ax) => ax >= x);
    const distance = (x - (scaled[above - 1] as number)) / ((scaled[above] as number) - (scaled[above - 1] as number));
    const below = (anchors[above - 1] as SegmentAnchor)[2];
    lut[i] = distance * ((anchors[above] as SegmentAnchor)[1] - below) + below;
  }
  return lut.map((v) => Math.min(1, Math.max(0, v)));
}

/**
 * The float RGB table (`n` rows of 3, in [0, 1]) matplotlib builds for this segment data.
 * @param n default 256
 */
export function segmentedColourTable(data: SegmentData, n = 256): Float64Array {
  const channels = [data.red, data.green, data.blue].map((anchors) => segmentLookupTable(anchors, n));
  const table = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) table[3 * i + c] = (channels[c] as Float64Array)[i] as number;
  return table;
}

/** Bytes of a float colour table as keras-vis takes them, `np.uint8(value * 255)` (truncating). */
export function truncatedBytes(table: Float64Array): Uint8Array {
  return Uint8Array.from(table, (v) => Math.trunc(v * 255));
}

/** Segment data of colours spread evenly from 0 to 1, as `LinearSegmentedColormap.from_list` builds it. */
export function evenlySpaced(colours: readonly (readonly [number, number, number])[]): SegmentData {
  const anchors = (channel: number): SegmentAnchor[] =>
    colours.map((colour, i) => {
      const v = colour[channel] as number;
      return [i / (colours.length - 1), v, v];
    });
  return { red: anchors(0), green: anchors(1), blue: anchors(2) };
}
