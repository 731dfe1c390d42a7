// The text flow's part of the page, built here rather than in index.html so that the image flow's
// markup stays as it is: the sentence box with example sentences, the methods to run, Explain /
// Cancel / progress, the class explained, the probabilities, the legend and one row per method.
import type { BundledTextModel } from 'virtual:bundled-text';
import { element } from '../ui/dom.ts';
import type { TextModelInfo } from './text-protocol.ts';
import './text.css';

/** The elements of the text section. */
export interface TextSection {
  readonly root: HTMLElement;
  readonly title: HTMLElement;
  readonly about: HTMLElement;
  readonly form: HTMLFormElement;
  readonly sentence: HTMLInputElement;
  readonly examples: HTMLElement;
  readonly classChoice: HTMLSelectElement;
  readonly methods: HTMLElement;
  readonly hidden: HTMLElement;
  readonly run: HTMLButtonElement;
  readonly cancel: HTMLButtonElement;
  readonly progress: HTMLProgressElement;
  readonly status: HTMLElement;
  readonly prediction: HTMLElement;
  readonly legend: HTMLElement;
  readonly results: HTMLElement;
}

/** Builds the (hidden until a text model opens) section and appends it to the page's main area. */
export function buildTextSection(): TextSection {
  const $ = <K extends keyof HTMLElementTagNameMap>(tag: K, id: string, properties: Partial<HTMLElementTagNameMap[K]> = {}) => element(tag, { id, ...properties });
  const sentence = $('input', 'text-sentence', { type: 'text', placeholder: 'type a sentence', autocomplete: 'off', spellcheck: false });
  sentence.setAttribute('aria-label', 'sentence');
  const classChoice = $('select', 'text-class');
  classChoice.setAttribute('aria-label', 'class to explain');
  const run = $('button', 'text-run', { type: 'submit', textContent: 'Explain' });
  const cancel = $('button', 'text-cancel', { type: 'button', textContent: 'Cancel', disabled: true });
  const progress = $('progress', 'text-progress', { max: 1, value: 0 });
  const status = $('span', 'text-status', { role: 'status' });
  const form = element('form', { className: 'text-form' }, [
    element('label', {}, ['Sentence ', sentence]),
    element('label', {}, ['Explain class ', classChoice]),
    run,
    cancel,
    progress,
    status,
  ]);
  const parts = {
    title: $('h2', 'text-title', { textContent: 'Text' }),
    about: $('p', 'text-about', { className: 'hint' }),
    examples: $('div', 'text-examples'),
    methods: $('div', 'text-methods'),
    hidden: $('details', 'text-hidden'),
    prediction: $('div', 'text-prediction'),
    legend: $('div', 'text-legend'),
    results: $('div', 'text-results'),
  };
  const root = element('section', { id: 'text-section' }, [
    parts.title,
    parts.about,
    form,
    parts.examples,
    parts.methods,
    parts.hidden,
    parts.prediction,
    parts.legend,
    parts.results,
  ]);
  document.querySelector('main')?.append(root);
  return { root, form, sentence, classChoice, run, cancel, progress, status, ...parts };
}

/**
 * Shows a newly opened model in `v`: its title and description, the class choice, the example
 * sentences (`onExample` explains one), the methods offered (those it starts with switched on) and
 * why the others are not. A bundled model's first example goes into the sentence box.
 */
export function showTextModel(v: TextSection, info: TextModelInfo, bundled: BundledTextModel | undefined, onExample: (sentence: string) => void): void {
  v.title.textContent = `Text: ${bundled?.label ?? info.name}`;
  v.about.textContent = `${bundled?.description ?? info.format} Reads ${info.length} tokens; vocabulary of ${info.vocabularySize} (padding '${info.pad}'${info.unknown ? `, unknown '${info.unknown}'` : ', no unknown token'}); Embedding layer '${info.embedding}'.`;
  v.classChoice.replaceChildren(element('option', { value: '', textContent: 'the predicted class' }), ...info.labels.map((l, i) => element('option', { value: String(i), textContent: l })));
  const sentences = bundled?.sentences ?? [];
  v.examples.replaceChildren(...sentences.map((s) => element('button', { type: 'button', textContent: s, onclick: () => onExample(s) })));
  if (v.sentence.value.trim() === '' || bundled !== undefined) v.sentence.value = sentences[0] ?? '';
  v.methods.replaceChildren(
    ...info.methods.map((m) => element('label', { title: `${m.summary} ${m.how}.` }, [element('input', { type: 'checkbox', checked: m.enabled, value: m.method }), ` ${m.label}`])),
  );
  v.hidden.replaceChildren(
    element('summary', { textContent: 'Why are the other methods not offered?' }),
    element('ul', {}, info.hidden.map((h) => element('li', { textContent: `${h.methods.join(', ')}: ${h.why}.` }))),
  );
}

/** Model menu values of the bundled text models: this prefix and the model's id. */
const MENU_PREFIX = 'text:';

/**
 * Adds the bundled text `models` to the model `menu` (a "Text models" group) and calls `onChoose`
 * with a model's id when one is chosen. The listener runs in the capture phase, before the image
 * flow's own (which knows only the image models), and keeps it from seeing these choices.
 */
export function offerInModelMenu(menu: HTMLSelectElement, models: readonly BundledTextModel[], onChoose: (id: string) => void): void {
  const options = models.map((m) => element('option', { value: `${MENU_PREFIX}${m.id}`, textContent: m.label, title: m.description }));
  menu.append(element('optgroup', { label: 'Text models' }, options));
  menu.addEventListener(
    'change',
    (event) => {
      if (!menu.value.startsWith(MENU_PREFIX)) return;
      event.stopImmediatePropagation();
      onChoose(menu.value.slice(MENU_PREFIX.length));
    },
    { capture: true },
  );
}
