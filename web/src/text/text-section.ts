// The text flow's part of the page, built here rather than in index.html so that the image flow's
// markup stays as it is: the sentence box with example sentences, the methods to run, Explain /
// Cancel / progress, the class explained, the probabilities, the legend and one row per method.
import { element } from '../ui/dom.ts';
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
