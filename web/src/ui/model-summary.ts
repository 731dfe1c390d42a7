import type { BundledModel } from 'virtual:bundled-assets';
import type { ModelInfo, ModelOutput } from '../protocol.ts';
import { byId, element } from './dom.ts';

/**
 * What the page says about the loaded model: its name and shape, a note when the preprocessing is a
 * guess, the model card of a bundled model, and the choice of output for models with several.
 */
export class ModelSummary {
  private readonly name = byId('model-name', HTMLParagraphElement);
  private readonly note = byId('model-note', HTMLParagraphElement);
  private readonly card = byId('model-card', HTMLDetailsElement);
  private readonly outputChoice = byId('output-choice', HTMLLabelElement);
  private readonly output = byId('output', HTMLSelectElement);

  /** @param onOutput the user chose another output (its index among the model's outputs) */
  constructor(onOutput: (index: number) => void) {
    this.output.addEventListener('change', () => onOutput(Number(this.output.value)));
  }

  /** Shows `info` (and the card of `bundled`, when the model is one of the page's own). */
  show(info: ModelInfo, bundled: BundledModel | undefined): void {
    this.name.textContent = `${info.name}: ${info.format}, input ${info.height}×${info.width}×${info.channels}, ${info.classes} classes`;
    this.note.textContent = info.preprocessingNote;
    this.note.hidden = info.preprocessingNote === '';
    this.showCard(bundled);
    this.output.replaceChildren(...info.outputs.map((o) => element('option', { value: String(o.index), textContent: describe(o) })));
    this.outputChoice.hidden = info.outputs.length < 2;
  }

  private showCard(bundled: BundledModel | undefined): void {
    this.card.hidden = bundled === undefined;
    if (bundled === undefined) return;
    const { card } = bundled;
    const metrics = Object.entries(card.metrics).map(([name, value]) =>
      element('li', { textContent: `${name}: ${Number.isInteger(value) ? value : value.toFixed(3)}`, title: card.metricNotes[name] ?? '' }),
    );
    this.card.replaceChildren(
      element('summary', { textContent: 'Model card' }),
      element('p', { textContent: bundled.description }),
      element('p', { className: 'hint', textContent: `Architecture: ${card.architecture}` }),
      element('p', { className: 'hint', textContent: `Data: ${card.data}` }),
      element('ul', { className: 'metrics' }, metrics),
    );
  }
}

function describe(output: ModelOutput): string {
  return `${output.name} (${output.labels.length} classes)`;
}
