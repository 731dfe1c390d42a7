/** A gallery figure made of rows of captioned pictures, rendered into one PNG. */
import { renderGrid, type RgbaImage } from '../src/index.ts';
import type { ImageFigure } from '../src/node/index.ts';

/** One picture of a figure row. */
export interface FigureCell {
  readonly image: RgbaImage;
  readonly caption?: string;
}

/**
 * Lays `rows` (all of one length) out as one grid picture with `title` on top, to be saved as
 * `file` with the gallery caption `caption`.
 */
export function gridFigure(file: string, rows: readonly (readonly FigureCell[])[], title: string, caption: string): ImageFigure {
  const columns = rows[0]?.length ?? 0;
  if (columns === 0 || rows.some((row) => row.length !== columns)) {
    throw new RangeError(`rows: expected rows of one non-zero length, got lengths ${rows.map((row) => row.length).join(', ')}`);
  }
  return { file, image: renderGrid(rows.flat(), { columns, title }), caption, alt: `${title}: ${caption}` };
}
