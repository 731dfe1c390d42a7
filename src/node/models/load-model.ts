import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickEntry } from '../../io/file-list-source.ts';
import { parseLabels } from '../../io/labels.ts';
import { loadModelFromSource } from '../../io/load-from-source.ts';
import { loadModelFromUrl, type LoadModelFromUrlOptions } from '../../io/load-model-browser.ts';
import type { LabelFile, LoadedModel } from '../../io/loaded-model.ts';
import { ModelLoadError } from '../../io/model-load-error.ts';
import { directorySource } from './directory-source.ts';
import { check } from '../../core/errors.ts';
import { checkSize, resolveLoadLimits } from '../../io/limits.ts';
import { fetchBounded } from '../../io/bounded-fetch.ts';
import { readRegularFile, UnreadableFileError } from '../read-regular-file.ts';

/** Options of the Node {@link loadModel}. */
export interface NodeLoadModelOptions extends Omit<LoadModelFromUrlOptions, 'labels'> {
  /**
   * Class names, a label file as bytes, or the path (or http(s) URL) of a label file. Default: the
   * labels found beside the model (Teachable Machine metadata.json, labels.json, labels.txt, dict.txt).
   */
  readonly labels?: readonly string[] | LabelFile | string;
}

const WEB = /^https?:\/\//i;

/**
 * Loads a model in Node from a file path, a folder path, a `file://` URL or an http(s) URL, telling
 * the format from the content: TF.js layers or graph model.json (weights read from disk with no
 * tfjs-node), a Teachable Machine export, a Keras `.h5` or a Keras 3 `.keras` file. A folder
 * means its model.json, else its only Keras file.
 */
export async function loadModel(pathOrUrl: string, options: NodeLoadModelOptions = {}): Promise<LoadedModel> {
  check(typeof pathOrUrl === 'string' && pathOrUrl.length > 0, 'pathOrUrl', 'expected a file or folder path, or an http(s) or file:// URL');
  const { labels: given, ...rest } = options;
  const labels = typeof given === 'string' ? await readLabelFile(given, options) : given;
  const resolved: LoadModelFromUrlOptions = { ...rest, ...(labels !== undefined ? { labels } : {}) };
  if (WEB.test(pathOrUrl)) return loadModelFromUrl(pathOrUrl, resolved);
  const path = resolve(pathOrUrl.startsWith('file:') ? fileURLToPath(pathOrUrl) : pathOrUrl);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ModelLoadError(path, error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.message})`, { cause: error });
  });
  if (info.isDirectory()) {
    return loadModelFromSource(directorySource(path), pickEntry(await readdir(path), `folder ${path}`), resolved);
  }
  return loadModelFromSource(directorySource(dirname(path)), basename(path), resolved);
}

/**
 * Reads a label file from a path or an http(s) URL (see `parseLabels` for the layouts): a regular
 * file of at most `maxJsonBytes`; a URL under the read and load timeouts.
 */
export async function readLabelFile(
  pathOrUrl: string,
  options: Pick<LoadModelFromUrlOptions, 'fetch' | 'maxJsonBytes' | 'readTimeoutMs' | 'loadTimeoutMs'> = {},
): Promise<LabelFile> {
  const { maxJsonBytes, readTimeoutMs, loadTimeoutMs } = resolveLoadLimits(options);
  if (WEB.test(pathOrUrl)) {
    const timing = { readTimeoutMs, loadTimeoutMs, deadline: Date.now() + loadTimeoutMs };
    const fetchFile = options.fetch ?? ((url, init) => fetch(url, init));
    const bytes = await fetchBounded(pathOrUrl, { bytes: maxJsonBytes, key: 'maxJsonBytes' }, false, fetchFile, timing);
    return { name: pathOrUrl, bytes: bytes as Uint8Array };
  }
  const path = resolve(pathOrUrl);
  const bytes = await readRegularFile(path, maxJsonBytes).catch((error: unknown) => {
    if (!(error instanceof UnreadableFileError)) throw error;
    if (error.reason === 'too-large') checkSize(path, error.size as number, maxJsonBytes, 'maxJsonBytes');
    throw new ModelLoadError(path, error.reason === 'missing' ? 'does not exist' : error.message, { cause: error });
  });
  const file = { name: path, bytes };
  parseLabels(file.bytes, file.name);
  return file;
}
