import { encodeNpy, type NdArray } from 'tfjs-saliency';
import type { MethodCall, PanelSpec } from '../protocol.ts';
import { inputSizedOptions } from '../input-sized-options.ts';
import { optionControl, type OptionControl } from './option-control.ts';
import type { ColormapName, RgbaImage } from 'tfjs-saliency';
import { enlarge, type ReportPanel } from '../render/report-image.ts';
import { download, downloadImage, element } from './dom.ts';
import { PanelPicture } from './panel-picture.ts';

/** What a switched-off panel says. */
const OFF = 'off: tick the box to compute';

/** What a panel asks of the page. */
export interface PanelHandlers {
  /** The panel's options or its on/off switch changed: compute it again. */
  readonly onChange: (panel: MethodPanel) => void;
  /** File name stem for downloads (model, image, class). */
  readonly fileStem: () => string;
  /** The user asked to compute the failed panel again (with {@link MethodPanel.retryBatch}). */
  readonly onRetry: (panel: MethodPanel) => void;
}

/** One method in the grid: its switch, its options, its picture and its downloads. */
export class MethodPanel {
  /** The panel's element, to put in the grid. */
  readonly root: HTMLElement;
  /** The raw map of the last run, as the method returned it. */
  map: NdArray | undefined;
  /** The smaller batch the retry button offers after a memory failure. */
  retryBatch: number | undefined;
  private readonly retryButton = element('button', { type: 'button', className: 'retry', hidden: true });
  private readonly picture = new PanelPicture();
  private readonly canvas = this.picture.canvas;
  private readonly status = element('p', { className: 'panel-status' });
  private readonly note = element('p', { className: 'panel-status note' });
  private readonly enabledBox = element('input', { type: 'checkbox' });
  private readonly controls = new Map<string, OptionControl>();
  /** The switch's state before {@link withhold} hid the panel. */
  private wasEnabled = false;

  constructor(
    readonly method: PanelSpec,
    private readonly handlers: PanelHandlers,
  ) {
    this.enabledBox.checked = method.enabled;
    this.enabledBox.setAttribute('aria-label', `compute ${method.label}`);
    this.enabledBox.addEventListener('change', () => {
      this.root.dataset['enabled'] = String(this.enabled);
      this.setStatus(this.enabled ? '' : OFF);
      this.handlers.onChange(this);
    });
    const png = element('button', { type: 'button', textContent: 'PNG' });
    png.addEventListener('click', () => this.downloadPng());
    const npy = element('button', { type: 'button', textContent: '.npy' });
    npy.addEventListener('click', () => this.downloadNpy());
    this.retryButton.addEventListener('click', () => {
      this.retryButton.hidden = true;
      this.handlers.onRetry(this);
    });
    const options = method.options.map((spec) => {
      const control = optionControl(spec, method.preset[spec.name] ?? spec.default, () => {
        if (this.enabled) this.handlers.onChange(this);
      });
      this.controls.set(spec.name, control);
      return control.root;
    });
    this.root = element('article', { className: 'panel', title: method.summary }, [
      element('h3', {}, [this.enabledBox, method.label]),
      this.canvas,
      this.picture.legend,
      this.status,
      this.retryButton,
      this.note,
      element('div', { className: 'downloads' }, [png, npy]),
      element('details', {}, [element('summary', { textContent: 'options' }), element('p', { className: 'summary', textContent: method.summary }), ...options]),
    ]);
    this.root.dataset['method'] = method.id;
    this.root.dataset['enabled'] = String(method.enabled);
    this.root.classList.toggle('more', !method.featured);
    if (!method.enabled) this.setStatus(OFF);
    this.canvas.setAttribute('aria-label', `${method.label} map`);
  }

  /** Whether the user wants this method computed. */
  get enabled(): boolean {
    return this.enabledBox.checked;
  }

  /** Hides the panel and switches it off while the model cannot run its method (true); false restores the user's switch. */
  withhold(withheld: boolean): void {
    if (withheld === this.root.hidden) return;
    this.root.hidden = withheld;
    if (withheld) this.wasEnabled = this.enabledBox.checked;
    this.enabledBox.checked = withheld ? false : this.wasEnabled;
    this.root.dataset['enabled'] = String(this.enabled);
  }

  /** The method with the option values set in the panel now. */
  call(): MethodCall {
    return { method: this.method.method, options: Object.fromEntries([...this.controls].map(([name, c]) => [name, c.value()])) };
  }

  /** Sets the options whose good value depends on the input's size (e.g. occlusion's window and stride). */
  fitToInput(side: number): void {
    const sized = inputSizedOptions(this.method.method, side);
    for (const name of Object.keys(inputSizedOptions(this.method.method, Number.MAX_SAFE_INTEGER))) {
      const spec = this.method.options.find((o) => o.name === name);
      if (spec !== undefined) this.controls.get(name)?.set(sized[name] ?? this.method.preset[name] ?? spec.default);
    }
  }

  /** Offers the model's layers in the panel's layer options. */
  setLayers(paths: readonly string[]): void {
    this.controls.forEach((control) => control.setLayers(paths));
  }

  /** Shows a line under the picture; `failed` marks it as an error. */
  setStatus(text: string, failed = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('failed', failed);
    this.retryButton.hidden = true;
  }

  /** Shows why the panel failed and a button to try again, with a smaller batch when `retryBatch` is set. */
  showFailure(message: string, retryBatch: number | undefined): void {
    this.setStatus(message, true);
    this.retryBatch = retryBatch;
    this.retryButton.textContent = retryBatch === undefined ? 'Retry' : `Retry with batch ${retryBatch}`;
    this.retryButton.hidden = false;
  }

  /** The status line's text. */
  get statusText(): string {
    return this.status.textContent ?? '';
  }

  /** Shows a remark about the rendered picture ('' removes it). */
  setNote(text: string): void {
    this.note.textContent = text;
  }

  /** Draws the rendered picture, with `input` for the wipe comparison and the colour bar of `colormap` from `ends[0]` to `ends[1]`. */
  show(image: RgbaImage, input: RgbaImage, colormap: ColormapName, ends: readonly [number, number] | undefined): void {
    this.picture.show(image, input);
    this.picture.setLegend(colormap, ends);
  }

  /** The colour bar's labels ("-0.02 … 0 … 0.02"; '' when none is shown). */
  get legendText(): string {
    return this.picture.legendText;
  }

  /** The remark about the picture ('' when none). */
  get noteText(): string {
    return this.note.textContent ?? '';
  }

  /** Clears the picture and the map (a new image, model or class invalidates them). */
  clear(): void {
    this.map = undefined;
    this.picture.clear();
  }

  /** The picture shown, for the report (undefined when none is drawn). */
  reportPanel(): ReportPanel | undefined {
    const drawn = this.picture.drawn;
    return drawn === undefined ? undefined : { title: this.method.label, ...drawn };
  }

  /** Downloads the picture shown, enlarged (nearest neighbour) so that small inputs stay legible. */
  private downloadPng(): void {
    const drawn = this.picture.drawn;
    if (this.map === undefined || drawn === undefined) return;
    downloadImage(enlarge(drawn.picture), `${this.handlers.fileStem()}-${this.method.id}.png`);
  }

  private downloadNpy(): void {
    if (this.map === undefined) return;
    download(new Blob([encodeNpy(this.map)], { type: 'application/octet-stream' }), `${this.handlers.fileStem()}-${this.method.id}.npy`);
  }
}
