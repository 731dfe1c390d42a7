// The explorer's text flow: a token model (a bundled one from the model menu, or the user's
// model.json + weights + vocabulary), a sentence, the methods that can explain words, and the words
// highlighted per method, computed one method at a time in the explorer's worker with progress; a
// newer run or Cancel stops the older one. The image flow stays as it is: while a text model is open
// the page shows this section instead of its image sections (body.text-mode).
import { bundledTextModels, type BundledTextModel } from 'virtual:bundled-text';
import type { WorkerClient } from '../client/worker-client.ts';
import type { ModelSource } from '../protocol.ts';
import { byId } from '../ui/dom.ts';
import type { ErrorBanner } from '../ui/error-banner.ts';
import { exposeTextHook } from './text-hook.ts';
import { buildTextSection, offerInModelMenu, showTextModel } from './text-section.ts';
import type { TextExplanation, TextModelInfo, TextModelSource, TextPrediction } from './text-protocol.ts';
import { explanationRow, predictionLine, signLegend, statusRow } from './text-view.ts';
import { findVocabularyFile } from './vocabulary-file.ts';
import { RunControl } from '../run-control.ts';
import { WorkChain } from '../work-chain.ts';

/** What the text flow needs from the explorer. */
export interface TextHost {
  /** The worker client (the explorer replaces it after a wasm abort). */
  client(): WorkerClient;
  readonly errors: ErrorBanner;
  /** Called when a text model opens: the image flow stops its work. */
  enter(): void;
}

/** The text flow's state and controls (see the file header). */
export class TextMode {
  info: TextModelInfo | undefined;
  prediction: TextPrediction | undefined;
  /** The class explained. */
  target = 0;
  readonly results = new Map<string, TextExplanation>();
  private readonly view = buildTextSection();
  private readonly runs: RunControl;
  private readonly work = new WorkChain();

  constructor(
    private readonly host: TextHost,
    private readonly models: readonly BundledTextModel[] = bundledTextModels,
  ) {
    offerInModelMenu(byId('bundled-model', HTMLSelectElement), models, (id) => this.track(this.open(this.bundled(id))));
    this.view.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.track(this.explain());
    });
    this.view.classChoice.addEventListener('change', () => this.track(this.explain()));
    this.runs = new RunControl({ cancelButton: this.view.cancel, client: () => host.client(), errors: host.errors, setStatus: (text) => this.setStatus(text) });
    exposeTextHook(this);
  }

  /** Opens user files holding a vocabulary as a text model (resolves when explained); for other sources leaves text mode and returns undefined. */
  route(source: ModelSource): Promise<void> | undefined {
    if (source.kind === 'files' && findVocabularyFile(source.files) !== undefined) return this.open(source);
    this.runs.next();
    document.body.classList.remove('text-mode');
    return undefined;
  }

  /** Resolves when the text work started so far has finished. */
  whenIdle(): Promise<void> {
    return this.work.whenIdle();
  }

  private track(work: Promise<void>): void {
    this.work.track(work);
  }

  private bundled(id: string): TextModelSource {
    const model = this.models.find((m) => m.id === id);
    if (model === undefined) throw new Error(`bundled text model '${id}' does not exist; the page has ${this.models.map((m) => m.id).join(', ')}`);
    const url = (path: string) => new URL(path, document.baseURI).href;
    return { kind: 'bundled', id, url: url(model.path), vocabUrl: url(model.vocabPath), labels: model.labels };
  }

  /** Loads the model in the worker, shows its methods and explains the sentence (the first example when the box is empty). */
  async open(source: TextModelSource): Promise<void> {
    this.host.enter();
    const generation = this.runs.next();
    document.body.classList.add('text-mode');
    this.view.results.replaceChildren();
    this.setStatus('Loading the text model…');
    try {
      const info = await this.host.client().loadTextModel(source);
      if (!this.runs.isCurrent(generation)) return;
      this.info = info;
      showTextModel(this.view, info, source.kind === 'bundled' ? this.models.find((m) => m.id === source.id) : undefined, (sentence) => this.track(this.explain(sentence)));
      this.host.errors.clear();
    } catch (error) {
      this.runs.fail(generation, 'load the text model', error);
      return;
    }
    await this.explain();
  }

  /** Predicts `text` (default: the sentence box's) and explains it with the switched-on methods, one after another. */
  async explain(text = this.view.sentence.value): Promise<void> {
    const info = this.info;
    if (info === undefined) return;
    this.view.sentence.value = text;
    const generation = this.runs.restart();
    const client = this.host.client();
    const chosen = this.view.methods.querySelectorAll<HTMLInputElement>('input:checked');
    const todo = info.methods.filter((m) => [...chosen].some((box) => box.value === m.method));
    this.results.clear();
    this.view.cancel.disabled = false;
    this.view.progress.value = 0;
    try {
      this.setStatus('Predicting…');
      const prediction = await client.call({ type: 'predict-text', text });
      if (!this.runs.isCurrent(generation)) return;
      const asked = this.view.classChoice.value;
      this.prediction = prediction;
      this.target = asked === '' ? prediction.probabilities.indexOf(Math.max(...prediction.probabilities)) : Number(asked);
      const label = info.labels[this.target] ?? `class ${this.target}`;
      this.view.prediction.replaceChildren(predictionLine(prediction, info.labels, this.target));
      this.view.legend.replaceChildren(signLegend(label));
      const rows = todo.map((m) => statusRow(m, 'waiting…'));
      this.view.results.replaceChildren(...rows);
      for (const [i, method] of todo.entries()) {
        this.setStatus(`Explaining ${label} with ${method.label} (${i + 1} of ${todo.length})…`);
        const started = performance.now();
        const request = { type: 'explain-text', text, method: method.method, target: this.target } as const;
        const result = await client.call(request, (fraction) => (this.view.progress.value = (i + fraction) / todo.length)).catch((error: unknown) => error as Error);
        if (!this.runs.isCurrent(generation)) return;
        if (result instanceof Error) {
          rows[i]?.replaceWith(statusRow(method, `failed: ${result.message}`));
          continue;
        }
        this.results.set(method.method, result);
        rows[i]?.replaceWith(explanationRow(method, prediction.words, { ...result, notes: [...result.notes, `${Math.round(performance.now() - started)} ms`] }));
      }
      this.view.progress.value = 1;
      this.setStatus(`Explained ${label} for "${prediction.words.join(' ')}".`);
      this.host.errors.clear();
    } catch (error) {
      this.runs.fail(generation, 'explain the sentence', error);
    } finally {
      if (this.runs.isCurrent(generation)) this.view.cancel.disabled = true;
    }
  }

  private setStatus(text: string): void {
    this.view.status.textContent = text;
  }
}
