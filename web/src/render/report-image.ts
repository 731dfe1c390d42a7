// The report PNG: the visible grid as one picture, with the input, each map with its colour bar and
// title, and a heading that says what was explained with which options.
import { renderColorbar, renderGrid, type ColormapName, type RgbaImage } from 'tfjs-saliency';

/** Pictures smaller than this many pixels a side are enlarged (nearest neighbour) in reports and downloads. */
export const MIN_EXPORT_SIDE = 224;

/** One map of the report. */
export interface ReportPanel {
  readonly title: string;
  readonly picture: RgbaImage;
  /** Raw values at the colour bar's ends (undefined: a constant map, no bar). */
  readonly ends: readonly [number, number] | undefined;
}

/** The report's heading: what was explained (ASCII quotes: the report's font has no others) and how it is drawn. */
export function reportHeading(
  source: string,
  target: string,
  probability: number | undefined,
  display: { readonly sign: string; readonly mode: string; readonly scope: string; readonly colormap: string; readonly overlay: string },
  backend: string,
): string {
  const share = probability === undefined ? '' : ` (${(100 * probability).toFixed(1)} %)`;
  const drawn = `sign ${display.sign}, normalise ${display.mode} (${display.scope}), colormap ${display.colormap}, overlay ${display.overlay}, backend ${backend}`;
  return `${source}: explaining ${target.replace(/[“”]/g, '"')}${share} - ${drawn}`;
}

/** The report: `heading` over the input and the panels, each enlarged to at least {@link MIN_EXPORT_SIDE} pixels. */
export function reportImage(heading: string, input: RgbaImage, panels: readonly ReportPanel[], colormap: ColormapName): RgbaImage {
  const cells = [
    { image: enlarge(input), caption: 'Input' },
    ...panels.map((panel) => {
      const picture = enlarge(panel.picture);
      const bar = panel.ends === undefined ? undefined : renderColorbar({ colormap, range: [...panel.ends], orientation: 'horizontal', length: Math.max(2, picture.width - 48), thickness: 10 });
      return { image: bar === undefined ? picture : stack(picture, bar), caption: panel.title };
    }),
  ];
  return renderGrid(cells, { title: heading, columns: Math.min(4, cells.length) });
}

/** `image` enlarged by the smallest whole factor that makes its longer side at least {@link MIN_EXPORT_SIDE}. */
export function enlarge(image: RgbaImage): RgbaImage {
  const factor = Math.max(1, Math.ceil(MIN_EXPORT_SIDE / Math.max(image.width, image.height)));
  if (factor === 1) return image;
  const width = image.width * factor;
  const height = image.height * factor;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = 4 * (Math.floor(y / factor) * image.width + Math.floor(x / factor));
      data.set(image.data.subarray(from, from + 4), 4 * (y * width + x));
    }
  }
  return { width, height, data };
}

/** `top` above `bottom`, each centred, on white. */
function stack(top: RgbaImage, bottom: RgbaImage): RgbaImage {
  const width = Math.max(top.width, bottom.width);
  const height = top.height + 4 + bottom.height;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const place = (image: RgbaImage, y0: number) => {
    const x0 = Math.floor((width - image.width) / 2);
    for (let y = 0; y < image.height; y++) data.set(image.data.subarray(4 * y * image.width, 4 * (y + 1) * image.width), 4 * ((y0 + y) * width + x0));
  };
  place(top, 0);
  place(bottom, top.height + 4);
  return { width, height, data };
}
