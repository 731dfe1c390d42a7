/** The audit's report page and CSV files, from its results (a run's or a merge's). */
import { reportPageHtml, sortableTableHtml, type TableColumn } from '../../node/output/html-table.ts';
import { csvText } from '../tables/csv.ts';
import { failedSection } from '../tables/failed-section.ts';
import type { ResultsFile } from '../tables/results-file.ts';
import { AUDIT_COLUMNS, classSummaries, worstFirst, type AuditRow, type ClassSummary } from './audit-row.ts';

/** How many of the worst images the report and the command's summary list (default). */
export const WORST_LISTED = 10;

const percent = (v: number): string => `${(v * 100).toFixed(1)} %`;

const IMAGE_COLUMNS: readonly TableColumn<AuditRow>[] = [
  { label: 'image', value: (r) => r.image },
  { label: 'class', value: (r) => `${r.label} (${r.class})` },
  { label: 'score', value: (r) => r.score },
  { label: 'inside', value: (r) => r.inside, format: percent, title: 'share of |attribution| inside the region' },
  { label: 'outside', value: (r) => r.outside, format: percent },
  { label: 'region area', value: (r) => r.area, format: percent, title: 'what a uniform map would put inside' },
  { label: 'strongest 2 % inside', value: (r) => r.peakInside, format: percent },
  { label: 'flagged', value: (r) => (r.flagged ? 'mostly outside' : '') },
];

const CLASS_COLUMNS: readonly TableColumn<ClassSummary>[] = [
  { label: 'class', value: (c) => `${c.label} (${c.class})` },
  { label: 'images', value: (c) => c.images },
  { label: 'mean inside', value: (c) => c.meanInside, format: percent },
  { label: 'mean strongest 2 % inside', value: (c) => c.meanPeakInside, format: percent },
  { label: 'flagged', value: (c) => c.flagged },
];

/** The measure the audit flagged by. */
function flagMeasure(results: ResultsFile): 'peak' | 'mass' {
  return results.settings.flagBy === 'mass' ? 'mass' : 'peak';
}

/** The rows of an audit's results, typed. */
export function auditRows(results: ResultsFile): AuditRow[] {
  return results.rows as AuditRow[];
}

/** The one-paragraph summary: images, flagged, threshold. */
export function auditSummary(results: ResultsFile): string {
  const rows = auditRows(results);
  const flagged = rows.filter((r) => r.flagged).length;
  const threshold = Number(results.settings.threshold);
  return `${rows.length} images audited with ${String(results.settings.method)} against ${String(results.settings.region)}; ` +
    `${flagged} flagged (less than ${percent(threshold)} of ${flagMeasure(results) === 'peak' ? 'the strongest 2 % of pixels' : 'the attribution'} inside the region)` +
    `${results.failed.length ? `; ${results.failed.length} could not be read` : ''}.`;
}

/** results.csv (per image) and classes.csv (per class). */
export function auditCsvFiles(results: ResultsFile): Record<string, string> {
  const rows = auditRows(results);
  const classes = classSummaries(rows);
  return {
    'results.csv': csvText(AUDIT_COLUMNS, rows),
    'classes.csv': csvText(['class', 'label', 'images', 'meanInside', 'meanPeakInside', 'flagged'], classes as unknown as Record<string, number | string>[]),
  };
}

/** The report page. */
export function auditHtml(results: ResultsFile): string {
  const rows = auditRows(results);
  const worst = worstFirst(rows, flagMeasure(results)).slice(0, WORST_LISTED);
  return reportPageHtml(`Saliency audit: ${String(results.settings.model)}`, auditSummary(results), [
    { title: 'Per class', text: 'Click a header to sort.', html: sortableTableHtml(CLASS_COLUMNS, classSummaries(rows)) },
    { title: `The ${worst.length} worst images`, text: 'Least attribution inside the region first.', html: sortableTableHtml(IMAGE_COLUMNS, worst) },
    { title: 'Every image', html: sortableTableHtml(IMAGE_COLUMNS, rows) },
    ...failedSection(results.failed),
  ]);
}

/** Lines for the terminal: the summary and the worst images. */
export function auditLines(results: ResultsFile, count = WORST_LISTED): string[] {
  const worst = worstFirst(auditRows(results), flagMeasure(results)).filter((r) => r.flagged).slice(0, count);
  return [
    auditSummary(results),
    ...(worst.length ? ['worst:'] : []),
    ...worst.map((r) => `  ${r.image}: ${percent(r.peakInside)} of the strongest pixels and ${percent(r.inside)} of the attribution inside (class ${r.label}; the region is ${percent(r.area)} of the image)`),
  ];
}

