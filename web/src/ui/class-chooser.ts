import { byId, element } from './dom.ts';

/**
 * Any class of the model, by number or by (part of its) name, through a search field with the class
 * list as suggestions (1,000-class models too), and an optional second class B to explain "A versus B".
 */
export class ClassChooser {
  private readonly search = byId('class-search', HTMLInputElement);
  private readonly versus = byId('versus-search', HTMLInputElement);
  private readonly list = byId('class-list', HTMLDataListElement);
  private labels: readonly string[] = [];

  /**
   * @param onClass a class was chosen to explain
   * @param onVersus a class B was chosen (undefined: none, explain A alone)
   */
  constructor(onClass: (index: number) => void, onVersus: (index: number | undefined) => void) {
    this.search.addEventListener('change', () => {
      const index = this.find(this.search.value);
      this.search.setCustomValidity(index === undefined ? 'no such class' : '');
      if (index !== undefined) onClass(index);
    });
    this.versus.addEventListener('change', () => {
      const text = this.versus.value.trim();
      const index = text === '' ? undefined : this.find(text);
      this.versus.setCustomValidity(text !== '' && index === undefined ? 'no such class' : '');
      if (text === '' || index !== undefined) onVersus(index);
    });
  }

  /** Offers the classes of `labels` (a new model or output). */
  setLabels(labels: readonly string[]): void {
    this.labels = labels;
    this.list.replaceChildren(...labels.map((label, i) => element('option', { value: entry(i, label) })));
    this.versus.value = '';
  }

  /** Shows the class explained (and class B, if any). */
  show(target: number, versus: number | undefined): void {
    this.search.value = entry(target, this.labels[target] ?? `class ${target}`);
    this.versus.value = versus === undefined ? '' : entry(versus, this.labels[versus] ?? `class ${versus}`);
  }

  /** The class `text` names: "12", "12: label", a label, or the one label that contains it. */
  find(text: string): number | undefined {
    const query = text.trim().toLowerCase();
    const numbered = /^(\d+)(:|$)/.exec(query);
    if (numbered !== null) {
      const index = Number(numbered[1]);
      return index < this.labels.length ? index : undefined;
    }
    const exact = this.labels.findIndex((label) => label.toLowerCase() === query);
    if (exact >= 0) return exact;
    const partial = this.labels.flatMap((label, i) => (label.toLowerCase().includes(query) ? [i] : []));
    return partial.length === 1 ? partial[0] : undefined;
  }
}

function entry(index: number, label: string): string {
  return `${index}: ${label}`;
}
