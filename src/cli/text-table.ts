/**
 * A plain-text table for the terminal: columns padded to their widest cell, two spaces apart,
 * a dashed rule under the header (what `saliency layers` prints for both model kinds).
 */

/** Prints `header`, a rule and `rows` (each row's cells in the header's order) through `print`. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[], print: (line: string) => void): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const format = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  print(format(header));
  print(format(widths.map((w) => '-'.repeat(w))));
  rows.forEach((row) => print(format(row)));
}
