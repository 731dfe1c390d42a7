/**
 * Writing a table run's outputs (a shard's, a whole run's or a merge's alike): results.json, the
 * command's CSV files and report.html, each written atomically.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../node/output/atomic-write.ts';
import { auditCsvFiles, auditHtml, auditLines } from '../audit/audit-report.ts';
import { evaluateCsvFiles, evaluateHtml, evaluateLines } from '../evaluate/evaluate-report.ts';
import { RESULTS_FILE, type ResultsFile, type TableCommand } from './results-file.ts';

/** File name of the report page. */
export const REPORT_FILE = 'report.html';

/** How a command's results become files and terminal lines. */
export interface TableKind {
  csvFiles(results: ResultsFile): Record<string, string>;
  html(results: ResultsFile): string;
  lines(results: ResultsFile): string[];
}

const KINDS: Readonly<Record<TableCommand, TableKind>> = {
  audit: { csvFiles: auditCsvFiles, html: auditHtml, lines: (r) => auditLines(r) },
  evaluate: { csvFiles: evaluateCsvFiles, html: evaluateHtml, lines: evaluateLines },
};

/** Writes results.json, the CSV files and report.html into `out`; returns the report's path. */
export async function writeTable(out: string, results: ResultsFile, print: (line: string) => void): Promise<string> {
  const kind = KINDS[results.command];
  await writeFileAtomic(join(out, RESULTS_FILE), JSON.stringify(results, null, 1));
  for (const [name, text] of Object.entries(kind.csvFiles(results))) await writeFileAtomic(join(out, name), text);
  const page = join(out, REPORT_FILE);
  await writeFileAtomic(page, kind.html(results));
  kind.lines(results).forEach((line) => print(line));
  print(`wrote ${page}`);
  return page;
}
