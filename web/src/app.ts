import type { BundledModel } from 'virtual:bundled-assets';
import type { NdArray, PixelScale } from 'tfjs-saliency';
import { CancelledError, WorkerClient } from './client/worker-client.ts';
import { batchLimit, MEMORY_BUDGET_MB } from './batch-size.ts';
import type { BackendName, InjectedFailure, MethodMeasures, ModelInfo, ModelSource, Prediction } from './protocol.ts';
import { explainPanels } from './explain-panels.ts';
import { reportHeading, reportImage } from './render/report-image.ts';
import { TargetChoice } from './target-choice.ts';
import { urlWithState, type UrlState } from './url-state.ts';
import { showBackend, wireBackendChoice } from './ui/backend-choice.ts';
import { ClassChooser } from './ui/class-chooser.ts';
import { byId, downloadImage } from './ui/dom.ts';
import { listenForDrops } from './ui/drops.ts';
import { DigitTools } from './ui/digit-tools.ts';
import { DisplayControls } from './ui/display-controls.ts';
import { ErrorBanner } from './ui/error-banner.ts';
import { ImageInputs, type SourceImage } from './ui/image-inputs.ts';
import type { MethodPanel } from './ui/method-panel.ts';
import { buildPanelGrid } from './ui/panel-grid.ts';
import { ModelInputs } from './ui/model-inputs.ts';
import { ModelSummary } from './ui/model-summary.ts';
import { MEASURE_STEPS, setMeasureStatus, showMeasures } from './ui/measure-charts.ts';
import { PredictionsList } from './ui/predictions-list.ts';
import { inputImage, renderPanels, renderInput } from './render-panels.ts';
import { TextMode } from './text/text-mode.ts';
import { WorkChain } from './work-chain.ts';
import { OnnxSettings } from './onnx/onnx-settings.ts';
import { RunControl } from './run-control.ts';

/** How many classes the predictions list shows. */
export const TOP_K = 5;

/** What the page was asked for in its URL. */
export interface ExplorerSettings {
  /** The backend asked for (`?backend=`); default: the best this browser runs. */
  readonly backend?: BackendName | undefined;
  /** Ids of the panels to compute (`?panels=`); default: the registry's choice. */
  readonly panels?: readonly string[] | undefined;
  /** Memory budget in MB for one explanation (`?memory=`); default {@link MEMORY_BUDGET_MB} of the backend. */
  readonly memoryMb?: number | undefined;
  /** The view to open with (model, sample, class, display: see url-state.ts). */
  readonly view?: UrlState | undefined;
}

/**
 * The explorer: holds what is chosen (model, image, class, methods) and keeps the page in step,
 * sending all TF.js work to the worker. A newer choice cancels the work of an older one.
 */
export class Explorer {
  readonly errors = new ErrorBanner();
  readonly panels: MethodPanel[] = [];
  backend: BackendName | undefined;
  model: ModelInfo | undefined;
  input: NdArray | undefined;
  predictions: readonly Prediction[] = [];
  /** The class (and class B, and output) explained. */
  readonly choice = new TargetChoice(() => this.model);
  /** How many times a broken worker was replaced (wasm aborts). */
  workerRestarts = 0;
  /** The last measures of the switched-on methods' maps (deletion, insertion, MPRT), once computed. */
  measures: readonly MethodMeasures[] | undefined;
  private image: SourceImage | undefined;
  private modelSource: ModelSource | undefined;
  private client: WorkerClient;
  private readonly enabledPanels: readonly string[] | undefined;
  /** The class, class B and output asked for by the URL, applied once to the first prediction. */
  private pendingView: UrlState | undefined;
  /** The image flow's runs: generations, Cancel and Escape, failures shown. */
  private readonly runs: RunControl;
  private readonly work = new WorkChain();
  private readonly status = byId('status', HTMLSpanElement);
  private readonly progress = byId('progress', HTMLProgressElement);
  private readonly cancelButton = byId('cancel', HTMLButtonElement);
  private readonly pixelRange = byId('pixel-range', HTMLSelectElement);
  private readonly predictionsList = new PredictionsList((index) => this.chooseClass(index));
  private readonly classChooser = new ClassChooser(
    (index) => this.chooseClass(index),
    (index) => this.chooseVersus(index),
  );
  private readonly summary = new ModelSummary((index) => this.chooseOutput(index));
  private readonly digitTools = new DigitTools(
    (image) => this.track(this.setImage(image)),
    () => this.track(this.analyse()),
  );
  private readonly display = new DisplayControls(() => {
    this.render();
    this.saveView();
  });
  private readonly modelInputs: ModelInputs;
  /** The text flow (token models), shown instead of the image sections while one is open. */
  private readonly text: TextMode;
  /** ONNX models: card, layout/size (reload), mean/std (re-prepare); only function-model methods offered. */
  private readonly onnx = new OnnxSettings(
    (choices) => this.modelSource?.kind === 'files' && this.track(this.loadModel({ ...this.modelSource, onnx: choices })),
    () => this.track(this.analyse()),
  );
  private readonly imageInputs: ImageInputs;

  constructor(
    private readonly models: readonly BundledModel[],
    private readonly settings: ExplorerSettings = {},
  ) {
    const backend = settings.backend;
    this.enabledPanels = settings.view?.panels ?? settings.panels;
    this.pendingView = settings.view;
    this.client = new WorkerClient(backend);
    this.imageInputs = new ImageInputs({
      onImage: (image) => this.track(this.setImage(image)),
      onError: (what, error) => this.errors.show(what, error),
    });
    this.modelInputs = new ModelInputs(
      models,
      (source) => this.track(this.text.route(source) ?? this.loadModel(source)),
      (model) => this.imageInputs.showSamples(model.samples),
    );
    this.text = new TextMode({ client: () => this.client, errors: this.errors, enter: () => void this.restart() });
    this.pixelRange.addEventListener('change', () => this.track(this.analyse()));
    byId('run', HTMLButtonElement).addEventListener('click', () => this.track(this.explain(this.panels)));
    byId('report', HTMLButtonElement).addEventListener('click', () => this.downloadReport());
    byId('measure', HTMLButtonElement).addEventListener('click', () => this.track(this.measure()));
    this.runs = new RunControl({
      cancelButton: this.cancelButton,
      client: () => this.client,
      errors: this.errors,
      setStatus: (text) => this.setStatus(text),
      onCancel: () => {
        for (const panel of this.panels) if (panel.map === undefined && panel.enabled) panel.setStatus('cancelled');
      },
    });
    const more = byId('more-methods', HTMLInputElement);
    more.addEventListener('change', () => byId('panels', HTMLDivElement).classList.toggle('show-more', more.checked));
    wireBackendChoice(backend);
    listenForDrops(
      (file) => this.imageInputs.openFile(file),
      (files) => this.modelInputs.openFiles(files),
    );
  }

  /** Starts the worker, builds the method grid, opens the first bundled model with sample 0. */
  async start(): Promise<void> {
    const ready = await this.client.ready();
    this.backend = ready.backend;
    showBackend(ready);
    const { panels, unknown } = buildPanelGrid(ready.panels, this.enabledPanels, {
      onChange: (changed) => {
        changed.clear();
        this.track(this.explain(this.panels.filter((p) => p.map === undefined)));
      },
      onRetry: (retried) => this.track(this.explain([retried], this.restart(), retried)),
      fileStem: () => this.fileStem(),
    });
    this.panels.push(...panels);
    if (unknown.length > 0) {
      this.errors.show('choose the panels', new Error(`no panel is called ${unknown.join(', ')}; the panels are ${ready.panels.map((p) => p.id).join(', ')}`));
    }
    this.display.set(this.settings.view?.display ?? {});
    const view = this.settings.view;
    const known = view?.model !== undefined && this.models.some((m) => m.id === view.model);
    await this.loadModel(this.modelInputs.bundled(known ? view?.model : undefined));
    this.imageInputs.chooseSample(view?.sample ?? 0);
  }

  /** Tensors TF.js holds in the worker. */
  numTensors(): Promise<number> {
    return this.client.memory();
  }

  /** Test hook: makes explanations above a batch size fail in the worker as `failure` says (null: stop). */
  injectFailure(failure: InjectedFailure | null): Promise<void> {
    return this.client.injectFailure(failure);
  }

  /** Most inputs one batch may hold: the memory budget over what one input of the model needs. */
  batchLimit(): number {
    const budget = this.settings.memoryMb ?? MEMORY_BUDGET_MB[this.backend ?? 'cpu'];
    return batchLimit(budget, this.model?.bytesPerSample ?? 1);
  }

  /** Resolves when the work started so far has finished (for tests and scripts). */
  whenIdle(): Promise<void> {
    return this.work.whenIdle();
  }

  private track(work: Promise<void>): void {
    this.work.track(work);
  }

  private async loadModel(source: ModelSource): Promise<void> {
    const generation = this.restart();
    this.setStatus('Loading the model…');
    try {
      const info = await this.client.loadModel(source);
      if (!this.runs.isCurrent(generation)) return;
      this.model = info;
      this.modelSource = source;
      this.choice.reset(info, this.pendingView?.output);
      this.input = undefined;
      this.predictions = [];
      this.pixelRange.value = info.preprocessing.scale ?? 'unit';
      this.panels.forEach((panel) => {
        panel.clear();
        panel.setStatus(panel.enabled ? 'waiting…' : '');
        panel.setLayers(info.layers);
        panel.fitToInput(Math.max(info.height, info.width));
      });
      this.predictionsList.show([], 0);
      this.classChooser.setLabels(this.choice.labels());
      this.summary.show(info, source.kind === 'bundled' ? this.models.find((m) => m.id === source.id) : undefined);
      this.onnx.show(info, this.panels);
      if (source.kind === 'files') this.imageInputs.hideSamples();
      this.digitTools.showFor(info.channels, Math.max(info.height, info.width));
      this.errors.clear();
    } catch (error) {
      this.runs.fail(generation, 'load the model', error);
      return;
    }
    await this.analyse();
  }

  private async setImage(image: SourceImage | Promise<SourceImage>): Promise<void> {
    try {
      this.image = await image;
    } catch (error) {
      this.errors.show('open the image', error);
      return;
    }
    await this.analyse();
  }

  /** Model input, predictions and the maps for the top class, for the current model and image. */
  private async analyse(): Promise<void> {
    const model = this.model;
    const image = this.image;
    if (model === undefined || image === undefined) return;
    const generation = this.restart();
    this.setStatus(`Predicting ${image.name}…`);
    try {
      const preprocessing = this.onnx.preprocessing({ ...model.preprocessing, scale: this.pixelRange.value as PixelScale });
      const input = await this.client.call({ type: 'prepare', image: this.digitTools.apply(image.pixels), preprocessing });
      const predictions = await this.client.call({ type: 'predict', input, top: TOP_K, output: this.choice.output });
      if (!this.runs.isCurrent(generation)) return;
      this.input = input;
      this.predictions = predictions;
      this.choice.target = predictions[0]?.index ?? 0;
      const view = this.pendingView;
      this.pendingView = undefined;
      const classes = this.choice.labels().length;
      if (view?.class !== undefined && view.class < classes) this.choice.target = view.class;
      if (view?.versus !== undefined && view.versus < classes) this.choice.versus = view.versus;
      this.predictionsList.select(this.choice.target);
      this.classChooser.show(this.choice.target, this.choice.versus);
      renderInput(byId('input-preview', HTMLCanvasElement), input);
      renderInput(byId('input-tile', HTMLCanvasElement), input);
      this.predictionsList.show(predictions, this.choice.target);
      this.errors.clear();
    } catch (error) {
      this.runs.fail(generation, `explain ${image.name}`, error);
      return;
    }
    await this.explain(this.panels, generation);
  }

  private chooseClass(index: number): void {
    this.choice.target = index;
    this.predictionsList.select(index);
    this.classChooser.show(index, this.choice.versus);
    this.track(this.explain(this.panels));
  }

  private chooseVersus(index: number | undefined): void {
    this.choice.versus = index;
    this.classChooser.show(this.choice.target, index);
    this.track(this.explain(this.panels));
  }

  private chooseOutput(index: number): void {
    this.choice.output = index;
    this.choice.versus = undefined;
    this.classChooser.setLabels(this.choice.labels());
    this.track(this.analyse());
  }

  /**
   * Computes the maps of the enabled `panels`, one after another, with progress (explain-panels.ts):
   * memory failures are retried with smaller batches, the status line counts what failed. `retried`
   * runs at the batch its retry button offered.
   */
  private async explain(panels: readonly MethodPanel[], generation = this.restart(), retried?: MethodPanel): Promise<void> {
    const input = this.input;
    if (input === undefined || this.model === undefined) return;
    const todo = panels.filter((p) => p.enabled);
    const label = this.choice.label();
    byId('target', HTMLSpanElement).textContent = `explaining ${label}`;
    todo.forEach((panel) => {
      panel.clear();
      panel.setStatus('waiting…');
    });
    this.cancelButton.disabled = false;
    const finished = await explainPanels(
      {
        explain: (method, onProgress) => this.client.call({ type: 'explain', input, target: this.choice.explainTarget(), method }, onProgress),
        recover: () => this.recover(),
        batchLimit: this.batchLimit(),
        isCurrent: () => this.runs.isCurrent(generation),
        progress: (fraction) => (this.progress.value = fraction),
        status: (text) => this.setStatus(text),
        render: () => this.render(),
      },
      todo,
      label,
      retried,
    );
    if (!finished) return;
    this.cancelButton.disabled = true;
    this.saveView();
  }

  /** Measures the switched-on methods' maps of the current image in the worker (cancellable like the maps). */
  private async measure(): Promise<void> {
    const input = this.input;
    if (input === undefined || this.model === undefined) return;
    const generation = this.restart();
    const methods = this.panels.filter((p) => p.enabled).map((p) => p.call());
    const label = this.choice.label();
    this.measures = undefined;
    setMeasureStatus(`measuring ${methods.length} method(s) for ${label}…`);
    this.cancelButton.disabled = false;
    try {
      const request = { type: 'measure', input, target: this.choice.explainTarget(), methods, steps: MEASURE_STEPS } as const;
      const measures = await this.client.call(request, (fraction) => (this.progress.value = fraction));
      if (!this.runs.isCurrent(generation)) return;
      this.measures = measures;
      showMeasures(measures, label);
    } catch (error) {
      if (error instanceof CancelledError) setMeasureStatus('cancelled');
      this.runs.fail(generation, 'measure the maps', error);
    } finally {
      if (this.runs.isCurrent(generation)) this.cancelButton.disabled = true;
    }
  }

  /** Writes what is on screen into the URL (without a reload or a history entry). */
  private saveView(): void {
    if (this.model === undefined) return;
    const bundled = this.modelSource?.kind === 'bundled' ? this.modelSource.id : undefined;
    const view: UrlState = {
      model: bundled,
      sample: bundled === undefined ? undefined : this.imageInputs.chosenSample(),
      class: this.choice.target,
      versus: this.choice.versus,
      output: this.choice.output,
      panels: this.panels.filter((p) => p.enabled).map((p) => p.method.id),
      display: this.display.values(),
    };
    history.replaceState(null, '', urlWithState(location.href, view));
  }

  /** Downloads the visible grid as one PNG: input, maps with colour bars and titles, and what was explained how. */
  private downloadReport(): void {
    if (this.input === undefined || this.model === undefined) return;
    const panels = this.panels.filter((p) => p.enabled).flatMap((p) => p.reportPanel() ?? []);
    const display = this.display.options();
    const probability = this.predictions.find((p) => p.index === this.choice.target)?.probability;
    const heading = reportHeading(`${this.model.name}, ${this.image?.name ?? 'image'}`, this.choice.label(), probability, display, this.backend ?? '?');
    downloadImage(reportImage(heading, inputImage(this.input), panels, display.colormap), `${this.fileStem()}-report.png`);
  }

  /** Replaces a broken worker (a wasm abort) with a fresh one on the same backend, holding the same model. */
  private async recover(): Promise<void> {
    const source = this.modelSource;
    this.client.terminate('the worker was restarted');
    this.client = new WorkerClient(this.backend);
    this.workerRestarts++;
    this.setStatus('Restarting the worker after a wasm abort…');
    await this.client.ready();
    if (source !== undefined) await this.client.loadModel(source);
  }

  private render(): void {
    if (this.input === undefined) return;
    renderPanels(this.panels, this.input, this.display.options());
  }

  /** Starts a new piece of work: older work is cancelled and its late answers are ignored. */
  private restart(): number {
    const generation = this.runs.restart();
    this.progress.value = 0;
    return generation;
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private fileStem(): string {
    const model = (this.model?.name ?? 'model').replace(/\.json$/, '');
    const label = this.choice.labels()[this.choice.target] ?? String(this.choice.target);
    return `${model}-${this.image?.name ?? 'image'}-${label}`.replace(/[^\w.-]+/g, '_');
  }
}
