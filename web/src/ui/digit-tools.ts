// For digit models (one grey channel, small input): a pad to draw a digit with the pointer, and an
// invert switch for photos of dark ink on white paper (MNIST digits are white on black).
import type { RgbaImage } from 'tfjs-saliency';
import { readPixels } from '../image/fit-image.ts';
import { byId } from './dom.ts';

/** Largest input side for which the digit tools are offered. */
const DIGIT_SIDE = 64;
/** Stroke width on the pad, in pad pixels (about MNIST's stroke at 28 pixels a side). */
const STROKE = 16;

/** The digit tools: shown for digit models only. */
export class DigitTools {
  private readonly section = byId('digit-tools', HTMLDivElement);
  private readonly pad = byId('digit-pad', HTMLCanvasElement);
  private readonly invertBox = byId('invert', HTMLInputElement);
  private drawing = false;

  /**
   * @param onDrawing the pad's picture, when the user lifts the pen
   * @param onInvert the invert switch changed
   */
  constructor(onDrawing: (image: { pixels: RgbaImage; name: string }) => void, onInvert: () => void) {
    this.invertBox.addEventListener('change', onInvert);
    byId('digit-clear', HTMLButtonElement).addEventListener('click', () => this.clear());
    this.clear();
    const context = this.context();
    this.pad.addEventListener('pointerdown', (event) => {
      this.drawing = true;
      this.pad.setPointerCapture?.(event.pointerId);
      const [x, y] = this.at(event);
      context.beginPath();
      context.moveTo(x, y);
      context.lineTo(x, y);
      context.stroke();
    });
    this.pad.addEventListener('pointermove', (event) => {
      if (!this.drawing) return;
      const [x, y] = this.at(event);
      context.lineTo(x, y);
      context.stroke();
    });
    const finish = () => {
      if (!this.drawing) return;
      this.drawing = false;
      onDrawing({ pixels: readPixels(this.pad, this.pad.width, this.pad.height), name: 'drawing' });
    };
    this.pad.addEventListener('pointerup', finish);
    this.pad.addEventListener('pointerleave', finish);
  }

  /** Shows the tools for models with one channel and at most {@link DIGIT_SIDE} pixels a side. */
  showFor(channels: number, side: number): void {
    this.section.hidden = !(channels === 1 && side <= DIGIT_SIDE);
  }

  /** `image` with its colours inverted when the switch is on (and the tools are shown), else as it is. */
  apply(image: RgbaImage): RgbaImage {
    if (!this.invertBox.checked || this.section.hidden) return image;
    const data = new Uint8ClampedArray(image.data);
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) data[i + c] = 255 - (data[i + c] as number);
    return { width: image.width, height: image.height, data };
  }

  private clear(): void {
    const context = this.context();
    context.fillStyle = '#000';
    context.fillRect(0, 0, this.pad.width, this.pad.height);
    context.strokeStyle = '#fff';
    context.lineWidth = STROKE;
    context.lineCap = 'round';
    context.lineJoin = 'round';
  }

  private context(): CanvasRenderingContext2D {
    const context = this.pad.getContext('2d', { willReadFrequently: true });
    if (context === null) throw new Error('canvas: this browser gives no 2D canvas');
    return context;
  }

  private at(event: PointerEvent): [number, number] {
    const box = this.pad.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * this.pad.width, ((event.clientY - box.top) / box.height) * this.pad.height];
  }
}
