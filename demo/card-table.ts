/** A saliency card as a sortable HTML table: one line per method, time per map, one column per metric. */
import { getMetric } from '../src/index.ts';
import { sortableTableHtml, type TableColumn } from '../src/node/index.ts';
import type { CardMetric, CardRow } from './card-scores.ts';

const time = (seconds: number): string => (seconds < 0.1 ? `${(seconds * 1000).toFixed(1)} ms` : `${seconds.toFixed(2)} s`);

/** The table; each metric's heading says whether higher or lower is better, its tooltip what it measures. */
export function cardTableHtml(rows: readonly CardRow[], metrics: readonly CardMetric[]): string {
  const columns: TableColumn<CardRow>[] = [
    { label: 'method', value: (r) => r.method },
    { label: 'time per map', value: (r) => r.mapSeconds, format: time },
    ...metrics.map((metric): TableColumn<CardRow> => {
      const definition = getMetric(metric.name);
      return { label: `${metric.label} (${definition.higherIsBetter ? 'higher' : 'lower'} is better)`, title: definition.summary, value: (r) => r.scores[metric.name] };
    }),
    { label: 'metric time per sample', value: (r) => Object.values(r.metricSeconds).reduce((s, v) => s + v, 0), format: time, title: 'all metrics of the card together' },
  ];
  return sortableTableHtml(columns, rows);
}
