import type { BundledModel } from 'virtual:bundled-assets';
import type { ModelSource } from '../protocol.ts';
import { byId, element } from './dom.ts';

/** The bundled-model menu and the pickers for the user's own model files. */
export class ModelInputs {
  private readonly menu = byId('bundled-model', HTMLSelectElement);

  /**
   * @param onModel called with the model to load
   * @param onBundled called when a bundled model is chosen, before it loads (to show its samples)
   */
  constructor(
    private readonly models: readonly BundledModel[],
    private readonly onModel: (source: ModelSource) => void,
    private readonly onBundled: (model: BundledModel) => void,
  ) {
    this.menu.replaceChildren(...models.map((m) => element('option', { value: m.id, textContent: m.label, title: m.description })));
    this.menu.addEventListener('change', () => this.onModel(this.bundled(this.menu.value)));
    for (const id of ['model-files', 'model-folder']) {
      byId(id, HTMLInputElement).addEventListener('change', (event) => {
        const files = [...((event.target as HTMLInputElement).files ?? [])];
        if (files.length > 0) this.openFiles(files);
      });
    }
  }

  /** The source of bundled model `id` (default: the first, which the page opens with). */
  bundled(id: string | undefined = undefined): ModelSource {
    id ??= this.models[0]?.id ?? '';
    const model = this.models.find((m) => m.id === id);
    if (model === undefined) throw new Error(`bundled model '${id}' does not exist; the page has ${this.models.map((m) => m.id).join(', ')}`);
    this.menu.value = model.id;
    this.onBundled(model);
    // Absolute, because the worker resolves relative URLs against its own script's folder.
    return { kind: 'bundled', id: model.id, url: new URL(model.path, document.baseURI).href, labels: model.labels };
  }

  /** Loads user files (picked, or dropped on the page), named after their folder when they came as one. */
  openFiles(files: readonly File[]): void {
    this.menu.value = '';
    const folder = files.map((f) => f.webkitRelativePath.split('/')[0] ?? '').find((name) => name !== '');
    this.onModel({ kind: 'files', files, name: folder });
  }
}
