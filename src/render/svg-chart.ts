/**
 * Line charts as self-contained SVG text (no scripts, no fonts to fetch): the deletion/insertion
 * curves and the MPRT similarity-per-layer plots of the CLI reports, the demo's saliency cards and
 * the explorer. Pure string building, so it runs in Node and in the browser alike.
 */

/** One line of a chart. */
export interface ChartSeries {
  /** Legend text. */
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Draw a dot at every point. Default false. */
  readonly dots?: boolean;
}

/** A line chart. */
export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  /** Axis ranges; default: the data's range (y always includes 0 when the data are non-negative). */
  readonly xRange?: readonly [number, number];
  readonly yRange?: readonly [number, number];
  /** Names for the x ticks at 0, 1, 2 ... instead of numbers (e.g. layer names). Default: numbers. */
  readonly xTickNames?: readonly string[];
  /** Size in pixels. Default 360 x 240. */
  readonly width?: number;
  readonly height?: number;
}

/** Line colours, in order (Tableau 10: distinct, readable on white). */
export const CHART_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c] as string};`);
}

function range(values: readonly number[], given: readonly [number, number] | undefined, withZero: boolean): [number, number] {
  if (given) return [given[0], given[1]];
  const finite = values.filter(Number.isFinite);
  let low = finite.length ? Math.min(...finite) : 0;
  let high = finite.length ? Math.max(...finite) : 1;
  if (withZero && low >= 0) low = 0;
  if (high - low < 1e-12) [low, high] = [low - 0.5, high + 0.5];
  return [low, high];
}

/** Up to 5 round tick values covering [low, high]. */
function ticks(low: number, high: number): number[] {
  const step0 = (high - low) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + step * 1e-9; v += step) out.push(Number(v.toPrecision(10)));
  return out;
}

function tickText(value: number): string {
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(1) : String(Number(value.toPrecision(4)));
}

/**
 * The chart as an `<svg>` element (text, with a `<title>` for screen readers): axes with ticks, one
 * polyline per series (non-finite points skipped), a legend under the plot.
 */
export function lineChartSvg(chart: LineChart): string {
  const width = chart.width ?? 360;
  const legendRows = Math.ceil(chart.series.length / 2);
  const height = (chart.height ?? 240) + legendRows * 14;
  const margin = { left: 46, right: 10, top: 22, bottom: 34 + legendRows * 14 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const [x0, x1] = range(chart.series.flatMap((s) => s.x), chart.xRange, false);
  const [y0, y1] = range(chart.series.flatMap((s) => s.y), chart.yRange, true);
  const px = (x: number): number => margin.left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number): number => margin.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  const f = (v: number): string => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="sans-serif" font-size="10">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<text x="${width / 2}" y="13" text-anchor="middle" font-size="11" font-weight="bold">${escapeXml(chart.title)}</text>`,
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
  ];
  const xTicks = chart.xTickNames ? chart.xTickNames.map((_, i) => i).filter((i) => i >= x0 && i <= x1) : ticks(x0, x1);
  for (const t of xTicks) {
    const label = chart.xTickNames ? (chart.xTickNames[t] ?? '') : tickText(t);
    parts.push(`<line x1="${f(px(t))}" x2="${f(px(t))}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 3}" stroke="#888"/>`);
    parts.push(`<text x="${f(px(t))}" y="${margin.top + plotH + 13}" text-anchor="middle">${escapeXml(label.length > 10 ? `${label.slice(0, 9)}…` : label)}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    parts.push(`<line x1="${margin.left - 3}" x2="${margin.left + plotW}" y1="${f(py(t))}" y2="${f(py(t))}" stroke="#ddd"/>`);
    parts.push(`<text x="${margin.left - 5}" y="${f(py(t) + 3)}" text-anchor="end">${escapeXml(tickText(t))}</text>`);
  }
  parts.push(`<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 26}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`);
  parts.push(`<text transform="translate(11 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`);
  chart.series.forEach((series, s) => {
    const color = CHART_COLORS[s % CHART_COLORS.length] as string;
    const points = series.x.map((x, i) => [x, series.y[i] as number] as const).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${points.map(([x, y]) => `${f(px(x))},${f(py(y))}`).join(' ')}"/>`);
    if (series.dots) points.forEach(([x, y]) => parts.push(`<circle cx="${f(px(x))}" cy="${f(py(y))}" r="2" fill="${color}"/>`));
    const lx = margin.left + (s % 2) * (plotW / 2);
    const ly = margin.top + plotH + 40 + Math.floor(s / 2) * 14;
    parts.push(`<line x1="${f(lx)}" x2="${f(lx + 14)}" y1="${ly - 3}" y2="${ly - 3}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${f(lx + 18)}" y="${ly}">${escapeXml(series.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
