import { assertRgbaImage, type RgbaImage } from '../core/image.ts';
import { LINE_HEIGHT, textWidth } from './font.ts';
import { filledImage, pasteImage } from './pixels.ts';
import { assertInteger, withDefaults } from './options.ts';
import { assertTextStyle, DEFAULT_TEXT_STYLE, drawText, type TextStyle, wrapText } from './text.ts';

/** One picture of a grid and the caption printed under it. */
export interface GridCell {
  readonly image: RgbaImage;
  /** Printed under the picture, wrapped to its column. Default: none. */
  readonly caption?: string;
}

/** Options of {@link renderGrid}; each default is in {@link DEFAULT_GRID}. */
export interface GridOptions extends TextStyle {
  /** Pictures per row. Default: all in one row, at most 4. */
  readonly columns?: number;
  /** Heading printed above the grid. Default: none. */
  readonly title?: string;
  /** Pixels around and between cells. Default 8. */
  readonly padding?: number;
  /** Lines a caption may use before it is cut with `...`. Default 2. */
  readonly captionLines?: number;
}

/** Defaults of {@link GridOptions} (`columns` defaults to `min(4, cells.length)`). */
export const DEFAULT_GRID = { ...DEFAULT_TEXT_STYLE, padding: 8, captionLines: 2 } as const;

/**
 * Lays pictures out in a grid, left to right and top to bottom, each centred in a cell as wide as
 * the widest picture of its column and as tall as the tallest of its row, with its caption under it
 * and an optional title on top: one picture, pure pixels.
 */
export function renderGrid(cells: readonly GridCell[], options: GridOptions = {}): RgbaImage {
  if (!Array.isArray(cells) || cells.length === 0) throw new RangeError('cells: expected at least one picture');
  cells.forEach((cell, i) => assertRgbaImage(cell.image, `cells[${i}].image`));
  const settings = withDefaults({ ...DEFAULT_GRID, columns: Math.min(4, cells.length) }, options);
  const { columns, padding, textScale: scale, captionLines, background, textColour } = settings;
  assertInteger('columns', columns, 1);
  assertInteger('padding', padding, 0);
  assertInteger('captionLines', captionLines, 0);
  assertTextStyle(settings);

  const rows = Math.ceil(cells.length / columns);
  const at = (row: number, column: number): GridCell | undefined => cells[row * columns + column];
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...Array.from({ length: rows }, (_, r) => at(r, c)?.image.width ?? 0)),
  );
  const captions = cells.map((cell, i) => wrapText(cell.caption ?? '', widths[i % columns] as number, scale, captionLines));
  const lineHeight = LINE_HEIGHT * scale;
  const heights = Array.from({ length: rows }, (_, r) =>
    Math.max(...Array.from({ length: columns }, (_, c) => at(r, c)?.image.height ?? 0)),
  );
  const captionHeights = Array.from({ length: rows }, (_, r) =>
    Math.max(...captions.slice(r * columns, (r + 1) * columns).map((lines) => lines.length)) * lineHeight,
  );
  const titleLines = settings.title ? wrapText(settings.title, Number.MAX_SAFE_INTEGER, scale) : [];
  const titleHeight = titleLines.length > 0 ? titleLines.length * lineHeight + padding : 0;
  const width = padding + widths.reduce((sum, w) => sum + w + padding, 0);
  const titleWidth = Math.max(0, ...titleLines.map((line) => textWidth(line, scale) + 2 * padding));
  const canvas = filledImage(
    Math.max(width, titleWidth),
    padding + titleHeight + heights.reduce((sum, h, r) => sum + h + (captionHeights[r] as number) + padding, 0),
    background,
  );
  titleLines.forEach((line, i) => drawText(canvas, line, padding, padding + i * lineHeight, textColour, scale));

  let top = padding + titleHeight;
  for (let r = 0; r < rows; r++) {
    let left = padding;
    for (let c = 0; c < columns; c++) {
      const cell = at(r, c);
      const cellWidth = widths[c] as number;
      if (cell) {
        const { image } = cell;
        pasteImage(canvas, image, left + Math.floor((cellWidth - image.width) / 2), top + Math.floor(((heights[r] as number) - image.height) / 2));
        (captions[r * columns + c] as string[]).forEach((line, i) => {
          const x = left + Math.floor((cellWidth - textWidth(line, scale)) / 2);
          drawText(canvas, line, x, top + (heights[r] as number) + 2 * scale + i * lineHeight, textColour, scale);
        });
      }
      left += cellWidth + padding;
    }
    top += (heights[r] as number) + (captionHeights[r] as number) + padding;
  }
  return canvas;
}

