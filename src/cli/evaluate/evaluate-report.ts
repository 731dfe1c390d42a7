/** The evaluate command's report page, CSV and terminal lines, from its results (a run's or a merge's). */
import { reportPageHtml, sortableTableHtml, type TableColumn } from '../../node/output/html-table.ts';
import { csvText } from '../tables/csv.ts';
import { failedSection } from '../tables/failed-section.ts';
import type { ResultsFile } from '../tables/results-file.ts';
import { evaluateCharts } from './evaluate-charts.ts';
import { EVALUATE_COLUMNS, scoreSummaries, type EvaluateRow, type ScoreSummary } from './evaluate-row.ts';

const seconds = (v: number): string => (v < 0.1 ? `${(v * 1000).toFixed(1)} ms` : `${v.toFixed(2)} s`);

const SUMMARY_COLUMNS: readonly TableColumn<ScoreSummary>[] = [
  { label: 'method', value: (s) => s.method },
  { label: 'metric', value: (s) => s.metric },
  { label: 'mean score', value: (s) => s.meanScore },
  { label: 'better', value: (s) => (s.higherIsBetter ? 'higher' : 'lower') },
  { label: 'images', value: (s) => s.images },
  { label: 'time per evaluation', value: (s) => s.meanSeconds, format: seconds },
  { label: 'time per map', value: (s) => s.meanMapSeconds, format: seconds },
];

const ROW_COLUMNS: readonly TableColumn<EvaluateRow>[] = [
  { label: 'image', value: (r) => r.image },
  { label: 'method', value: (r) => r.method },
  { label: 'metric', value: (r) => r.metric },
  { label: 'class', value: (r) => r.class },
  { label: 'score', value: (r) => r.score },
  { label: 'evaluations', value: (r) => r.evaluations },
  { label: 'time', value: (r) => r.seconds, format: seconds },
];

/** The rows of an evaluate run's results, typed. */
export function evaluateRows(results: ResultsFile): EvaluateRow[] {
  return results.rows as EvaluateRow[];
}

/** results.csv: one line per image x method x metric. */
export function evaluateCsvFiles(results: ResultsFile): Record<string, string> {
  return { 'results.csv': csvText(EVALUATE_COLUMNS, evaluateRows(results)) };
}

/** The report page: the summary table, the charts, every row. */
export function evaluateHtml(results: ResultsFile): string {
  const rows = evaluateRows(results);
  const failed = results.failed.length ? `; ${results.failed.length} image(s) could not be read` : '';
  return reportPageHtml(`Saliency evaluation: ${String(results.settings.model)}`, `${results.images.length} images${failed}. Click a header to sort.`, [
    { title: 'Mean score per method and metric', html: sortableTableHtml(SUMMARY_COLUMNS, scoreSummaries(rows)) },
    { title: 'Curves', text: 'Deletion: lower is better (the score falls fast as the most relevant pixels go); insertion: higher is better. MPRT: a faithful method loses its similarity as layers are randomised.', html: `<div class="charts">\n${evaluateCharts(rows).join('\n')}\n</div>` },
    { title: 'Every image', html: sortableTableHtml(ROW_COLUMNS, rows) },
    ...failedSection(results.failed),
  ]);
}

/** Lines for the terminal: the mean score of each method x metric. */
export function evaluateLines(results: ResultsFile): string[] {
  return scoreSummaries(evaluateRows(results)).map(
    (s) => `${s.method} ${s.metric}: ${Number(s.meanScore.toPrecision(4))} (${s.higherIsBetter ? 'higher' : 'lower'} is better; ${seconds(s.meanSeconds)} per evaluation, ${s.images} image(s))`,
  );
}
