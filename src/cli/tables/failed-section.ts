/** The report section listing the images that could not be read (none when all were). */
import { sortableTableHtml, type ReportSection } from '../../node/output/html-table.ts';
import type { FailedImage } from './results-file.ts';

/** A section with a table of `failed` (image, reason), or no section. */
export function failedSection(failed: readonly FailedImage[]): ReportSection[] {
  if (failed.length === 0) return [];
  return [{ title: 'Images that could not be read', html: sortableTableHtml<FailedImage>([{ label: 'image', value: (f) => f.image }, { label: 'reason', value: (f) => f.reason }], failed) }];
}
