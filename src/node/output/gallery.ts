import { join } from 'node:path';
import type { RgbaImage } from '../../core/image.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { SORT_SCRIPT, TABLE_CSS } from './html-table.ts';
import { writePng } from './png.ts';
import { escapeHtml } from '../../render/escape-html.ts';

/** One picture of a gallery page. */
export interface GalleryFigure {
  /** Path of the picture relative to the page, with `/` between folders (absolute paths and URLs are refused). */
  readonly src: string;
  /** Text under the picture. Default: none. */
  readonly caption?: string;
  /** Text for screen readers. Default: the caption. */
  readonly alt?: string;
}

/** A titled group of figures. */
export interface GallerySection<F = GalleryFigure> {
  readonly title: string;
  /** A paragraph under the title. Default: none. */
  readonly text?: string;
  readonly figures: readonly F[];
  /**
   * Trusted markup placed after the figures (a sortable table of `html-table.ts`, an SVG chart): the
   * caller escapes what it puts in. Default: none.
   */
  readonly html?: string;
}

/** A static HTML page of pictures: a title and sections of captioned figures. */
export interface Gallery<F = GalleryFigure> {
  readonly title: string;
  /**
   * 'tiles' (default): figures side by side, each at most 20rem wide (single maps and overlays);
   * 'wide': one figure under another at its own width (grids of many panels).
   */
  readonly layout?: 'tiles' | 'wide';
  /** A paragraph under the title. Default: none. */
  readonly text?: string;
  readonly sections: readonly GallerySection<F>[];
}

/** A figure of {@link writeImageGallery}: the picture itself and the file name it gets. */
export interface ImageFigure {
  readonly image: RgbaImage;
  /** Plain file name in the gallery folder, ending in `.png`. */
  readonly file: string;
  readonly caption?: string;
  readonly alt?: string;
}

export { escapeHtml };

/**
 * The gallery as one self-contained HTML page (inline CSS, no network; scripts only the table sorter, on pages
 * whose sections carry tables): every text
 * escaped, every picture linked by its relative path (each segment percent-encoded).
 */
export function galleryHtml(gallery: Gallery): string {
  const paragraph = (text?: string): string => (text ? `<p>${escapeHtml(text)}</p>\n` : '');
  const withTables = gallery.sections.some((section) => section.html);
  const sections = gallery.sections.map((section, s) => {
    const figures = section.figures.map((figure, f) => {
      const alt = figure.alt ?? figure.caption ?? '';
      const caption = figure.caption ? `<figcaption>${escapeHtml(figure.caption)}</figcaption>` : '';
      const src = relativeUrl(figure.src, `sections[${s}].figures[${f}].src`);
      return `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}" loading="lazy">${caption}</figure>`;
    });
    return `<section>\n<h2>${escapeHtml(section.title)}</h2>\n${paragraph(section.text)}<div class="figures">\n${figures.join('\n')}\n</div>\n${section.html ?? ''}</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(gallery.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; max-width: 20rem; }
figure img { max-width: 100%; image-rendering: pixelated; border: 1px solid #ddd; }
figcaption { font-size: 0.9rem; margin-top: 0.25rem; }
${gallery.layout === 'wide' ? '.figures { flex-direction: column; align-items: flex-start; }\nfigure { max-width: 100%; }\n' : ''}${withTables ? `${TABLE_CSS}\n` : ''}</style>
</head>
<body>
<h1>${escapeHtml(gallery.title)}</h1>
${paragraph(gallery.text)}${sections.join('\n')}
${withTables ? SORT_SCRIPT : ''}</body>
</html>
`;
}

/** Writes {@link galleryHtml} to `path`, atomically. */
export async function writeGallery(path: string, gallery: Gallery): Promise<void> {
  await writeFileAtomic(path, galleryHtml(gallery));
}

/**
 * Writes each picture as a PNG into `directory` and an `index.html` page that shows them (the
 * pictures first, the page last, each atomically). Returns the path of the page.
 */
export async function writeImageGallery(directory: string, gallery: Gallery<ImageFigure>): Promise<string> {
  const seen = new Set<string>();
  gallery.sections.forEach((section, s) =>
    section.figures.forEach(({ file }, f) => {
      if (!/^[\w][\w.-]*\.png$/i.test(file) || file === 'index.html' || seen.has(file)) {
        throw new RangeError(
          `sections[${s}].figures[${f}].file: expected a unique plain file name ending in .png (letters, digits, . _ -), got '${file}'`,
        );
      }
      seen.add(file);
    }),
  );
  for (const section of gallery.sections) {
    for (const figure of section.figures) await writePng(join(directory, figure.file), figure.image);
  }
  const page = join(directory, 'index.html');
  await writeGallery(page, {
    ...gallery,
    sections: gallery.sections.map((section) => ({
      ...section,
      figures: section.figures.map(({ file, caption, alt }) => ({ src: file, caption, alt })),
    })),
  });
  return page;
}

function relativeUrl(path: string, argument: string): string {
  if (path === '' || path.startsWith('/') || path.startsWith('\\') || /^[a-z][a-z0-9+.-]*:/i.test(path)) {
    throw new RangeError(`${argument}: expected a path relative to the page, got '${path}'`);
  }
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}
