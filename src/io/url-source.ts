/** Model files over HTTP(S), relative to the model's own URL, bounded in size, time and place. */
import { fetchBounded, type FetchFunction } from './bounded-fetch.ts';
import { resolveLoadLimits, type LoadLimits, type ReadLimit } from './limits.ts';
import { baseName, type ModelSource } from './model-source.ts';
import { insideFolder } from './url-containment.ts';
import { SaliencyError } from '../core/errors.ts';

export type { FetchFunction } from './bounded-fetch.ts';

/**
 * A {@link ModelSource} over HTTP(S): files are fetched relative to the folder of `entryUrl`, and a
 * path whose resolved URL leaves that folder or its origin is refused before any request. Every
 * request fails after `readTimeoutMs` without bytes from the server, and the whole load after
 * `loadTimeoutMs` (counted from this call); bodies larger than the read's limit are refused by
 * their Content-Length, or cut off as they arrive. Returns the source and the main file's name.
 */
export function urlSource(
  entryUrl: string | URL,
  fetchFile: FetchFunction = (url, init) => fetch(url, init),
  limits: LoadLimits = {},
): { source: ModelSource; entry: string } {
  let url: URL;
  try {
    url = new URL(String(entryUrl));
  } catch {
    throw new SaliencyError('INVALID_ARGUMENT', `url: '${String(entryUrl)}' is not an absolute URL (e.g. https://example.com/model/model.json)`, 'url');
  }
  const { readTimeoutMs, loadTimeoutMs } = resolveLoadLimits(limits);
  const deadline = Date.now() + loadTimeoutMs;
  const entry = url.pathname.endsWith('/') ? 'model.json' : baseName(url.pathname);
  const folder = new URL('./', url);
  const locate = (path: string): string => new URL(path, folder).href;
  const fetchBytes = async (path: string, limit: ReadLimit, optional: boolean): Promise<Uint8Array | undefined> =>
    fetchBounded(insideFolder(path, folder, locate(entry)), limit, optional, fetchFile, { readTimeoutMs, loadTimeoutMs, deadline });
  const source: ModelSource = {
    locate,
    read: async (path, limit) => (await fetchBytes(path, limit, false)) as Uint8Array,
    readOptional: (path, limit) => fetchBytes(path, limit, true),
  };
  return { source, entry };
}
