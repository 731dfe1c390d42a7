/**
 * Sortable HTML tables and the self-contained report page around them (inline CSS and one small
 * inline script that sorts a table when its header is clicked; nothing fetched): the CLI's evaluate
 * and audit reports and the demo's saliency cards.
 */
import { escapeHtml } from '../../render/escape-html.ts';

/** A column of a {@link sortableTableHtml}. */
export interface TableColumn<R> {
  readonly label: string;
  /** The cell's value: numbers sort as numbers, text as text; undefined or null shows as blank. */
  value(row: R): string | number | null | undefined;
  /** How a number is shown. Default: 4 significant digits. */
  readonly format?: (value: number) => string;
  /** A tooltip on the header (what the column means, whether higher is better). */
  readonly title?: string;
}

/** Four significant digits; integers as they are. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** A table whose columns sort on a click (with {@link SORT_SCRIPT} on the page); every text escaped. */
export function sortableTableHtml<R>(columns: readonly TableColumn<R>[], rows: readonly R[]): string {
  const head = columns.map((c) => `<th${c.title ? ` title="${escapeHtml(c.title)}"` : ''}>${escapeHtml(c.label)}</th>`).join('');
  const body = rows.map((row) => {
    const cells = columns.map((c) => {
      const value = c.value(row);
      if (typeof value === 'number') return `<td class="num" data-v="${value}">${escapeHtml((c.format ?? formatNumber)(value))}</td>`;
      return `<td>${escapeHtml(value ?? '')}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table class="sortable">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

/** The script that sorts `table.sortable` by the clicked header (again: the other way round). */
export const SORT_SCRIPT = `<script>
for (const table of document.querySelectorAll('table.sortable')) {
  table.querySelectorAll('th').forEach((th, col) => {
    th.style.cursor = 'pointer';
    th.addEventListener('click', () => {
      const body = table.tBodies[0];
      const up = th.dataset.sort !== 'up';
      table.querySelectorAll('th').forEach((h) => delete h.dataset.sort);
      th.dataset.sort = up ? 'up' : 'down';
      const key = (tr) => { const td = tr.cells[col]; return td.dataset.v !== undefined ? Number(td.dataset.v) : td.textContent; };
      const rows = [...body.rows].sort((a, b) => { const x = key(a), y = key(b); const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)); return up ? c : -c; });
      rows.forEach((r) => body.appendChild(r));
    });
  });
}
</script>`;

/** CSS for tables and charts on a report page. */
export const TABLE_CSS = `table.sortable { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .85rem; }
table.sortable th, table.sortable td { border: 1px solid #ccc; padding: .2rem .5rem; }
table.sortable th { background: #f0f0f0; user-select: none; }
table.sortable th[data-sort=up]::after { content: ' ▲'; } table.sortable th[data-sort=down]::after { content: ' ▼'; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: .75rem; } .flag { color: #b00; font-weight: bold; }`;

/** A section of a {@link reportPageHtml}: a title, a paragraph and trusted markup (tables, SVG). */
export interface ReportSection {
  readonly title: string;
  readonly text?: string;
  readonly html: string;
}

/** One self-contained HTML page: title, intro paragraph, sections; the sort script at the end. */
export function reportPageHtml(title: string, intro: string, sections: readonly ReportSection[]): string {
  const body = sections
    .map((s) => `<section>\n<h2>${escapeHtml(s.title)}</h2>\n${s.text ? `<p>${escapeHtml(s.text)}</p>\n` : ''}${s.html}\n</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { font-family: sans-serif; margin: 1.5rem; max-width: 80rem; } h2 { margin-top: 2rem; }
${TABLE_CSS}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(intro)}</p>
${body}
${SORT_SCRIPT}
</body></html>
`;
}
