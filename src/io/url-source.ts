import { ModelLoadError } from './model-load-error.ts';
import { baseName, type ModelSource } from './model-source.ts';
import { SaliencyError } from '../core/errors.ts';

/** The `fetch` a URL source uses (the global one by default; pass your own for headers or caching). */
export type FetchFunction = (url: string) => Promise<Response>;

/** HTTP statuses that mean "no such file" for an optional companion file. */
const ABSENT = new Set([403, 404, 410]);

/**
 * A {@link ModelSource} over HTTP(S): files are fetched relative to the folder of `entryUrl`.
 * Returns the source and the main file's name.
 */
export function urlSource(entryUrl: string | URL, fetchFile: FetchFunction = (url) => fetch(url)): { source: ModelSource; entry: string } {
  let url: URL;
  try {
    url = new URL(String(entryUrl));
  } catch {
    throw new SaliencyError('INVALID_ARGUMENT', `url: '${String(entryUrl)}' is not an absolute URL (e.g. https://example.com/model/model.json)`, 'url');
  }
  const entry = url.pathname.endsWith('/') ? 'model.json' : baseName(url.pathname);
  const folder = new URL('./', url);
  const locate = (path: string): string => new URL(path, folder).href;
  const get = async (path: string): Promise<Response> => {
    try {
      return await fetchFile(locate(path));
    } catch (error) {
      throw new ModelLoadError(locate(path), `cannot be fetched (${(error as Error).message})`, { cause: error });
    }
  };
  const body = async (path: string, response: Response): Promise<Uint8Array> => {
    if (!response.ok) throw new ModelLoadError(locate(path), `HTTP ${response.status} ${response.statusText}`.trim());
    return new Uint8Array(await response.arrayBuffer());
  };
  const source: ModelSource = {
    locate,
    read: async (path) => body(path, await get(path)),
    readOptional: async (path) => {
      const response = await get(path);
      return ABSENT.has(response.status) ? undefined : body(path, response);
    },
  };
  return { source, entry };
}
