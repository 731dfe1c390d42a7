/**
 * Token attributions as highlighted text: each word on a background whose colour says the sign
 * (red: for the target, blue: against it) and whose opacity says the magnitude, relative to the
 * largest |attribution| of the text. Browser-safe; the CLI, the demo and the explorer use it.
 */

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

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** An HTML fragment: the words as highlighted spans, each with its attribution in a tooltip. */
export function tokenHighlightHtml(words: readonly string[], scores: ArrayLike<number>): string {
  const spans = tokenHighlights(words, scores).map(
    (t) => `<span title="${t.score.toPrecision(4)}" style="background:${t.background};padding:2px 4px;border-radius:3px">${escapeHtml(t.word)}</span>`,
  );
  return `<p style="font:16px/2 sans-serif">${spans.join(' ')}</p>`;
}
