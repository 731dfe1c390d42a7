import { fileListSource, type PickedFile } from './file-list-source.ts';
import { loadModelFromSource } from './load-from-source.ts';
import type { LoadedModel, LoadModelOptions } from './loaded-model.ts';
import { urlSource, type FetchFunction } from './url-source.ts';

/** Options of {@link loadModelFromUrl}. */
export interface LoadModelFromUrlOptions extends LoadModelOptions {
  /** The fetch used for every file. Default: the global `fetch`. */
  readonly fetch?: FetchFunction;
}

/**
 * Loads a model from a URL: a model.json (layers, graph or Teachable Machine export), a Keras `.h5`
 * or `.keras` file, or a folder URL ending in `/` (its model.json). Weight files are fetched relative
 * to the model's folder and may not leave it. Beside a model.json, `metadata.json`, `labels.json`
 * `labels.txt` and `dict.txt` are tried for labels (a 403/404 means absent). Every request times out
 * (`readTimeoutMs`, `loadTimeoutMs`) and every file is bounded (`maxModelBytes`, `maxJsonBytes`).
 */
export async function loadModelFromUrl(url: string | URL, options: LoadModelFromUrlOptions = {}): Promise<LoadedModel> {
  const { source, entry } = urlSource(url, options.fetch, options);
  return loadModelFromSource(source, entry, options);
}

/**
 * Loads a model from files the user picked or dropped: model.json with its weight files (and
 * optionally metadata.json / labels.json / labels.txt / dict.txt), or one Keras `.h5` / `.keras` file.
 */
export async function loadModelFromFiles(
  files: Iterable<PickedFile> | ArrayLike<PickedFile>,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const { source, entry } = fileListSource(files);
  return loadModelFromSource(source, entry, options);
}
