/**
 * The end of a `saliency batch` run, whatever the model: the HTML gallery of the finished images
 * (and of those that could not be read), then an error naming the unread images, if any.
 */
import { basename, join } from 'node:path';
import { writeGallery } from '../node/output/gallery.ts';
import type { FinishedImage } from './batch-state.ts';
import type { FailedImage } from './tables/results-file.ts';

export type { FailedImage } from './tables/results-file.ts';

/** Writes `out`/index.html for `paths` and returns its path; throws afterwards when some images failed. */
export async function finishBatch(
  out: string,
  run: { readonly title: string; readonly method: string; readonly paths: readonly string[] },
  finished: ReadonlyMap<string, FinishedImage>,
  failed: readonly FailedImage[],
  print: (line: string) => void,
): Promise<string> {
  const { paths } = run;
  const page = join(out, 'index.html');
  await writeGallery(page, {
    title: run.title,
    text: `${paths.length} images; method ${run.method}.${failed.length ? ` ${failed.length} could not be read.` : ''}`,
    sections: [
      ...paths.flatMap((p) => {
        const f = finished.get(p);
        return f ? [{ title: f.caption, figures: f.outputs.filter((o) => o.endsWith('.png')).map((src) => ({ src, caption: src })) }] : [];
      }),
      ...failed.map((f) => ({ title: `${basename(f.image)}: could not be read`, text: f.reason, figures: [] })),
    ],
  });
  print(`wrote ${page}`);
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${paths.length} images could not be read (${failed.map((f) => basename(f.image)).join(', ')}); ` +
        `the other ${paths.length - failed.length} are explained in ${out}`,
    );
  }
  return page;
}
