/**
 * The charts of the evaluate report: per curve metric (deletion, insertion ...) the mean curve of
 * each method over the images, and per layer metric (MPRT) each method's mean similarity to the
 * trained model's map as layers are randomised.
 */
import { lineChartSvg, type ChartSeries } from '../../render/svg-chart.ts';
import type { EvaluateRow } from './evaluate-row.ts';

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  items.forEach((item) => groups.set(key(item), [...(groups.get(key(item)) ?? []), item]));
  return groups;
}

/** The pointwise mean of curves that share their x values (the first curve's), else undefined. */
export function meanCurve(curves: readonly { readonly x: readonly number[]; readonly y: readonly number[] }[]): { x: number[]; y: number[] } | undefined {
  const first = curves[0];
  if (!first || curves.some((c) => c.x.length !== first.x.length || c.x.some((x, i) => Math.abs(x - (first.x[i] as number)) > 1e-9))) return undefined;
  return { x: [...first.x], y: first.x.map((_, i) => curves.reduce((s, c) => s + (c.y[i] as number), 0) / curves.length) };
}

/** The mean similarity per layer (layers in the first row's order) over rows of one method. */
export function meanPerLayer(rows: readonly EvaluateRow[]): { layers: string[]; similarity: number[] } {
  const layers = (rows[0]?.perLayer ?? []).map((l) => l.layer);
  const similarity = layers.map((layer) => {
    const values = rows.map((r) => r.perLayer?.find((l) => l.layer === layer)?.similarity).filter((v): v is number => Number.isFinite(v));
    return values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
  });
  return { layers, similarity };
}

/** One SVG chart per metric that has curves or per-layer results. */
export function evaluateCharts(rows: readonly EvaluateRow[]): string[] {
  const charts: string[] = [];
  for (const [metric, metricRows] of groupBy(rows, (r) => r.metric)) {
    const byMethod = groupBy(metricRows, (r) => r.method);
    if (metricRows.some((r) => r.curve)) {
      const series: ChartSeries[] = [...byMethod].flatMap(([method, group]) => {
        const mean = meanCurve(group.flatMap((r) => (r.curve ? [r.curve] : [])));
        return mean ? [{ name: method, ...mean }] : [];
      });
      charts.push(lineChartSvg({ title: `${metric}: mean curve over ${new Set(metricRows.map((r) => r.image)).size} image(s)`, xLabel: 'fraction of pixels changed', yLabel: 'score', xRange: [0, 1], series }));
    }
    if (metricRows.some((r) => r.perLayer)) {
      const means = [...byMethod].map(([method, group]) => ({ method, ...meanPerLayer(group) }));
      const layers = means[0]?.layers ?? [];
      charts.push(lineChartSvg({
        title: `${metric}: similarity to the trained model's map`, xLabel: 'randomised down to layer', yLabel: 'similarity',
        xTickNames: layers, xRange: [0, Math.max(1, layers.length - 1)], yRange: [-1, 1], width: 480,
        series: means.map((m) => ({ name: m.method, x: m.similarity.map((_, i) => i), y: m.similarity, dots: true })),
      }));
    }
  }
  return charts;
}
