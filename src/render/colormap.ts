/** An RGB colour, three bytes 0..255. */
export type Rgb = readonly [number, number, number];

/**
 * A colormap: a pure function from `t` in [0, 1] to a colour. Values outside [0, 1] are clamped,
 * NaN counts as 0. Every built-in colormap is a 256-entry table looked up as matplotlib does:
 * entry `min(255, floor(t * 256))`.
 */
export type Colormap = (t: number) => Rgb;

/** Number of entries in every built-in colormap table (matplotlib's default `N`). */
export const COLORMAP_SIZE = 256;

/**
 * A {@link Colormap} over a flat table of RGB bytes (`table.length / 3` colours, first for t = 0):
 * `t` picks entry `min(n - 1, floor(t * n))`, as matplotlib's `Colormap.__call__` does.
 */
export function tableColormap(table: Uint8Array): Colormap {
  if (table.length === 0 || table.length % 3 !== 0) {
    throw new RangeError(`table: expected a non-empty multiple of 3 bytes (R, G, B per entry), got ${table.length}`);
  }
  const size = table.length / 3;
  const colours: Rgb[] = Array.from({ length: size }, (_, i) => [
    table[3 * i] as number,
    table[3 * i + 1] as number,
    table[3 * i + 2] as number,
  ]);
  return (t) => colours[colourIndex(t, size)] as Rgb;
}

/** Index of the table entry that `t` selects in a table of `size` entries (clamped; NaN -> 0). */
export function colourIndex(t: number, size: number): number {
  if (!(t > 0)) return 0;
  return Math.min(size - 1, Math.floor(t * size));
}

/**
 * Samples any {@link Colormap} into a flat RGB byte table of `size` entries (default
 * {@link COLORMAP_SIZE}), each taken at the centre of its bin, so rendering is one lookup a pixel.
 */
export function sampleColormap(colormap: Colormap, size = COLORMAP_SIZE): Uint8Array {
  const table = new Uint8Array(size * 3);
  for (let i = 0; i < size; i++) table.set(colormap((i + 0.5) / size), 3 * i);
  return table;
}
