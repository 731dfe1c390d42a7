/** CSV text (RFC 4180: comma-separated, quoted where needed, CRLF-free \n lines) of table rows. */
import type { JsonValue } from './results-file.ts';

function cell(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line of `columns`, then one line per row with those columns' values (numbers in full). */
export function csvText(columns: readonly string[], rows: readonly { readonly [key: string]: JsonValue | undefined }[]): string {
  return [columns.map((c) => cell(c)).join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n') + '\n';
}
