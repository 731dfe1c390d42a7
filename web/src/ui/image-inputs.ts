import type { SamplesFile } from 'virtual:bundled-assets';
import type { RgbaImage } from 'tfjs-saliency';
import { decodeImageFile, readPixels, sampleToRgba } from '../image/fit-image.ts';
import { byId, drawPixels, element } from './dom.ts';

/** A picture the user chose, at its own size (at most 1024 pixels a side), ready to be fitted to any model. */
export interface SourceImage {
  readonly pixels: RgbaImage;
  /** Where it came from, for the page ("sample 7", a file name, "webcam"). */
  readonly name: string;
}

/** What the page does with a chosen image, and where it reports failures. */
export interface ImageInputHandlers {
  /** A chosen image; files are handed over while they decode, so the page knows work has started. */
  readonly onImage: (image: SourceImage | Promise<SourceImage>) => void;
  readonly onError: (what: string, error: unknown) => void;
}

/** The sample buttons, the file picker, paste and the webcam; drops are routed here by the page. */
export class ImageInputs {
  private readonly samples = byId('samples', HTMLDivElement);
  private readonly video = byId('webcam-video', HTMLVideoElement);
  private stream: MediaStream | undefined;

  constructor(private readonly handlers: ImageInputHandlers) {
    byId('image-file', HTMLInputElement).addEventListener('change', (event) => {
      const file = (event.target as HTMLInputElement).files?.[0];
      if (file !== undefined) this.openFile(file);
    });
    document.addEventListener('paste', (event) => {
      const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file !== undefined) this.openFile(file, 'pasted image');
    });
    byId('webcam-start', HTMLButtonElement).addEventListener('click', () => void this.startWebcam());
    byId('webcam-capture', HTMLButtonElement).addEventListener('click', () => this.capture());
    byId('webcam-stop', HTMLButtonElement).addEventListener('click', () => this.stopWebcam());
  }

  /** Shows the sample images of a bundled model. */
  showSamples(file: SamplesFile): void {
    const [height = 0, width = 0, channels = 1] = file.shape;
    this.samples.replaceChildren(
      ...file.samples.map((sample) => this.sampleButton(sample.name, sampleToRgba(sample.pixels, width, height, channels))),
    );
  }

  /** Removes the samples (they belong to a bundled model, not to the user's). */
  hideSamples(): void {
    this.samples.replaceChildren();
  }

  /** The index of the sample shown (undefined when the image is not a sample). */
  chosenSample(): number | undefined {
    const index = [...this.samples.querySelectorAll('button')].findIndex((b) => b.getAttribute('aria-pressed') === 'true');
    return index < 0 ? undefined : index;
  }

  /** Chooses sample `index` (the page opens with sample 0). */
  chooseSample(index: number): void {
    this.samples.querySelectorAll('button')[index]?.click();
  }

  /** Chooses an image file (also used for dropped and pasted files). */
  openFile(file: File, name = file.name): void {
    this.markSample(undefined);
    this.handlers.onImage(this.decode(file, name));
  }

  private async decode(file: File, name: string): Promise<SourceImage> {
    const bitmap = await decodeImageFile(file);
    try {
      return { pixels: readPixels(bitmap, bitmap.width, bitmap.height), name };
    } finally {
      bitmap.close();
    }
  }

  private sampleButton(name: string, pixels: RgbaImage): HTMLButtonElement {
    const canvas = element('canvas');
    drawPixels(canvas, pixels);
    const button = element('button', { type: 'button', title: name }, [canvas]);
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => {
      this.markSample(button);
      this.handlers.onImage({ pixels, name });
    });
    return button;
  }

  private markSample(chosen: HTMLButtonElement | undefined): void {
    for (const button of this.samples.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button === chosen));
  }

  private async startWebcam(): Promise<void> {
    try {
      if (navigator.mediaDevices?.getUserMedia === undefined) throw new Error('this browser offers no camera access (it needs https or localhost)');
      this.stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
      this.video.srcObject = this.stream;
      byId('webcam', HTMLDivElement).hidden = false;
    } catch (error) {
      this.handlers.onError('start the webcam', error);
    }
  }

  private capture(): void {
    const { videoWidth, videoHeight } = this.video;
    if (videoWidth === 0) return this.handlers.onError('capture from the webcam', new Error('the camera has not sent a picture yet'));
    this.markSample(undefined);
    this.handlers.onImage({ pixels: readPixels(this.video, videoWidth, videoHeight), name: 'webcam' });
  }

  private stopWebcam(): void {
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = undefined;
    this.video.srcObject = null;
    byId('webcam', HTMLDivElement).hidden = true;
  }
}
