import type { RgbaImage } from '../core/image.ts';
import { CHARACTER_ADVANCE, GLYPH_WIDTH, glyphRows } from './font.ts';
import { assertRgba, type Rgba, setPixel } from './pixels.ts';
import { assertInteger } from './options.ts';

/**
 * Draws one line of `text` into `target` with the built-in 5x7 font, its top-left corner at
 * (`left`, `top`), each font pixel a `scale` x `scale` block (default 1) of `colour`. Pixels outside
 * `target` are skipped.
 */
export function drawText(target: RgbaImage, text: string, left: number, top: number, colour: Rgba, scale = 1): void {
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale: expected a positive integer, got ${scale}`);
  [...text].forEach((character, index) => {
    const rows = glyphRows(character);
    const x0 = left + index * CHARACTER_ADVANCE * scale;
    for (let row = 0; row < rows.length; row++) {
      for (let column = 0; column < GLYPH_WIDTH; column++) {
        if (((rows[row] as number) >> (GLYPH_WIDTH - 1 - column)) & 1) {
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) setPixel(target, x0 + column * scale + dx, top + row * scale + dy, colour);
          }
        }
      }
    }
  });
}

/**
 * Breaks `text` into at most `maxLines` lines no wider than `maxWidth` pixels at `scale`: at spaces
 * where possible, inside long words otherwise; text that does not fit ends with `...`.
 */
export function wrapText(text: string, maxWidth: number, scale = 1, maxLines = Infinity): string[] {
  const perLine = Math.max(1, Math.floor((maxWidth / scale + 1) / CHARACTER_ADVANCE));
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > 0) {
      const joined = current ? `${current} ${rest}` : rest;
      if ([...joined].length <= perLine) {
        current = joined;
        rest = '';
      } else if (current) {
        lines.push(current);
        current = '';
      } else {
        lines.push([...rest].slice(0, perLine).join(''));
        rest = [...rest].slice(perLine).join('');
      }
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = [...(kept[maxLines - 1] as string)];
  kept[maxLines - 1] = `${last.slice(0, Math.min(last.length, Math.max(0, perLine - 3))).join('')}...`;
  return kept;
}

/** Colours and size of text on a picture (grids, colour bars). */
export interface TextStyle {
  /** Size of a font pixel, a positive integer. Default 1 (5x7-pixel letters). */
  readonly textScale?: number;
  /** Default opaque white. */
  readonly background?: Rgba;
  /** Default opaque black. */
  readonly textColour?: Rgba;
}

/** Defaults of {@link TextStyle}. */
export const DEFAULT_TEXT_STYLE = {
  textScale: 1,
  background: [255, 255, 255, 255] as Rgba,
  textColour: [0, 0, 0, 255] as Rgba,
} as const;

/** Checks a resolved {@link TextStyle}, naming the bad option. */
export function assertTextStyle(style: Required<TextStyle>): void {
  assertInteger('textScale', style.textScale, 1);
  assertRgba(style.background, 'background');
  assertRgba(style.textColour, 'textColour');
}
