// A panel's picture: the rendered map, a colour bar with the raw values at its ends, and a wipe
// comparison with the input (move the pointer over the map: the input shows left of it).
import { formatTick, renderColorbar, type ColormapName, type RgbaImage } from 'tfjs-saliency';
import { drawPixels, element } from './dom.ts';

/** Pixels along the colour bar. */
const COLORBAR_LENGTH = 128;

/** The picture part of a panel. */
export class PanelPicture {
  readonly canvas = element('canvas', { className: 'map' });
  private readonly bar = element('canvas', { className: 'colorbar' });
  private readonly range = element('p', { className: 'range' });
  /** The colour bar and its labels, to put under the canvas. */
  readonly legend = element('div', { className: 'legend' }, [this.bar, this.range]);
  private shown: RgbaImage | undefined;
  private input: RgbaImage | undefined;
  private ends: readonly [number, number] | undefined;

  constructor() {
    this.legend.hidden = true;
    this.canvas.addEventListener('pointermove', (event) => this.compare(event));
    this.canvas.addEventListener('pointerleave', () => this.shown !== undefined && drawPixels(this.canvas, this.shown));
  }

  /** Draws `picture`; `input` (same size) is what the wipe comparison reveals. */
  show(picture: RgbaImage, input: RgbaImage): void {
    this.shown = picture;
    this.input = input;
    drawPixels(this.canvas, picture);
  }

  /** Shows the colour bar of `colormap` with the raw values its ends stand for (undefined: a constant map). */
  setLegend(colormap: ColormapName, ends: readonly [number, number] | undefined): void {
    this.ends = ends;
    drawPixels(this.bar, renderColorbar({ colormap, orientation: 'horizontal', length: COLORBAR_LENGTH, thickness: 1, ticks: 0 }));
    this.range.replaceChildren(
      ...(ends === undefined
        ? [element('span', { textContent: 'constant map' })]
        : [element('span', { textContent: formatTick(ends[0]) }), element('span', { textContent: ends[0] < 0 && ends[1] > 0 && Math.abs(ends[0] + ends[1]) < 1e-6 * ends[1] ? '0' : '' }), element('span', { textContent: formatTick(ends[1]) })]),
    );
    this.legend.hidden = false;
  }

  /** The picture drawn now and the raw values at its colour bar's ends (undefined: nothing drawn). */
  get drawn(): { readonly picture: RgbaImage; readonly ends: readonly [number, number] | undefined } | undefined {
    return this.shown === undefined ? undefined : { picture: this.shown, ends: this.ends };
  }

  /** The raw values at the colour bar's ends as shown ('' when hidden). */
  get legendText(): string {
    return this.legend.hidden ? '' : [...this.range.children].map((c) => c.textContent).filter((t) => t !== '').join(' … ');
  }

  /** Removes the picture and the colour bar. */
  clear(): void {
    this.shown = undefined;
    this.input = undefined;
    this.ends = undefined;
    this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.legend.hidden = true;
  }

  private compare(event: PointerEvent): void {
    const { shown, input } = this;
    if (shown === undefined || input === undefined || input.width !== shown.width || input.height !== shown.height) return;
    const box = this.canvas.getBoundingClientRect();
    const split = Math.round(((event.clientX - box.left) / Math.max(1, box.width)) * shown.width);
    const data = new Uint8ClampedArray(shown.data);
    for (let y = 0; y < shown.height; y++) {
      const row = y * shown.width * 4;
      data.set(input.data.subarray(row, row + 4 * split), row);
    }
    drawPixels(this.canvas, { width: shown.width, height: shown.height, data });
  }
}
