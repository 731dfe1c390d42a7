/**
 * The images a `saliency batch` run explains: those `--images` names, less this command's outputs
 * when `--out` is the images folder or the folder holds an earlier run's record (so a rerun never
 * explains its own maps and overlays).
 */
import { access, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BATCH_STATE_FILE, recordedOutputs } from './batch-state.ts';
import { listImages } from './image-list.ts';

/** File names `batch` writes besides its per-image outputs. */
const OWN_FILES = new Set([BATCH_STATE_FILE, 'index.html']);
/** Endings of the pictures `batch` writes for each image. */
const OWN_PICTURE = /\.(image|map|overlay)\.png$/;

/** The images to explain and the files skipped as outputs of this command. */
export interface BatchInputs {
  readonly paths: string[];
  readonly skipped: string[];
}

/**
 * Lists the images of `spec` (see `listImages`). When `out` is the folder they are in, or that folder
 * holds a `batch` record (it was some run's --out), files that are outputs of `batch` are left out:
 * those a run recorded, the gallery and the record, the hidden temporaries, and pictures named as
 * `batch` names its own (`*.image.png`, `*.map.png`, `*.overlay.png`).
 */
export async function batchInputs(spec: string, out: string): Promise<BatchInputs> {
  const listed = await listImages(spec);
  if (listed.length === 0) return { paths: [], skipped: [] };
  const folder = await realpath(dirname(listed[0] as string));
  const target = await realpath(resolve(out)).catch(() => resolve(out));
  const holdsRecord = await access(join(folder, BATCH_STATE_FILE)).then(() => true, () => false);
  if (folder !== target && !holdsRecord) return { paths: listed, skipped: [] };
  const recorded = await recordedOutputs(folder);
  const own = (name: string): boolean => recorded.has(name) || OWN_FILES.has(name) || OWN_PICTURE.test(name) || /^\..+\.tmp$/.test(name);
  return { paths: listed.filter((p) => !own(basename(p))), skipped: listed.filter((p) => own(basename(p))) };
}
