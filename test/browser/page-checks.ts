import type { Page } from 'playwright-core';

/** Facts about the pixels of one canvas, read in the page. */
export interface CanvasStats {
  readonly label: string;
  readonly width: number;
  readonly height: number;
  /** Number of different RGB colours. */
  readonly colours: number;
  /** Standard deviation of the luma over all pixels (0 for a flat picture). */
  readonly lumaStd: number;
}

/** {@link CanvasStats} of every canvas matching `selector`. */
export function canvasStats(page: Page, selector: string): Promise<CanvasStats[]> {
  return page.$$eval(selector, (canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set<number>();
      let sum = 0;
      let squares = 0;
      const pixels = canvas.width * canvas.height;
      for (let p = 0; p < pixels; p++) {
        const [r, g, b] = [data[4 * p]!, data[4 * p + 1]!, data[4 * p + 2]!];
        colours.add((r << 16) | (g << 8) | b);
        const luma = 0.299 * r + 0.587 * g + 0.114 * b;
        sum += luma;
        squares += luma * luma;
      }
      const mean = sum / pixels;
      return {
        label: canvas.getAttribute('aria-label') ?? '',
        width: canvas.width,
        height: canvas.height,
        colours: colours.size,
        lumaStd: Math.sqrt(Math.max(0, squares / pixels - mean * mean)),
      };
    }),
  );
}

/** Reads a little-endian float32 `.npy` file (format 1.0) into its shape and values. */
export function parseNpy(bytes: Uint8Array): { shape: number[]; data: Float32Array } {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('not a .npy file');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False")) throw new Error(`unexpected header ${header}`);
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').filter((d) => d.trim() !== '').map(Number);
  const start = 10 + headerLength;
  const copy = bytes.slice(start);
  return { shape, data: new Float32Array(copy.buffer, 0, copy.byteLength / 4) };
}
