import type { RgbaImage } from '../core/image.ts';
import { COLORMAP_SIZE, colourIndex, sampleColormap } from './colormap.ts';
import { type ColormapChoice, resolveColormap } from './colormaps/index.ts';
import { GLYPH_HEIGHT, textWidth } from './font.ts';
import { filledImage } from './pixels.ts';
import { assertInteger, withDefaults } from './options.ts';
import { assertTextStyle, DEFAULT_TEXT_STYLE, drawText, type TextStyle } from './text.ts';

/** Options of {@link renderColorbar}; each default is in {@link DEFAULT_COLORBAR}. */
export interface ColorbarOptions extends TextStyle {
  /** Default `'jet'`. */
  readonly colormap?: ColormapChoice;
  /** Values at the two ends, printed as labels. Default `[0, 1]`. */
  readonly range?: readonly [number, number];
  /** `'vertical'` (low at the bottom, labels on the right) or `'horizontal'` (low on the left, labels below). Default `'vertical'`. */
  readonly orientation?: 'vertical' | 'horizontal';
  /** Pixels along the colour axis. Default 256. */
  readonly length?: number;
  /** Pixels across the bar. Default 16. */
  readonly thickness?: number;
  /** Number of labelled values, spread evenly from low to high (0 for none, otherwise at least 2). Default 3. */
  readonly ticks?: number;
}

/** Defaults of {@link ColorbarOptions}. */
export const DEFAULT_COLORBAR = {
  colormap: 'jet',
  range: [0, 1] as readonly [number, number],
  orientation: 'vertical',
  length: 256,
  thickness: 16,
  ticks: 3,
  ...DEFAULT_TEXT_STYLE,
} as const;

/**
 * A colour bar: the colormap along `length` pixels (pixel `i` from the low end shows
 * `t = (i + 0.5) / length`), with `ticks` value labels beside it.
 */
export function renderColorbar(options: ColorbarOptions = {}): RgbaImage {
  const s = withDefaults(DEFAULT_COLORBAR, options) as Required<ColorbarOptions>;
  const [low, high] = s.range;
  if (!(Number.isFinite(low) && Number.isFinite(high) && high > low)) throw new RangeError(`range: expected finite low < high, got [${low}, ${high}]`);
  assertInteger('length', s.length, 2);
  assertInteger('thickness', s.thickness, 1);
  if (!Number.isInteger(s.ticks) || s.ticks === 1 || s.ticks < 0) throw new RangeError(`ticks: expected 0 or an integer >= 2, got ${s.ticks}`);
  if (s.orientation !== 'vertical' && s.orientation !== 'horizontal') {
    throw new RangeError(`orientation: expected 'vertical' or 'horizontal', got '${String(s.orientation)}'`);
  }
  assertTextStyle(s);

  const vertical = s.orientation === 'vertical';
  const labels = Array.from({ length: s.ticks }, (_, k) => formatTick(low + ((high - low) * k) / (s.ticks - 1)));
  const glyphHeight = GLYPH_HEIGHT * s.textScale;
  const labelSpace = labels.length === 0 ? 0 : vertical ? 4 + Math.max(...labels.map((l) => textWidth(l, s.textScale))) : 4 + glyphHeight;
  const margin = labels.length === 0 ? 0 : vertical ? Math.ceil(glyphHeight / 2) : Math.ceil(Math.max(...labels.map((l) => textWidth(l, s.textScale))) / 2);
  const image = vertical
    ? filledImage(s.thickness + labelSpace, s.length + 2 * margin, s.background)
    : filledImage(s.length + 2 * margin, s.thickness + labelSpace, s.background);

  const table = sampleColormap(resolveColormap(s.colormap));
  for (let i = 0; i < s.length; i++) {
    const entry = colourIndex((i + 0.5) / s.length, COLORMAP_SIZE);
    const colour = [...table.subarray(3 * entry, 3 * entry + 3), 255];
    for (let j = 0; j < s.thickness; j++) {
      const [x, y] = vertical ? [j, margin + s.length - 1 - i] : [margin + i, j];
      image.data.set(colour, (y * image.width + x) * 4);
    }
  }
  labels.forEach((label, k) => {
    const along = Math.round(((s.length - 1) * k) / (s.ticks - 1));
    if (vertical) {
      drawText(image, label, s.thickness + 4, margin + s.length - 1 - along - Math.floor(glyphHeight / 2), s.textColour, s.textScale);
    } else {
      drawText(image, label, margin + along - Math.floor(textWidth(label, s.textScale) / 2), s.thickness + 4, s.textColour, s.textScale);
    }
  });
  return image;
}

/** A short label for a tick value: up to 3 significant digits, no trailing zeros. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(2) : value.toPrecision(3);
  const [mantissa = '', exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${Number(exponent)}`;
}
