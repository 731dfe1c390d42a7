/** The element with `id`, of the expected type; a missing element is a bug in index.html. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html: #${id} is missing or not a ${type.name}`);
  return element;
}

/** Creates an element with properties and children. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

/** Draws RGBA pixels onto `canvas`, resizing it to the image. */
export function drawPixels(canvas: HTMLCanvasElement, image: { width: number; height: number; data: Uint8ClampedArray }): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('canvas: this browser gives no 2D canvas');
  context.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
}

/** Offers `blob` to the user as a download named `fileName`. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = element('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Offers `image` as a PNG download named `fileName`. */
export function downloadImage(image: { width: number; height: number; data: Uint8ClampedArray }, fileName: string): void {
  const canvas = element('canvas');
  drawPixels(canvas, image);
  canvas.toBlob((blob) => {
    if (blob !== null) download(blob, fileName);
  }, 'image/png');
}
