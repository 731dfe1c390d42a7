// What the text flow shows: the class probabilities of the sentence, the sign legend, and per method
// the words highlighted by tokenHighlights (red: for the class, blue: against it, opacity |a| / max),
// each word's value on hover (title) and, in full precision, in its data-value attribute.
import { tokenHighlights } from 'tfjs-saliency';
import { element } from '../ui/dom.ts';
import type { TextExplanation, TextMethod, TextPrediction } from './text-protocol.ts';

/** The class probabilities, most probable first, the explained class marked. */
export function predictionLine(prediction: TextPrediction, labels: readonly string[], target: number): HTMLElement {
  const order = prediction.probabilities.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  const items = order.map(({ p, i }) =>
    element('li', { className: i === target ? 'explained' : '', textContent: `${labels[i] ?? `class ${i}`}: ${p.toFixed(4)}` }),
  );
  const remarks = [
    prediction.unknownWords.length > 0 ? `not in the vocabulary (read as unknown): ${prediction.unknownWords.join(', ')}` : '',
    prediction.truncated ? `only the first ${prediction.words.length} words are read` : '',
  ].filter((r) => r !== '');
  return element('div', {}, [element('ol', { id: 'text-probabilities' }, items), ...remarks.map((r) => element('p', { className: 'hint', textContent: r }))]);
}

/** The sign legend: what the colours and their strength mean. */
export function signLegend(label: string): HTMLElement {
  const swatch = (colour: string, text: string): HTMLElement => {
    const span = element('span', { className: 'token', textContent: text });
    span.style.background = colour;
    return span;
  };
  return element('p', { className: 'text-legend' }, [
    swatch('rgba(214, 39, 40, 0.8)', `for ${label}`),
    ' ',
    swatch('rgba(31, 119, 180, 0.8)', `against ${label}`),
    ' stronger colour = larger share of the largest |value| in the row; hover a word for its value.',
  ]);
}

/** One method's row: its title, the highlighted words, and their sum (with the completeness residual when reported). */
export function explanationRow(method: TextMethod, words: readonly string[], result: TextExplanation): HTMLElement {
  const spans = tokenHighlights(words, result.scores).map((t) => {
    const span = element('span', { className: 'token', title: `${t.word}: ${t.score.toPrecision(4)}`, textContent: t.word });
    span.style.background = t.background;
    span.dataset['value'] = String(t.score);
    return span;
  });
  const sum = result.scores.reduce((a, b) => a + b, 0);
  const delta = result.delta === undefined ? '' : `, completeness residual ${result.delta.toExponential(1)}`;
  const row = element('article', { className: 'text-row' }, [
    element('h3', { textContent: method.label, title: `${method.summary} ${method.how}.` }),
    element('p', { className: 'tokens' }, spans.flatMap((s, i) => (i === 0 ? [s] : [' ', s]))),
    element('p', { className: 'hint', textContent: `sum ${sum.toFixed(4)}${delta}; ${method.how}${result.notes.length > 0 ? `; ${result.notes.join('; ')}` : ''}` }),
  ]);
  row.dataset['method'] = method.method;
  return row;
}

/** A row for a method that is waiting, running or failed. */
export function statusRow(method: TextMethod, text: string): HTMLElement {
  return element('article', { className: 'text-row' }, [element('h3', { textContent: method.label }), element('p', { className: 'hint', textContent: text })]);
}
