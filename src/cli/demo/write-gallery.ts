/**
 * Writes the demo gallery: every figure as a PNG, then index.html (each file atomically). The
 * shared gallery page caps figures at 20rem, made for single pictures; the demo's figures are
 * whole grids, so its page lets them take their natural width.
 */
import { join } from 'node:path';
import { galleryHtml, type Gallery, type ImageFigure } from '../../node/output/gallery.ts';
import { writeFileAtomic } from '../../node/output/atomic-write.ts';
import { writePng } from '../../node/output/png.ts';

/** CSS added to the gallery page: grid figures at their own width (up to the window's), one under another. */
export const WIDE_FIGURE_STYLE = 'figure { max-width: 100%; } .figures { flex-direction: column; align-items: flex-start; }\n';

/** The gallery page with {@link WIDE_FIGURE_STYLE} added to its style sheet. */
export function demoGalleryHtml(gallery: Gallery): string {
  const html = galleryHtml(gallery);
  const end = html.indexOf('</style>');
  if (end < 0) throw new Error('galleryHtml: the page has no style sheet to extend');
  return `${html.slice(0, end)}${WIDE_FIGURE_STYLE}${html.slice(end)}`;
}

/** Writes each figure's PNG into `directory`, then its index.html; returns the page's path. */
export async function writeDemoGallery(directory: string, gallery: Gallery<ImageFigure>): Promise<string> {
  for (const figure of gallery.sections.flatMap((section) => section.figures)) await writePng(join(directory, figure.file), figure.image);
  const page = join(directory, 'index.html');
  const sections = gallery.sections.map((section) => ({
    ...section,
    figures: section.figures.map(({ file, caption, alt }) => ({ src: file, ...(caption !== undefined ? { caption } : {}), ...(alt !== undefined ? { alt } : {}) })),
  }));
  await writeFileAtomic(page, demoGalleryHtml({ ...gallery, sections }));
  return page;
}
