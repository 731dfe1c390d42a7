import { readdir, readFile, stat } from 'node:fs/promises';
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

/** Reads a label file from a path or an http(s) URL (see `parseLabels` for the layouts). */
export async function readLabelFile(pathOrUrl: string, options: Pick<LoadModelFromUrlOptions, 'fetch'> = {}): Promise<LabelFile> {
  if (WEB.test(pathOrUrl)) {
    const response = await (options.fetch ?? fetch)(pathOrUrl);
    if (!response.ok) throw new ModelLoadError(pathOrUrl, `HTTP ${response.status} ${response.statusText}`.trim());
    return { name: pathOrUrl, bytes: new Uint8Array(await response.arrayBuffer()) };
  }
  const path = resolve(pathOrUrl);
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new ModelLoadError(path, error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.message})`, { cause: error });
  });
  const file = { name: path, bytes: new Uint8Array(bytes) };
  parseLabels(file.bytes, file.name);
  return file;
}
