/**
 * Token attributions as highlighted text: each word on a background whose colour says the sign
 * (red: for the target, blue: against it) and whose opacity says the magnitude, relative to the
 * largest |attribution| of the text. Browser-safe; the CLI, the demo and the explorer use it.
 */
import type { RgbaImage } from '../core/image.ts';
import { CHARACTER_ADVANCE, GLYPH_HEIGHT } from './font.ts';
import { setPixel, type Rgba } from './pixels.ts';
import { drawText } from './text.ts';
import { escapeHtml } from './escape-html.ts';

/** One word with its attribution and the background it is drawn on. */
export interface TokenHighlight {
  readonly word: string;
  readonly score: number;
  /** CSS colour, e.g. 'rgba(214, 39, 40, 0.62)'. */
  readonly background: string;
}

/** Backgrounds for `words` from their `scores` (same length): red for positive, blue for negative, opacity |s| / max |s|. */
export function tokenHighlights(words: readonly string[], scores: ArrayLike<number>): TokenHighlight[] {
  const top = Math.max(1e-12, ...Array.from(scores, (s) => Math.abs(s)));
  return words.map((word, i) => {
    const score = scores[i] ?? 0;
    const alpha = (Math.abs(score) / top).toFixed(2);
    return { word, score, background: score >= 0 ? `rgba(214, 39, 40, ${alpha})` : `rgba(31, 119, 180, ${alpha})` };
  });
}


/** An HTML fragment: the words as highlighted spans, each with its attribution in a tooltip. */
export function tokenHighlightHtml(words: readonly string[], scores: ArrayLike<number>): string {
  const spans = tokenHighlights(words, scores).map(
    (t) => `<span title="${t.score.toPrecision(4)}" style="background:${t.background};padding:2px 4px;border-radius:3px">${escapeHtml(t.word)}</span>`,
  );
  return `<p style="font:16px/2 sans-serif">${spans.join(' ')}</p>`;
}

/** Options of {@link tokenHighlightImage}. */
export interface TokenImageOptions {
  /** Font pixel size (the 5x7 font scaled). Default 2. */
  readonly scale?: number;
  /** Widest line in pixels before words wrap. Default 640. */
  readonly maxWidth?: number;
}

/**
 * The highlighted words as a picture (white background, black 5x7 font, each word on its
 * {@link tokenHighlights} colour blended over white), wrapped to `maxWidth`: for PNG galleries.
 */
export function tokenHighlightImage(words: readonly string[], scores: ArrayLike<number>, options: TokenImageOptions = {}): RgbaImage {
  const { scale = 2, maxWidth = 640 } = options;
  const pad = 2 * scale;
  const boxHeight = (GLYPH_HEIGHT + 4) * scale;
  const boxes: { x: number; y: number; w: number; t: TokenHighlight }[] = [];
  let x = pad;
  let y = pad;
  for (const t of tokenHighlights(words, scores)) {
    const w = (t.word.length * CHARACTER_ADVANCE + 3) * scale;
    if (x > pad && x + w > maxWidth) [x, y] = [pad, y + boxHeight + pad];
    boxes.push({ x, y, w, t });
    x += w + pad;
  }
  const width = Math.max(...boxes.map((b) => b.x + b.w + pad), 1);
  const height = y + boxHeight + pad;
  const image: RgbaImage = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(255) };
  for (const { x: left, y: top, w, t } of boxes) {
    const [r, g, b, a] = (t.background.match(/[\d.]+/g) ?? []).map(Number) as [number, number, number, number];
    const colour: Rgba = [Math.round(255 + (r - 255) * a), Math.round(255 + (g - 255) * a), Math.round(255 + (b - 255) * a), 255];
    for (let py = top; py < top + boxHeight; py++) for (let px = left; px < left + w; px++) setPixel(image, px, py, colour);
    drawText(image, t.word, left + 2 * scale, top + 2 * scale, [0, 0, 0, 255], scale);
  }
  return image;
}
